/** Dropout: the chapter's regulariser, in its inverted form (PyTorch's nn.Dropout). */
import { ArgumentError } from '../errors.js';
import { dropout } from '../ops/dropout.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/**
 * In training mode each element is zeroed with probability p and the survivors are scaled by
 * 1/(1 − p), so the expected output equals the input: h' = ξ·h/(1 − p), ξ ~ Bernoulli(1 − p)
 * (d2l's dropout_layer). In evaluation mode it is the identity. The mask is drawn from the
 * generator (defaultGenerator unless given, read at each call so manualSeed applies).
 *
 * Shapes: any → the same.
 */
export class Dropout extends Module {
  /** The probability of zeroing an element in training, in [0, 1) (0.5 by default). */
  readonly p: number;
  /** The source of the masks; undefined draws from defaultGenerator, read at each call. */
  readonly generator: Generator | undefined;

  /** Dropout with probability p (0.5, as torch.nn.Dropout), drawing its masks from `generator` (the default one). */
  constructor(p = 0.5, options: { generator?: Generator } = {}) {
    super();
    if (!(p >= 0 && p < 1)) throw new ArgumentError(`Dropout: p must be in [0, 1), got ${p}`);
    this.p = p;
    this.generator = options.generator;
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    // keep where u ≥ p, u ~ U[0, 1): probability 1 − p (one fused op, ops/dropout.ts).
    return dropout(x, this.p, this.generator ?? defaultGenerator);
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
