/**
 * Linear: the fully connected layer of the chapter, H = X·W + b.
 *
 * Layout: the weight is in × out (W ∈ R^{in×out}, as the book's W_h ∈ R^{d×h}), so a row of X
 * times W gives a row of H with no transpose. PyTorch's nn.Linear stores the same matrix
 * transposed (out × in, y = x·Wᵀ + b); toTorchLayout/fromTorchLayout (src/nn/torch-layout.ts)
 * convert state dicts at the boundary so that exchanged weights mean the same thing.
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import type { Generator } from '../tensor/random.js';
import { linear } from '../ops/linear.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Activation } from './activation.js';
import { pytorchDefault, resolveInit, type Initializer } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Options of Linear: bias, initialisation, dtype, generator. */
export interface LinearOptions {
  /** Whether the layer adds a learnable bias b (true). */
  bias?: boolean;
  /** How the parameters start: an Initializer or a spec ('normal:0.01', 'xavier', …); PyTorch's by default. */
  init?: Initializer | string;
  /** float32 (the default) or float64. */
  dtype?: 'float32' | 'float64';
  /** Draw the initial values from this generator instead of defaultGenerator. */
  generator?: Generator;
}

/**
 * y = x·W + b.
 *
 * Shapes: input (*, inFeatures) → output (*, outFeatures), * any number of leading axes (none: a
 * single example). weight: (inFeatures, outFeatures); bias: (outFeatures).
 */
export class Linear extends Module {
  /** The size of each input sample: the input's last axis. */
  readonly inFeatures: number;
  /** The size of each output sample: the output's last axis. */
  readonly outFeatures: number;
  /** W, (inFeatures, outFeatures): transposed from PyTorch's (out, in), so that y = x·W. */
  weight: Parameter;
  /** b, (outFeatures); null when built with bias: false. */
  bias: Parameter | null;

  /** A layer from inFeatures to outFeatures (weight in × out), initialised as options say (PyTorch's default). */
  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    for (const [name, value] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new ArgumentError(`Linear: ${name} must be a positive integer, got ${value}`);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const dtype = options.dtype ?? 'float32';
    this.weight = new Parameter(zeros([inFeatures, outFeatures], { dtype }));
    this.bias = options.bias === false ? null : new Parameter(zeros([outFeatures], { dtype }));
    this.resetParameters(options.init, options.generator);
  }

  /** Draws the parameters again, in place, with `init` (PyTorch's default scheme when omitted). */
  resetParameters(init: Initializer | string = pytorchDefault(), generator?: Generator): this {
    resolveInit(init).fill(this.weight, this.bias, generator);
    return this;
  }

  forward(x: Tensor): Tensor {
    this.#checkInput(x);
    return linear(x, this.weight, this.bias);
  }

  /**
   * forward followed by an activation module, as one fused op (the same values; one buffer and
   * one pass less). Sequential runs a Linear and the activation after it this way.
   */
  forwardWithActivation(x: Tensor, activation: Activation): Tensor {
    this.#checkInput(x);
    return linear(x, this.weight, this.bias, { name: activation.spec.name, params: activation.params });
  }

  #checkInput(x: Tensor): void {
    if (x.ndim === 0 || x.shape[x.ndim - 1] !== this.inFeatures) {
      throw new ShapeError(
        'Linear',
        [x.shape, this.weight.shape],
        `the input's last axis must have inFeatures = ${this.inFeatures} entries to multiply the in × out weight`,
      );
    }
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
