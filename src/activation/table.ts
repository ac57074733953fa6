/**
 * Activation functions as data: name, formula, PyTorch's options and defaults, forward and
 * derivative on one number. This table is the one list of activations: the tensor op and its
 * gradient rule, the Tensor methods (x.leakyRelu({ negativeSlope: 0.2 })), the op functions, the nn
 * module classes (nn.LeakyReLU), the CLI's `activations` and `plot`, the playground's menu and the
 * PyTorch reference script (through `perceptron activations --json`) all read it. Adding an
 * activation is one entry here, its doc comment (what an editor shows on x.name and nn.ClassName),
 * its class name in the export lists of src/ops/activation.ts and src/nn/activation.ts (ES modules
 * need exported names written out; tsc names the one left out) and its reference values.
 *
 * Semantics, defaults and parameter names are PyTorch's (torch.nn.functional, in camelCase), and
 * so is the derivative at every kink: it is the value torch.autograd returns there (relu'(0) = 0,
 * leakyRelu'(0) = negativeSlope, elu'(0) = alpha, hardswish'(±3) = ±3/3 + 1/2, …), pinned by
 * test/golden/activations.json from scripts/reference/activations.py.
 *
 * forward and derivative expect options that went through resolveParams (all present, right
 * types); kernels call them once per element, so they do not check again. Every entry stays
 * finite for finite inputs, however large (±1e30, ±1e300).
 *
 * Precision is PyTorch's too. Its CPU kernels convert each option to the tensor's dtype before
 * using it (`lambd.to<scalar_t>()`) and compute in that dtype: on float32 a kink such as
 * hardshrink's |x| > lambd compares two float32s, and −0.4f (−0.40000000596…) is not beyond
 * lambd = 0.4f, though it is beyond the double 0.4. So a kernel on float32 values passes
 * roundParams(p, Math.fround) and `round` = Math.fround, and an entry rounds with `round` each
 * intermediate PyTorch keeps in the tensor's dtype where it decides a branch or meets an option
 * (softplus's beta·x, the ELU family's coefficients). A single +, −, × or ÷ of float32 values needs
 * no `round`: computed in float64 and stored as float32, it is the float32 operation's result.
 */

import { PerceptronError } from '../errors.js';
import { erfc } from './erf.js';

/** Options as kernels receive them, by name: { negativeSlope: 0.2 }. */
export type ActivationParams = Record<string, number | string>;

/** Rounding to the precision of the values computed on: Math.fround for float32, `unrounded` for float64. */
export type Rounding = (value: number) => number;

/** float64's rounding: none. */
export const unrounded: Rounding = (value) => value;

/** A number option with PyTorch's default; `default: undefined` when PyTorch has none and it must be given. */
export interface NumberOption {
  /** Tells a number option from a {@link ChoiceOption}. */
  readonly type: 'number';
  /** PyTorch's default value, used when the caller leaves the option out; undefined if it must be given. */
  readonly default: number | undefined;
}

/** A number option PyTorch gives a default: leakyRelu's negativeSlope, 0.01. */
interface DefaultedNumberOption extends NumberOption {
  /** PyTorch's default value, used when the caller leaves the option out. */
  readonly default: number;
}

/** A number option PyTorch's signature has no default for, such as nn.Threshold(threshold, value): the caller must give it. */
interface RequiredNumberOption extends NumberOption {
  /** Always undefined: there is no default. */
  readonly default: undefined;
}

/** A string option that takes one of a few values (GELU's approximate: 'none' | 'tanh'). */
export interface ChoiceOption<C extends string = string> {
  /** Tells a choice option from a {@link NumberOption}. */
  readonly type: 'string';
  /** The values it accepts; resolveParams rejects any other. */
  readonly choices: readonly C[];
  /** PyTorch's default, one of `choices`. */
  readonly default: C;
}

export type OptionSpec = NumberOption | ChoiceOption;
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

const number = (defaultValue: number): DefaultedNumberOption => ({ type: 'number', default: defaultValue });
const requiredNumber: RequiredNumberOption = { type: 'number', default: undefined };
const oneOf = <const C extends string>(choices: readonly C[], defaultValue: NoInfer<C>): ChoiceOption<C> => ({
  type: 'string',
  choices,
  default: defaultValue,
});

type ValueOf<S> = S extends ChoiceOption<infer C> ? C : number;
type RequiredKeys<O> = { [K in keyof O]: O[K] extends { readonly default: undefined } ? K : never }[keyof O];
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * Options as a caller gives them: those with a default may be left out ({ negativeSlope?: number }).
 * Mapped over `keyof O` (filtered by `as`), so that each option keeps its doc comment from the table.
 */
export type GivenOptions<O> = Simplify<
  { -readonly [K in keyof O as K extends RequiredKeys<O> ? never : K]?: ValueOf<O[K]> } & {
    -readonly [K in keyof O as K extends RequiredKeys<O> ? K : never]: ValueOf<O[K]>;
  }
>;

/** Options after resolveParams: every one present. */
export type ResolvedOptions<O> = { readonly [K in keyof O]: ValueOf<O[K]> };

/** How a function of the table takes its options: not at all, optionally, or necessarily. */
export type OptionArguments<O> = [keyof O] extends [never]
  ? []
  : [RequiredKeys<O>] extends [never]
    ? [options?: GivenOptions<O>]
    : [options: GivenOptions<O>];

/** An entry of the table, with its option types erased (what getActivation returns). */
export interface Activation {
  /** camelCase API name: 'leakyRelu'. */
  readonly name: string;
  /** PyTorch functional name: 'leaky_relu'. */
  readonly torchName: string;
  /** PyTorch (and our) nn module class name: 'LeakyReLU'. */
  readonly moduleName: string;
  /** Human readable formula. */
  readonly formula: string;
  /** The options, camelCase, with their types and PyTorch's defaults. */
  readonly options: OptionSpecs;
  /** PyTorch's defaults, camelCase: { negativeSlope: 0.01 } (options without a default are absent). */
  readonly defaults: Readonly<ActivationParams>;
  /** The options that must be given, as PyTorch has no default for them: ['threshold', 'value']. */
  readonly required: readonly string[];
  /**
   * PReLU only: in the op and the module its slope is a learnable tensor (x.prelu(weight),
   * nn.PReLU); the entry holds one number for it, so that it can be plotted. The derived Tensor
   * methods, op functions and module classes leave such entries to their hand-written versions.
   */
  readonly learnable: boolean;
  /** y at x; `round` and `p` as the values' dtype has them (see roundParams; float64 by default). */
  forward(x: number, p: ActivationParams, round?: Rounding): number;
  /** dy/dx at x, given y = forward(x); PyTorch's choice at kinks (relu'(0) = 0, etc.). */
  derivative(x: number, y: number, p: ActivationParams, round?: Rounding): number;
}

/** An entry with the types of its options kept, as the table holds it. */
export interface TypedActivation<O extends OptionSpecs, L extends boolean, M extends string = string> extends Activation {
  readonly moduleName: M;
  readonly options: O;
  readonly learnable: L;
  forward(x: number, p: ResolvedOptions<O>, round?: Rounding): number;
  derivative(x: number, y: number, p: ResolvedOptions<O>, round?: Rounding): number;
}

/** getActivation was asked for a name the table does not have. */
export class UnknownActivationError extends PerceptronError {
  /** `requested` is not in the table: the message lists `validNames`, and the closest one when there is one. */
  constructor(
    /** The name asked for, as given. */
    readonly requested: string,
    /** Every name the table has, in table order. */
    readonly validNames: readonly string[],
    suggestion?: string,
  ) {
    super(
      `unknown activation '${requested}'` +
        (suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`) +
        `; valid names: ${validNames.join(', ')}`,
    );
  }
}

/** resolveParams was given an option the activation does not have, a value it cannot take, or too few. */
export class ActivationParamError extends PerceptronError {
  constructor(
    readonly activation: string,
    readonly param: string,
    message: string,
  ) {
    super(`${activation}: ${message}`);
  }
}

// Shared scalar pieces. Each is stable for any finite x: no exp of a large positive number.

/** σ(x) = 1/(1 + e^(−x)), via e^(−|x|) so that neither side overflows. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + e^x) = max(x, 0) + log1p(e^(−|x|)). */
function log1pExp(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** max(0, x) + slope · min(0, x), and its derivative with PyTorch's slope at 0 (x > 0 ? 1 : slope). */
const leaky = (x: number, slope: number): number => (x > 0 ? x : slope * x);
const leakySlope = (x: number, slope: number): number => (x > 0 ? 1 : slope);

/** min(max(x, low), high); derivative 0 at both boundaries, as torch's hardtanh_backward. */
const clamp = (x: number, low: number, high: number): number => Math.min(Math.max(x, low), high);
const clampSlope = (x: number, low: number, high: number): number => (x <= low || x >= high ? 0 : 1);

/**
 * The ELU family as torch's elu kernel computes it (aten/src/ATen/native/cpu/Activation.cpp):
 * x > 0 ? scale·x : alpha·scale · (e^(x·inputScale) − 1), x = 0 taking the left branch, with
 * alpha·scale and x·inputScale in the values' precision. alpha and scale come rounded (roundParams,
 * or `round` for SELU's constants); inputScale multiplies x (CELU's 1/alpha), as torch's
 * `input_scale`. The slope on the left is alpha·scale·inputScale · e^(x·inputScale).
 */
const eluForm = (x: number, alpha: number, scale: number, inputScale: number, round: Rounding): number =>
  x > 0 ? scale * x : round(alpha * scale) * Math.expm1(round(x * inputScale));
const eluSlope = (x: number, alpha: number, scale: number, inputScale: number, round: Rounding): number =>
  x > 0 ? scale : round(inputScale * round(alpha * scale)) * Math.exp(round(x * inputScale));

/** Shrinkage: zero on [−lambd, lambd] (ends included), slope 0 there and 1 outside. */
const insideBand = (x: number, lambd: number): boolean => x >= -lambd && x <= lambd;

// SELU's constants, as in torch/nn/functional.py (Klambauer et al. 2017, eq. 14).
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

const SQRT1_2 = Math.SQRT1_2;
const ONE_OVER_SQRT_2PI = 0.3989422804014327; // 1/√(2π), the peak of the normal density
const SQRT_2_OVER_PI = 0.7978845608028654; // √(2/π), the tanh approximation's scale
const GELU_TANH_CUBIC = 0.044715;

/**
 * GELU's tanh approximation x/2 · (1 + tanh(u)), u = √(2/π)(x + 0.044715 x³), written as
 * x · σ(2u), since 1 + tanh(u) = 2σ(2u): no cancellation for negative x, no overflow for large |x|.
 */
function geluTanh(x: number): number {
  return x * sigmoid(2 * SQRT_2_OVER_PI * (x + GELU_TANH_CUBIC * x * x * x));
}

function geluTanhSlope(x: number): number {
  const u2 = 2 * SQRT_2_OVER_PI * (x + GELU_TANH_CUBIC * x * x * x);
  const s = sigmoid(u2);
  const sc = sigmoid(-u2);
  // d/dx x·σ(2u) = σ(2u) + x · 2σ(2u)σ(−2u) · u'. Once σ(2u)σ(−2u) underflows to 0 the second
  // term is 0, even where x·u' has overflowed (x ≈ 1e103 and up).
  if (s * sc === 0) return s;
  return s + x * 2 * s * sc * SQRT_2_OVER_PI * (1 + 3 * GELU_TANH_CUBIC * x * x);
}

/** 1 − tanh²(s) for s ≥ 0, as 4e/(1 + e)² with e = e^(−2s): no cancellation, no overflow. */
function sech2(s: number): number {
  const e = Math.exp(-2 * s);
  return (4 * e) / ((1 + e) * (1 + e));
}

interface EntrySpec<O extends OptionSpecs, L extends boolean, M extends string> {
  torchName: string;
  moduleName: M;
  formula: string;
  options: O;
  learnable?: L;
  forward(x: number, p: ResolvedOptions<O>, round?: Rounding): number;
  derivative(x: number, y: number, p: ResolvedOptions<O>, round?: Rounding): number;
}

/** An entry without its name (the table's key gives it), frozen, its defaults and required options read off its options. */
function entry<const O extends OptionSpecs, const L extends boolean, const M extends string>(
  spec: EntrySpec<O, L, M>,
): Omit<TypedActivation<O, L, M>, 'name'> {
  const options = Object.entries(spec.options);
  return {
    ...spec,
    options: Object.freeze({ ...spec.options }),
    defaults: Object.freeze(Object.fromEntries(options.filter(([, o]) => o.default !== undefined).map(([k, o]) => [k, o.default!]))),
    required: Object.freeze(options.filter(([, o]) => o.default === undefined).map(([k]) => k)),
    learnable: (spec.learnable ?? false) as L,
  };
}

// Over Extract<keyof T, string>, not keyof T: a mapped type over keyof T would carry each entry's declaration, and
// TypeDoc would find every doc comment twice (once through Readonly<T>).
type Named<T> = { readonly [K in Extract<keyof T, string>]: { readonly name: K } };

/**
 * Each entry gets its key as its name; the table and its entries are frozen. (Readonly<T> keeps
 * the entries' doc comments in the emitted .d.ts; a mapped type over T alone would drop them.)
 */
function named<T extends Record<string, Omit<Activation, 'name'>>>(entries: T): Readonly<T> & Named<T> {
  return Object.freeze(
    Object.fromEntries(Object.entries(entries).map(([name, e]) => [name, Object.freeze({ ...e, name })])),
  ) as Readonly<T> & Named<T>;
}

/**
 * The table. Each entry's doc comment is what an editor shows on the Tensor method, the op function
 * and the nn class derived from it: the formula, PyTorch's class with its defaults, the shapes.
 */
export const activations = named({
  /**
   * ReLU(x) = max(0, x). As `torch.nn.ReLU()`; relu'(0) = 0.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  relu: entry({
    torchName: 'relu',
    moduleName: 'ReLU',
    formula: 'max(0, x)',
    options: {},
    forward: (x) => Math.max(0, x),
    derivative: (x) => (x > 0 ? 1 : 0),
  }),

  /**
   * Sigmoid(x) = σ(x) = 1 / (1 + exp(−x)). As `torch.nn.Sigmoid()`.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  sigmoid: entry({
    torchName: 'sigmoid',
    moduleName: 'Sigmoid',
    formula: 'σ(x) = 1 / (1 + exp(−x))',
    options: {},
    forward: sigmoid,
    derivative: (_x, y) => y * (1 - y),
  }),

  /**
   * Tanh(x) = (exp(x) − exp(−x)) / (exp(x) + exp(−x)). As `torch.nn.Tanh()`.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  tanh: entry({
    torchName: 'tanh',
    moduleName: 'Tanh',
    formula: 'tanh(x) = (exp(x) − exp(−x)) / (exp(x) + exp(−x))',
    options: {},
    forward: Math.tanh,
    derivative: (_x, y) => 1 - y * y,
  }),

  /**
   * LeakyReLU(x) = max(0, x) + negativeSlope · min(0, x). As `torch.nn.LeakyReLU(negative_slope=0.01)`;
   * the slope at 0 is negativeSlope.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  leakyRelu: entry({
    torchName: 'leaky_relu',
    moduleName: 'LeakyReLU',
    formula: 'max(0, x) + negativeSlope · min(0, x)',
    options: {
      /** Slope of the line for x < 0 (and the derivative at 0); 0.01 by default, PyTorch's negative_slope. */
      negativeSlope: number(0.01),
    },
    forward: (x, p) => leaky(x, p.negativeSlope),
    derivative: (x, _y, p) => leakySlope(x, p.negativeSlope),
  }),

  /**
   * PReLU(x) = max(0, x) + weight · min(0, x), with a learnable weight in `x.prelu(weight)` and
   * `nn.PReLU(numParameters=1, init=0.25)`; here one number, 0.25 by default, so it can be plotted.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  prelu: entry({
    torchName: 'prelu',
    moduleName: 'PReLU',
    formula: 'max(0, x) + weight · min(0, x)',
    options: {
      /** Slope for x < 0, the learnable weight's initial value in nn.PReLU; 0.25 by default, PyTorch's init. */
      weight: number(0.25),
    },
    learnable: true,
    forward: (x, p) => leaky(x, p.weight),
    derivative: (x, _y, p) => leakySlope(x, p.weight),
  }),

  /**
   * ELU(x) = x if x > 0, else alpha · (exp(x) − 1). As `torch.nn.ELU(alpha=1.0)`; elu'(0) = alpha.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  elu: entry({
    torchName: 'elu',
    moduleName: 'ELU',
    formula: 'x if x > 0, else alpha · (exp(x) − 1)',
    options: {
      /** Scale of the negative part: outputs approach −alpha as x → −∞ (and elu'(0) = alpha); 1 by default. */
      alpha: number(1),
    },
    forward: (x, p, round = unrounded) => eluForm(x, p.alpha, 1, 1, round),
    derivative: (x, _y, p, round = unrounded) => eluSlope(x, p.alpha, 1, 1, round),
  }),

  /**
   * SELU(x) = scale · (x if x > 0, else alpha · (exp(x) − 1)) with alpha ≈ 1.6733, scale ≈ 1.0507
   * (Klambauer et al. 2017). As `torch.nn.SELU()`.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  selu: entry({
    torchName: 'selu',
    moduleName: 'SELU',
    formula: 'scale · (x if x > 0, else alpha · (exp(x) − 1)), alpha ≈ 1.6733, scale ≈ 1.0507',
    options: {},
    // torch converts its constants to the tensor's dtype as it does options: on float32, x > 0
    // gives x·(float32 scale) in float32.
    forward: (x, _p, round = unrounded) => eluForm(x, round(SELU_ALPHA), round(SELU_SCALE), 1, round),
    derivative: (x, _y, _p, round = unrounded) => eluSlope(x, round(SELU_ALPHA), round(SELU_SCALE), 1, round),
  }),

  /**
   * CELU(x) = x if x > 0, else alpha · (exp(x / alpha) − 1). As `torch.nn.CELU(alpha=1.0)`.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  celu: entry({
    torchName: 'celu',
    moduleName: 'CELU',
    formula: 'x if x > 0, else alpha · (exp(x / alpha) − 1)',
    options: {
      /** Outputs approach −alpha as x → −∞; the slope at 0⁻ is 1 for any alpha (unlike ELU). 1 by default (0 would divide by zero). */
      alpha: number(1),
    },
    // torch's celu is its elu with input_scale = 1/alpha, a double rounded to the tensor's dtype.
    forward: (x, p, round = unrounded) => eluForm(x, p.alpha, 1, round(1 / p.alpha), round),
    derivative: (x, _y, p, round = unrounded) => eluSlope(x, p.alpha, 1, round(1 / p.alpha), round),
  }),

  /**
   * GELU(x) = x · Φ(x) = x/2 · (1 + erf(x / √2)); with approximate 'tanh',
   * x/2 · (1 + tanh(√(2/π) · (x + 0.044715 · x³))). As `torch.nn.GELU(approximate='none')`.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  gelu: entry({
    torchName: 'gelu',
    moduleName: 'GELU',
    formula:
      "x · Φ(x) = x/2 · (1 + erf(x / √2)); " +
      "approximate 'tanh': x/2 · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))",
    options: {
      /** 'none' (the default) for the exact erf form, 'tanh' for the tanh approximation. */
      approximate: oneOf(['none', 'tanh'], 'none'),
    },
    // Φ(x) = erfc(−x/√2)/2 keeps its digits where Φ is tiny (x ≪ 0).
    forward: (x, p) => (p.approximate === 'tanh' ? geluTanh(x) : 0.5 * x * erfc(-x * SQRT1_2)),
    derivative: (x, _y, p) => {
      if (p.approximate === 'tanh') return geluTanhSlope(x);
      // Φ(x) + x·φ(x); x·φ(x) is 0, not NaN, once x² overflows.
      const density = Math.exp(-0.5 * x * x) * ONE_OVER_SQRT_2PI;
      return 0.5 * erfc(-x * SQRT1_2) + (density === 0 ? 0 : x * density);
    },
  }),

  /**
   * SiLU(x) = x · σ(x) (also called swish). As `torch.nn.SiLU()`.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  silu: entry({
    torchName: 'silu',
    moduleName: 'SiLU',
    formula: 'x · σ(x)',
    options: {},
    forward: (x) => x * sigmoid(x),
    // σ(x) · (1 + x · (1 − σ(x))), with 1 − σ(x) taken as σ(−x).
    derivative: (x) => {
      const s = sigmoid(x);
      return s + x * s * sigmoid(-x);
    },
  }),

  /**
   * Mish(x) = x · tanh(softplus(x)) = x · tanh(log(1 + exp(x))). As `torch.nn.Mish()`.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  mish: entry({
    torchName: 'mish',
    moduleName: 'Mish',
    formula: 'x · tanh(softplus(x)) = x · tanh(log(1 + exp(x)))',
    options: {},
    forward: (x) => x * Math.tanh(log1pExp(x)),
    // tanh(sp) + x · σ(x) · (1 − tanh²(sp)), sp = softplus(x); the product is 0 when sech² is.
    derivative: (x) => {
      const sp = log1pExp(x);
      const sechSquared = sech2(sp);
      return Math.tanh(sp) + (sechSquared === 0 ? 0 : x * sigmoid(x) * sechSquared);
    },
  }),

  /**
   * Softplus(x) = (1 / beta) · log(1 + exp(beta · x)), and x itself where beta · x > threshold.
   * As `torch.nn.Softplus(beta=1, threshold=20)`.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  softplus: entry({
    torchName: 'softplus',
    moduleName: 'Softplus',
    formula: '(1 / beta) · log(1 + exp(beta · x)); x where beta · x > threshold',
    options: {
      /** Sharpness: larger beta brings the curve closer to ReLU; 1 by default (0 would divide by zero). */
      beta: number(1),
      /** Above this value of beta · x the output is x itself (log(1 + e^z) ≈ z there); 20 by default. */
      threshold: number(20),
    },
    // torch compares beta·x, a product in the tensor's dtype, with the threshold: on float32,
    // x = 0.33333334f with beta 3 gives exactly 1, not beyond threshold 1 (the double product is).
    forward: (x, p, round = unrounded) => {
      const scaled = round(p.beta * x);
      return scaled > p.threshold ? x : log1pExp(scaled) / p.beta;
    },
    derivative: (x, _y, p, round = unrounded) => {
      const scaled = round(p.beta * x);
      return scaled > p.threshold ? 1 : sigmoid(scaled);
    },
  }),

  /**
   * Softsign(x) = x / (1 + |x|). As `torch.nn.Softsign()`.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  softsign: entry({
    torchName: 'softsign',
    moduleName: 'Softsign',
    formula: 'x / (1 + |x|)',
    options: {},
    forward: (x) => x / (1 + Math.abs(x)),
    derivative: (x) => {
      const d = 1 + Math.abs(x);
      return 1 / (d * d);
    },
  }),

  /**
   * Hardtanh(x) = min(max(x, minVal), maxVal). As `torch.nn.Hardtanh(min_val=-1.0, max_val=1.0)`;
   * the slope is 0 at both ends.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  hardtanh: entry({
    torchName: 'hardtanh',
    moduleName: 'Hardtanh',
    formula: 'min(max(x, minVal), maxVal)',
    options: {
      /** Lower end of the linear region, the output's minimum; −1 by default, PyTorch's min_val. */
      minVal: number(-1),
      /** Upper end of the linear region, the output's maximum; 1 by default, PyTorch's max_val. */
      maxVal: number(1),
    },
    forward: (x, p) => clamp(x, p.minVal, p.maxVal),
    derivative: (x, _y, p) => clampSlope(x, p.minVal, p.maxVal),
  }),

  /**
   * Hardsigmoid(x) = min(max(x + 3, 0), 6) / 6. As `torch.nn.Hardsigmoid()`.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  hardsigmoid: entry({
    torchName: 'hardsigmoid',
    moduleName: 'Hardsigmoid',
    formula: 'min(max(x + 3, 0), 6) / 6',
    options: {},
    forward: (x) => clamp(x + 3, 0, 6) / 6,
    derivative: (x) => clampSlope(x, -3, 3) / 6,
  }),

  /**
   * Hardswish(x) = x · min(max(x + 3, 0), 6) / 6. As `torch.nn.Hardswish()`; the slope at ±3 is
   * ±3/3 + 1/2, as torch's.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  hardswish: entry({
    torchName: 'hardswish',
    moduleName: 'Hardswish',
    formula: 'x · min(max(x + 3, 0), 6) / 6',
    options: {},
    forward: (x) => (x * clamp(x + 3, 0, 6)) / 6,
    // torch's hardswish_backward uses the middle piece on the closed interval [−3, 3]:
    // the slope is −1/2 at x = −3 and 3/2 at x = 3 (neither one-sided limit at −3, 0 and 3/2).
    derivative: (x) => (x < -3 ? 0 : x <= 3 ? x / 3 + 0.5 : 1),
  }),

  /**
   * ReLU6(x) = min(max(0, x), 6). As `torch.nn.ReLU6()`.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  relu6: entry({
    torchName: 'relu6',
    moduleName: 'ReLU6',
    formula: 'min(max(0, x), 6)',
    options: {},
    forward: (x) => clamp(x, 0, 6),
    derivative: (x) => clampSlope(x, 0, 6),
  }),

  /**
   * LogSigmoid(x) = log(σ(x)) = −softplus(−x). As `torch.nn.LogSigmoid()`.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  logSigmoid: entry({
    torchName: 'logsigmoid',
    moduleName: 'LogSigmoid',
    formula: 'log(σ(x)) = −softplus(−x)',
    options: {},
    forward: (x) => -log1pExp(-x),
    derivative: (x) => sigmoid(-x),
  }),

  /**
   * Tanhshrink(x) = x − tanh(x). As `torch.nn.Tanhshrink()`.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  tanhshrink: entry({
    torchName: 'tanhshrink',
    moduleName: 'Tanhshrink',
    formula: 'x − tanh(x)',
    options: {},
    forward: (x) => x - Math.tanh(x),
    // tanh²(x) from x, not from x − y, which loses every digit once |x| ≫ 1.
    derivative: (x) => {
      const t = Math.tanh(x);
      return t * t;
    },
  }),

  /**
   * Softshrink(x) = x − lambd if x > lambd, x + lambd if x < −lambd, 0 otherwise.
   * As `torch.nn.Softshrink(lambd=0.5)`.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  softshrink: entry({
    torchName: 'softshrink',
    moduleName: 'Softshrink',
    formula: 'x − lambd if x > lambd; x + lambd if x < −lambd; 0 otherwise',
    options: {
      /** Half-width of the band [−lambd, lambd] mapped to 0, and how far other inputs move toward 0; 0.5 by default. */
      lambd: number(0.5),
    },
    forward: (x, p) => (x > p.lambd ? x - p.lambd : x < -p.lambd ? x + p.lambd : 0),
    derivative: (x, _y, p) => (insideBand(x, p.lambd) ? 0 : 1),
  }),

  /**
   * Hardshrink(x) = x if |x| > lambd, 0 otherwise. As `torch.nn.Hardshrink(lambd=0.5)`.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  hardshrink: entry({
    torchName: 'hardshrink',
    moduleName: 'Hardshrink',
    formula: 'x if |x| > lambd; 0 otherwise',
    options: {
      /** Half-width of the band [−lambd, lambd] mapped to 0; inputs outside it pass unchanged. 0.5 by default. */
      lambd: number(0.5),
    },
    forward: (x, p) => (insideBand(x, p.lambd) ? 0 : x),
    derivative: (x, _y, p) => (insideBand(x, p.lambd) ? 0 : 1),
  }),

  /**
   * Threshold(x) = x if x > threshold, value otherwise. As `torch.nn.Threshold(threshold, value)`,
   * which has no defaults: both options must be given. The slope is 1 where x > threshold, else 0.
   *
   * Shape: input `(*)`, any shape; output `(*)`, the same shape.
   */
  threshold: entry({
    torchName: 'threshold',
    moduleName: 'Threshold',
    formula: 'x if x > threshold; value otherwise',
    options: {
      /** Inputs above it pass through unchanged; required (PyTorch has no default). */
      threshold: requiredNumber,
      /** What replaces every input at or below threshold; required (PyTorch has no default). */
      value: requiredNumber,
    },
    forward: (x, p) => (x > p.threshold ? x : p.value),
    derivative: (x, _y, p) => (x > p.threshold ? 1 : 0),
  }),
});

export type ActivationTable = typeof activations;
export type ActivationName = keyof ActivationTable;

/** The entries that are a function of x and fixed options: all but PReLU (see Activation.learnable). */
export type FixedActivationName = { [K in ActivationName]: ActivationTable[K]['learnable'] extends true ? never : K }[ActivationName];

/** An activation's options as a caller gives them: ActivationOptions<'leakyRelu'> is { negativeSlope?: number }. */
export type ActivationOptions<K extends ActivationName> = GivenOptions<ActivationTable[K]['options']>;

/**
 * One function per fixed activation, taking `Before` and then the entry's options: the Tensor
 * methods (Before = []) and the op functions (Before = [x: Tensor]). Mapped over the table, so each
 * member carries its entry's doc comment.
 */
export type ActivationFunctions<Before extends unknown[], Result> = {
  readonly [K in keyof ActivationTable as ActivationTable[K]['learnable'] extends true ? never : K]: (
    ...args: [...Before, ...OptionArguments<ActivationTable[K]['options']>]
  ) => Result;
};

/** One class per fixed activation, constructed from the entry's options: the nn modules. */
export type ActivationConstructors<Instance> = {
  readonly [K in keyof ActivationTable as ActivationTable[K]['learnable'] extends true ? never : K]: new (
    ...args: OptionArguments<ActivationTable[K]['options']>
  ) => Instance;
};

/** The names of the fixed activations, in the table's order. */
export const fixedActivationNames = Object.freeze(
  Object.values(activations as Record<string, Activation>).filter((a) => !a.learnable).map((a) => a.name as FixedActivationName),
);

/**
 * A frozen object with one member per fixed activation, made by `make(name)`: the runtime side of
 * ActivationFunctions and ActivationConstructors, whose types say what each member takes. `make`
 * returns one value that must fit every member's type (it takes any options and checks them).
 */
export function perFixedActivation<T>(make: (name: FixedActivationName) => T[keyof T]): T {
  return Object.freeze(Object.fromEntries(fixedActivationNames.map((name) => [name, make(name)]))) as T;
}

/** The activation called `name` (camelCase, as the keys of `activations`). */
export function getActivation(name: string): Activation {
  const table: Readonly<Record<string, Activation>> = activations;
  if (Object.hasOwn(table, name)) return table[name];
  const validNames = Object.keys(table);
  // Point a user who typed PyTorch's spelling ('leaky_relu', 'LeakyReLU') at ours.
  const folded = name.toLowerCase().replace(/_/g, '');
  const suggestion = Object.values(table).find(
    (a) => a.name.toLowerCase() === folded || a.moduleName.toLowerCase() === folded,
  )?.name;
  throw new UnknownActivationError(name, validNames, suggestion);
}

/**
 * The activation's defaults overlaid with `given`. Throws ActivationParamError on an option the
 * activation does not have, a value of the wrong type (or NaN), a string outside its choices, or a
 * required option left out. Options given as undefined count as not given.
 */
export function resolveParams(a: Activation, given: ActivationParams = {}): ActivationParams {
  const resolved: ActivationParams = { ...a.defaults };
  const validOptions = Object.keys(a.options);
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(a.options, key)) {
      const valid =
        validOptions.length === 0 ? 'it takes no options' : `valid options: ${validOptions.join(', ')}`;
      throw new ActivationParamError(a.name, key, `unknown option '${key}'; ${valid}`);
    }
    const option = a.options[key];
    if (typeof value !== option.type || Number.isNaN(value)) {
      const got = typeof value === 'string' ? `the string '${value}'` : `${typeof value} ${String(value)}`;
      throw new ActivationParamError(a.name, key, `option '${key}' must be a ${option.type}, got ${got}`);
    }
    if (option.type === 'string' && !option.choices.includes(value as string)) {
      throw new ActivationParamError(
        a.name,
        key,
        `option '${key}' must be one of ${option.choices.map((c) => `'${c}'`).join(', ')}, got '${String(value)}'`,
      );
    }
    resolved[key] = value;
  }
  const missing = a.required.filter((key) => !Object.hasOwn(resolved, key));
  if (missing.length > 0) {
    throw new ActivationParamError(
      a.name,
      missing[0],
      `option${missing.length > 1 ? 's' : ''} ${missing.map((k) => `'${k}'`).join(' and ')} must be given (PyTorch's nn.${a.moduleName} has no default)`,
    );
  }
  return resolved;
}

/**
 * The options as PyTorch's kernel holds them for values that round by `round`: each number
 * converted to the tensor's dtype (`Scalar::to<scalar_t>()`), strings as they are. Kernels call it
 * once per call, with Math.fround on float32 values (see the top of this file).
 */
export function roundParams(p: ActivationParams, round: Rounding): ActivationParams {
  if (round === unrounded) return p;
  return Object.fromEntries(Object.entries(p).map(([key, value]) => [key, typeof value === 'number' ? round(value) : value]));
}
