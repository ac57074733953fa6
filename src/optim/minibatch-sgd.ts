/**
 * The book's `sgd` (D2L §3.2, "Linear Regression Implementation from Scratch"), for the scratch
 * examples: every parameter takes a step of lr·grad / batchSize, the loss being a sum over the
 * minibatch. Afterwards each gradient is zeroed, as in D2L's PyTorch edition, so the function
 * serves parameters that accumulate (requiresGrad, gradReq 'add') as well as the MXNet edition's
 * attachGrad() ones, whose next backward() overwrites the gradient anyway.
 */
import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { bumpVersion } from '../autograd/version.js';

/** The book's sgd: each parameter -= lr · grad / batchSize, then its gradient is zeroed. */
export function sgd(params: Iterable<Tensor>, lr: number, batchSize: number): void {
  if (!Number.isFinite(lr) || lr < 0) throw new ArgumentError(`sgd: lr must be a finite number ≥ 0, got ${lr}`);
  if (!(Number.isFinite(batchSize) && batchSize > 0)) throw new ArgumentError(`sgd: batchSize must be a positive number, got ${batchSize}`);
  for (const param of params) {
    if (param.grad === null) throw new ArgumentError('sgd: a parameter has no gradient; call attachGrad() (or requiresGrad_()) and backward() first');
    const grad = param.grad.dtype === param.dtype ? param.grad : param.grad.astype(param.dtype);
    const values = param.data, step = grad.data;
    for (let i = 0; i < values.length; i++) values[i] -= (lr * step[i]) / batchSize;
    bumpVersion(param.data);
    param.zeroGrad();
  }
}
