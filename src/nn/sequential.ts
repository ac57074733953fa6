/**
 * Sequential: modules applied one after another, each to the previous one's output (PyTorch's
 * nn.Sequential, MXNet's nn.Sequential). The modules are the fields '0', '1', …, so they are
 * registered like any other child, named '0.weight', '2.bias' in state dicts, and indexable:
 * `net[0]` (or `net.at(-1)` for the last).
 */
import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { Activation } from './activation.js';
import { Linear } from './linear.js';
import { Module } from './module.js';

/** Modules applied one after the other (PyTorch's nn.Sequential); children are named '0', '1', …, and indexable as net[0]. */
export class Sequential extends Module {
  readonly [index: number]: Module;
  #length = 0;

  /** The modules, in the order they run. */
  constructor(...modules: Module[]) {
    super();
    for (const module of modules) this.append(module);
  }

  /** The number of modules. */
  get length(): number {
    return this.#length;
  }

  /** Adds a module at the end; returns this, for chaining. */
  append(module: Module): this {
    if (!(module instanceof Module)) throw new ArgumentError(`Sequential.append: expected a Module, got ${String(module)}`);
    (this as unknown as Record<number, Module>)[this.#length++] = module;
    return this;
  }

  /** The module at `index`; negative indices count from the end. */
  at(index: number): Module {
    const i = index < 0 ? index + this.#length : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.#length) {
      throw new ArgumentError(`Sequential.at: index ${index} is out of range for ${this.#length} modules`);
    }
    return this[i];
  }

  /** The modules, in order: `for (const layer of net)`. */
  *[Symbol.iterator](): IterableIterator<Module> {
    for (let i = 0; i < this.#length; i++) yield this[i];
  }

  forward(x: Tensor): Tensor {
    let y = x;
    for (let i = 0; i < this.#length; i++) {
      const module = this[i], next = this[i + 1];
      if (fusable(module, next)) {
        y = (module as Linear).forwardWithActivation(y, next);
        i++;
      } else {
        y = module.call(y);
      }
    }
    return y;
  }
}

/**
 * A Linear directly followed by an activation runs as one fused op (ops/linear.ts) — when neither
 * is a subclass that changes how it computes, so the fusion never skips a user's own forward.
 */
function fusable(module: Module, next: Module | undefined): next is Activation {
  return module instanceof Linear && next instanceof Activation
    && module.forward === Linear.prototype.forward && module.call === Module.prototype.call
    && next.forward === Activation.prototype.forward && next.call === Module.prototype.call;
}
