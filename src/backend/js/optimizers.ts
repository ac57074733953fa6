/**
 * The optimizer kernels of the js backend (the reference): each update rule as one loop over flat
 * typed arrays. A kernel sees the parameter's values, its gradient, its state buffers and
 * plain-number hyper-parameters — never a tensor — and updates the parameter and the buffers in
 * place. src/optim calls them through the backend; the wasm backend runs the common cases (plain
 * SGD, plain Adam on float32) in SIMD with the same float64 arithmetic, so results are identical.
 *
 * Arithmetic runs in float64; a float32 parameter and its float32 buffers are rounded on every
 * store, and what a later line reads back from a buffer is the stored (rounded) value, as in
 * PyTorch where each buffer is a tensor of the parameter's dtype.
 */

import type { AdamKernelParams, FloatArray, SGDKernelParams } from '../backend.js';

/**
 * One step of torch.optim.SGD (PyTorch 1.13, `_single_tensor_sgd`), per element:
 *
 *     g   = (maximize ? −grad : grad) + weightDecay·param
 *     buf = g                                   on the first step (the buffer starts as a copy of g)
 *     buf = momentum·buf + (1 − dampening)·g    afterwards
 *     g   = nesterov ? g + momentum·buf : buf   (only when momentum ≠ 0)
 *     param −= lr·g
 *
 * `momentumBuffer` is null when momentum is 0; `firstStep` says the buffer holds nothing yet.
 */
export function sgdUpdate(
  param: FloatArray,
  grad: FloatArray,
  momentumBuffer: FloatArray | null,
  firstStep: boolean,
  hyper: SGDKernelParams,
): void {
  const { lr, momentum, dampening, nesterov, weightDecay, maximize } = hyper;
  if (isPlainSgd(momentumBuffer, hyper)) {
    // Plain SGD (the book's recipe): the same arithmetic without the per-element branches, which
    // keep V8 from running this loop at memory speed.
    for (let i = 0; i < param.length; i++) param[i] -= lr * grad[i];
    return;
  }
  for (let i = 0; i < param.length; i++) {
    let g = maximize ? -grad[i] : grad[i];
    if (weightDecay !== 0) g += weightDecay * param[i];
    if (momentumBuffer !== null) {
      momentumBuffer[i] = firstStep ? g : momentum * momentumBuffer[i] + (1 - dampening) * g;
      g = nesterov ? g + momentum * momentumBuffer[i] : momentumBuffer[i];
    }
    param[i] -= lr * g;
  }
}

/**
 * One step of torch.optim.Adam / AdamW (PyTorch 1.13, `_single_tensor_adam(w)`), per element, at
 * step t = 1, 2, … (the count after this step):
 *
 *     g = maximize ? −grad : grad
 *     Adam:  g += weightDecay·param                AdamW:  param ·= 1 − lr·weightDecay
 *     m = β₁·m + (1 − β₁)·g
 *     v = β₂·v + (1 − β₂)·g²
 *     v̂ = amsgrad ? (vmax = max(vmax, v)) : v
 *     param −= lr/(1 − β₁ᵗ) · m / (√v̂ / √(1 − β₂ᵗ) + eps)
 *
 * eps is added after dividing √v̂ by the bias correction, as PyTorch does (not to v̂ under the root).
 * `maxExpAvgSq` is null unless amsgrad is on.
 */
export function adamUpdate(
  param: FloatArray,
  grad: FloatArray,
  expAvg: FloatArray,
  expAvgSq: FloatArray,
  maxExpAvgSq: FloatArray | null,
  step: number,
  hyper: AdamKernelParams,
): void {
  const { lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, maximize } = hyper;
  const { stepSize, biasCorrection2Sqrt } = adamStepScalars(hyper, step);
  const decay = 1 - lr * weightDecay;
  if (isPlainAdam(maxExpAvgSq, hyper)) {
    // Plain Adam: the same arithmetic as below without the per-element branches.
    for (let i = 0; i < param.length; i++) {
      const g = grad[i];
      expAvg[i] = beta1 * expAvg[i] + (1 - beta1) * g;
      expAvgSq[i] = beta2 * expAvgSq[i] + (1 - beta2) * g * g;
      param[i] -= stepSize * (expAvg[i] / (Math.sqrt(expAvgSq[i]) / biasCorrection2Sqrt + eps));
    }
    return;
  }
  for (let i = 0; i < param.length; i++) {
    let g = maximize ? -grad[i] : grad[i];
    if (decoupledWeightDecay) param[i] *= decay;
    else if (weightDecay !== 0) g += weightDecay * param[i];
    expAvg[i] = beta1 * expAvg[i] + (1 - beta1) * g;
    expAvgSq[i] = beta2 * expAvgSq[i] + (1 - beta2) * g * g;
    let secondMoment = expAvgSq[i];
    if (maxExpAvgSq !== null) {
      maxExpAvgSq[i] = Math.max(maxExpAvgSq[i], secondMoment);
      secondMoment = maxExpAvgSq[i];
    }
    param[i] -= stepSize * (expAvg[i] / (Math.sqrt(secondMoment) / biasCorrection2Sqrt + eps));
  }
}

/** Plain SGD (no momentum, weight decay or maximize): the case with a loop of its own, here and in wasm. */
export const isPlainSgd = (momentumBuffer: FloatArray | null, { weightDecay, maximize }: SGDKernelParams): boolean =>
  momentumBuffer === null && weightDecay === 0 && !maximize;

/** Plain Adam (no amsgrad, weight decay or maximize): the case with a loop of its own, here and in wasm. */
export const isPlainAdam = (maxExpAvgSq: FloatArray | null, { weightDecay, maximize }: AdamKernelParams): boolean =>
  maxExpAvgSq === null && weightDecay === 0 && !maximize;

/** Adam's per-step scalars at step t: lr/(1 − β₁ᵗ) and √(1 − β₂ᵗ), computed once for every backend. */
export function adamStepScalars({ lr, beta1, beta2 }: AdamKernelParams, step: number): { stepSize: number; biasCorrection2Sqrt: number } {
  return { stepSize: lr / (1 - beta1 ** step), biasCorrection2Sqrt: Math.sqrt(1 - beta2 ** step) };
}

/** The book's minibatch SGD (D2L §3.2): param −= lr·grad / batchSize. */
export function minibatchSgdUpdate(param: FloatArray, grad: FloatArray, lr: number, batchSize: number): void {
  for (let i = 0; i < param.length; i++) param[i] -= (lr * grad[i]) / batchSize;
}
