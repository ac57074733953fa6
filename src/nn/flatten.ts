/** Flatten: merges axes startDim..endDim into one (PyTorch's nn.Flatten), as Tensor.flatten does. */
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/**
 * Shapes: (*, S_start, …, S_end, *) → (*, S_start · … · S_end, *). The defaults keep the batch axis
 * and flatten the rest: (N, 1, 28, 28) → (N, 784), as the chapter reshapes Fashion-MNIST images;
 * Tensor.flatten's defaults (0, -1) flatten everything, as torch.flatten's do.
 */
export class Flatten extends Module {
  /** Flattens axes startDim..endDim (1..−1 by default, as torch.nn.Flatten). */
  constructor(
    /** The first axis flattened (1 by default: the batch axis 0 is kept). */
    readonly startDim = 1,
    /** The last axis flattened, inclusive; negative counts from the end (−1, the last, by default). */
    readonly endDim = -1,
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}
