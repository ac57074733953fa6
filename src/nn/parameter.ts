/**
 * Parameter: a Tensor that a Module owns and trains (PyTorch's nn.Parameter). It is a leaf that
 * requires a gradient, accumulating it ('add') until zeroGrad(), as every PyTorch parameter does.
 * Modules find their parameters by looking for fields that hold a Parameter (src/nn/module.ts).
 */
import { Tensor } from '../tensor/tensor.js';

export class Parameter extends Tensor {
  /** Wraps `data`'s values, sharing its storage (as torch.nn.Parameter(t) does); floats only. */
  constructor(data: Tensor) {
    super(data.data, data.shape);
    this.requiresGrad = true;
  }

  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
