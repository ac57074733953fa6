/**
 * Activation functions as modules, derived from the activation table (src/activation/table.ts):
 * one Activation subclass per entry, with PyTorch's class names, option names (camelCase) and
 * defaults, typed by the entry: `new ReLU()`, `new LeakyReLU({ negativeSlope: 0.2 })`,
 * `new GELU({ approximate: 'tanh' })`, or generically `new Activation('leakyRelu', { negativeSlope: 0.2 })`.
 * PReLU has a learnable weight; Softmax and LogSoftmax work along an axis.
 * `activationModule(name, params)` builds any of them by table name.
 *
 * Shapes: any → the same (Softmax, LogSoftmax: any → the same, normalised along `dim`).
 */
import {
  activations, fixedActivationNames, getActivation, perFixedActivation, resolveParams,
  type Activation as ActivationSpec, type ActivationConstructors, type ActivationParams, type FixedActivationName,
} from '../activation/table.js';
import { ArgumentError } from '../errors.js';
import { full } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** An elementwise activation of the table with fixed options, as a module. */
export class Activation extends Module {
  /** The table entry it applies: its name, formula and options (see {@link activations}). */
  readonly spec: ActivationSpec;
  /** The options with PyTorch's defaults filled in (validated by resolveParams). */
  readonly params: Readonly<ActivationParams>;

  /** The activation of the table named `name` with its options (PyTorch's defaults for those left out). */
  constructor(name: string, params?: ActivationParams) {
    super();
    this.spec = getActivation(name);
    if (this.spec.name === 'prelu') {
      throw new ArgumentError("Activation: 'prelu' has a learnable weight; use new PReLU() or activationModule('prelu')");
    }
    this.params = Object.freeze(resolveParams(this.spec, params));
  }

  forward(x: Tensor): Tensor {
    return x.activation(this.spec.name, this.params);
  }

  override get typeName(): string {
    return this.spec.moduleName;
  }

  override extraRepr(): string {
    return Object.entries(this.params)
      .map(([key, value]) => `${key}=${typeof value === 'string' ? `'${value}'` : value}`)
      .join(', ');
  }
}

/** One Activation subclass per fixed entry of the table, with PyTorch's class name, by table name. */
const classesByName: Readonly<Record<string, new (options?: ActivationParams) => Activation>> = Object.fromEntries(
  fixedActivationNames.map((name) => {
    const moduleClass = class extends Activation {
      constructor(options?: ActivationParams) {
        super(name, options);
      }
    };
    Object.defineProperty(moduleClass, 'name', { value: getActivation(name).moduleName });
    return [name, moduleClass];
  }),
);

/** The same classes typed by their entries: moduleClasses.leakyRelu is nn.LeakyReLU, `new (options?: { negativeSlope?: number })`. */
const moduleClasses = perFixedActivation<ActivationConstructors<Activation>>((name) => classesByName[name]);

// ES modules need their exported names written out: each entry's PyTorch class name, and tsc
// fails on AllExported below when one is missing.
/**
 * An activation of the table as a module with fixed options, `new LeakyReLU({ negativeSlope: 0.2 })`,
 * PyTorch's class of the same name: its formula, PyTorch's defaults and shapes are on the table
 * entry (`activations.leakyRelu`), which an editor shows on the Tensor method, `x.leakyRelu`.
 */
export const {
  relu: ReLU, sigmoid: Sigmoid, tanh: Tanh, leakyRelu: LeakyReLU, elu: ELU, selu: SELU, celu: CELU, gelu: GELU,
  silu: SiLU, mish: Mish, softplus: Softplus, softsign: Softsign, hardtanh: Hardtanh, hardsigmoid: Hardsigmoid,
  hardswish: Hardswish, relu6: ReLU6, logSigmoid: LogSigmoid, tanhshrink: Tanhshrink, softshrink: Softshrink,
  hardshrink: Hardshrink, threshold: Threshold,
} = moduleClasses;
type AllExported<Missing extends never> = Missing;
type EveryClassExported = AllExported<
  Exclude<(typeof activations)[FixedActivationName]['moduleName'], keyof typeof import('./activation.js')>
>;

/**
 * PReLU: x for x > 0, weight·x otherwise, with a learnable weight: one value shared by all
 * channels (numParameters = 1) or one per channel (axis 1 of the input; axis 0 for 1-D input),
 * each starting at `init` (0.25), as PyTorch's nn.PReLU.
 */
export class PReLU extends Module {
  /** The learnable slopes for x < 0, shape [numParameters]. */
  weight: Parameter;

  /** PReLU with `numParameters` learnable slopes (1, or one per channel), each starting at `init` (0.25), as torch.nn.PReLU. */
  constructor(options: { numParameters?: number; init?: number; dtype?: 'float32' | 'float64' } = {}) {
    super();
    const { numParameters = 1, init = 0.25, dtype } = options;
    if (!Number.isInteger(numParameters) || numParameters < 1) {
      throw new ArgumentError(`PReLU: numParameters must be a positive integer, got ${numParameters}`);
    }
    this.weight = new Parameter(full([numParameters], init, { dtype }));
  }

  forward(x: Tensor): Tensor {
    return x.prelu(this.weight);
  }

  override extraRepr(): string {
    return `numParameters=${this.weight.size}`;
  }
}

/** softmax along `dim`: exp(x) / Σ exp(x), stable for large inputs. */
export class Softmax extends Module {
  /** Softmax along `dim` (the last axis by default). */
  constructor(
    /** The axis the probabilities sum to 1 along; negative counts from the end (−1, the last, by default). */
    readonly dim = -1,
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.softmax(this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/** log(softmax(x)) along `dim`, as x − logsumexp(x). */
export class LogSoftmax extends Module {
  /** Log-softmax along `dim` (the last axis by default). */
  constructor(
    /** The axis normalized over; negative counts from the end (−1, the last, by default). */
    readonly dim = -1,
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.logSoftmax(this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/** A class of modules, whatever its constructor takes (activationModules' values). */
export type ModuleClass = abstract new (...args: never) => Module;

/**
 * The module class of every table entry, by table name: for instanceof checks and listings.
 * Build modules with activationModule(), which knows that PReLU's options are { numParameters, init }.
 */
export const activationModules: Readonly<Record<string, ModuleClass>> = Object.freeze({
  ...moduleClasses,
  prelu: PReLU,
});

/**
 * The module for a table activation, by name ('relu', 'leakyRelu'; PyTorch spellings get a
 * suggestion) with its options checked against the table. 'prelu' gives a learnable PReLU whose
 * weight starts at params.weight (0.25), in `dtype`.
 */
export function activationModule(name: string, params?: ActivationParams, options: { dtype?: 'float32' | 'float64' } = {}): Module {
  const spec = getActivation(name);
  const resolved = resolveParams(spec, params);
  if (spec.name === 'prelu') return new PReLU({ init: resolved.weight as number, dtype: options.dtype });
  return new classesByName[spec.name](resolved);
}
