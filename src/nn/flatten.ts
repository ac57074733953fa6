/** Flatten: merges axes startDim..endDim into one (PyTorch's nn.Flatten). */
import { ArgumentError } from '../errors.js';
import { normalizeAxis, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/**
 * Shapes: (*, S_start, …, S_end, *) → (*, S_start · … · S_end, *). The defaults keep the batch axis
 * and flatten the rest: (N, 1, 28, 28) → (N, 784), as the chapter reshapes Fashion-MNIST images.
 */
export class Flatten extends Module {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    const start = normalizeAxis('Flatten', this.startDim, x.ndim);
    const end = normalizeAxis('Flatten', this.endDim, x.ndim);
    if (start > end) {
      throw new ArgumentError(`Flatten: startDim ${this.startDim} comes after endDim ${this.endDim} for a ${x.ndim}-D input`);
    }
    return x.reshape([...x.shape.slice(0, start), sizeOf(x.shape.slice(start, end + 1)), ...x.shape.slice(end + 1)]);
  }

  override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}
