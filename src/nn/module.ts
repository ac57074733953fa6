/**
 * Module: the base of every layer and model (PyTorch's nn.Module).
 *
 * Registration is by discovery: a module's parameters are its own enumerable fields that hold a
 * Parameter, and its children the fields that hold a Module, in the order the fields were
 * assigned. Writing `this.hidden = new Linear(784, 256)` in a constructor (or as a class field) is
 * all it takes, as assignment is in PyTorch. A field holding null, a plain Tensor, an array or a
 * map of modules is not registered; use Sequential for a list of layers. Names are dotted paths:
 * 'hidden.weight', '0.bias'.
 *
 * A module maps inputs to one output tensor: `forward(...inputs)` says how, `call(...inputs)` is
 * how it is used (the equivalent of calling a PyTorch module), so a model reads `net.call(x)`.
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { Parameter } from './parameter.js';

/** Any module, whatever its inputs. */
export type AnyModule = Module<Tensor[]>;

/** Options of Module.loadStateDict. */
export interface LoadStateDictOptions {
  /** Whether names the module and the state do not share are an error (true, PyTorch's default). */
  strict?: boolean;
}

/** What Module.loadStateDict returns: the names that did not match (PyTorch's _IncompatibleKeys). */
export interface IncompatibleKeys {
  /** The module's parameters the state did not have (left as they were). */
  missingKeys: string[];
  /** The state's names the module does not have (ignored). */
  unexpectedKeys: string[];
}

/** A state dict as stateDict() returns it, or as a plain record (from JSON, a checkpoint, PyTorch). */
export type StateDict = ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>;

/**
 * The base of every layer and model (PyTorch's nn.Module): parameters and children found from its
 * fields, forward/call, train/eval modes, stateDict/loadStateDict, a PyTorch-style toString.
 */
export abstract class Module<Inputs extends Tensor[] = [Tensor]> {
  /** Training mode (true) or evaluation mode (false); Dropout reads it. Set it with train()/eval(). */
  training = true;

  /** The computation. Subclasses implement it; users call call(). */
  abstract forward(...inputs: Inputs): Tensor;

  /** Runs the module on its inputs (PyTorch's `module(x)`). */
  call(...inputs: Inputs): Tensor {
    return this.forward(...inputs);
  }

  // ---- structure -----------------------------------------------------------------------------

  /** Direct submodules with their field names, in assignment order. */
  namedChildren(): [string, AnyModule][] {
    return Object.entries(this).filter((entry): entry is [string, AnyModule] => entry[1] instanceof Module);
  }

  /** Direct submodules, in assignment order (PyTorch's children()). */
  children(): AnyModule[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * This module (named '') and every module below it, depth first, each once even where it is
   * reachable by several paths (the first path names it).
   */
  namedModules(): [string, AnyModule][] {
    const seen = new Set<AnyModule>();
    const out: [string, AnyModule][] = [];
    const visit = (module: AnyModule, path: string): void => {
      if (seen.has(module)) return;
      seen.add(module);
      out.push([path, module]);
      for (const [name, child] of module.namedChildren()) visit(child, path ? `${path}.${name}` : name);
    };
    visit(this as AnyModule, '');
    return out;
  }

  /** This module and every module below it, depth first, each once (PyTorch's modules()). */
  modules(): AnyModule[] {
    return this.namedModules().map(([, m]) => m);
  }

  /**
   * Every parameter with its dotted name ('0.weight', 'hidden.bias'): each module's own first, then
   * its children's, depth first. A parameter shared by several modules is listed once.
   */
  namedParameters(): [string, Parameter][] {
    const seen = new Set<Parameter>();
    const out: [string, Parameter][] = [];
    for (const [path, module] of this.namedModules()) {
      for (const [name, value] of Object.entries(module)) {
        if (!(value instanceof Parameter) || seen.has(value)) continue;
        seen.add(value);
        out.push([path ? `${path}.${name}` : name, value]);
      }
    }
    return out;
  }

  /** Every parameter, as namedParameters() orders them: what an optimizer takes (PyTorch's parameters()). */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** The number of trainable values: the sum of the parameters' sizes. */
  numParameters(): number {
    return this.parameters().reduce((total, p) => total + p.size, 0);
  }

  /** Calls fn on every submodule, then on this module (PyTorch's apply), e.g. to re-initialise. */
  apply(fn: (module: AnyModule) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this as AnyModule);
    return this;
  }

  // ---- modes and gradients -------------------------------------------------------------------

  /** Sets training mode on this module and every module below it. */
  train(mode = true): this {
    for (const module of this.modules()) module.training = mode;
    return this;
  }

  /** Evaluation mode: train(false). Dropout becomes the identity. */
  eval(): this {
    return this.train(false);
  }

  /**
   * Resets every parameter's gradient, as Optimizer.zeroGrad does: to null by default (PyTorch ≥ 2.0),
   * so an optimizer's step() skips the parameters the next loss does not reach — no momentum, no
   * weight decay — or to zeros with `{ setToNone: false }` (PyTorch 1.x), so they still get both.
   */
  zeroGrad({ setToNone = true }: { setToNone?: boolean } = {}): void {
    for (const p of this.parameters()) {
      if (setToNone) p.grad = null;
      else p.zeroGrad();
    }
  }

  // ---- state ---------------------------------------------------------------------------------

  /**
   * Parameter name → values, in namedParameters() order. The tensors are detached but share the
   * parameters' storage (as PyTorch's state_dict): clone them to keep a snapshot.
   */
  stateDict(): Map<string, Tensor> {
    return new Map(this.namedParameters().map(([name, p]) => [name, p.detach()]));
  }

  /**
   * Copies values into the parameters, in place (optimizers keep their references), and returns
   * the names that did not match, as PyTorch's load_state_dict: `missingKeys` (parameters the state
   * lacks) and `unexpectedKeys` (names the module lacks). Strict (the default), either kind is an
   * ArgumentError listing them; with `{ strict: false }` the parameters the state names are loaded
   * and the rest left as they are. A shape that differs is always a ShapeError naming the parameter
   * and both shapes. Everything is checked before anything is copied. Values are cast to each
   * parameter's dtype. The weights are in memory layout (Linear in × out): load a file with
   * io's load(), which converts PyTorch's, or convert a PyTorch state dict with nn.fromTorchLayout.
   */
  loadStateDict(state: StateDict, { strict = true }: LoadStateDictOptions = {}): IncompatibleKeys {
    const given = new Map<string, Tensor>(state instanceof Map ? state : Object.entries(state));
    const own = new Map(this.namedParameters());
    const missingKeys = [...own.keys()].filter((name) => !given.has(name));
    const unexpectedKeys = [...given.keys()].filter((name) => !own.has(name));
    if (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0)) {
      const problems = [
        missingKeys.length > 0 ? `missing ${missingKeys.map((n) => `'${n}'`).join(', ')}` : '',
        unexpectedKeys.length > 0 ? `unexpected ${unexpectedKeys.map((n) => `'${n}'`).join(', ')}` : '',
      ].filter(Boolean);
      throw new ArgumentError(
        `loadStateDict: the state does not match ${this.typeName}'s parameters: ${problems.join('; ')} ` +
          `(the module has ${[...own.keys()].map((n) => `'${n}'`).join(', ') || 'no parameters'}; ` +
          'pass { strict: false } to load the names that match)',
      );
    }
    const loaded = [...own].filter(([name]) => given.has(name));
    for (const [name, p] of loaded) {
      const value = given.get(name)!;
      if (!sameShape(p.shape, value.shape)) {
        throw new ShapeError('loadStateDict', [p.shape, value.shape], `parameter '${name}' has the first shape in the module, the second in the state`);
      }
    }
    for (const [name, p] of loaded) p.copy_(given.get(name)!);
    return { missingKeys, unexpectedKeys };
  }

  // ---- printing ------------------------------------------------------------------------------

  /** The class name shown by toString(). */
  get typeName(): string {
    return this.constructor.name;
  }

  /** What toString() shows between the parentheses of a module without children: its settings. */
  extraRepr(): string {
    return '';
  }

  /**
   * A PyTorch-style summary, one line per module:
   * ```
   * Sequential(
   *   (0): Linear(inFeatures=784, outFeatures=256, bias=true)
   *   (1): ReLU()
   *   (2): Linear(inFeatures=256, outFeatures=10, bias=true)
   * )
   * ```
   */
  toString(): string {
    const extra = this.extraRepr();
    const children = this.namedChildren();
    if (children.length === 0) return `${this.typeName}(${extra})`;
    const lines = [...(extra ? extra.split('\n') : []), ...children.map(([name, child]) => `(${name}): ${child.toString()}`)];
    return `${this.typeName}(\n${lines.map((line) => indent(line)).join('\n')}\n)`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Two spaces before every line of a (possibly multi-line) block. */
const indent = (block: string): string =>
  block
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
