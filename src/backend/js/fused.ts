/**
 * The fused kernels of a training step, reference versions: a linear layer's bias (its activation
 * is the activation kernel's), softmax cross-entropy forward and backward, and dropout's mask and
 * product (see the Backend interface for the contracts).
 * Arithmetic in float64, each stored value rounded once to the storage's dtype.
 */
import type { Storage } from '../backend.js';
import { xoshiroUniform } from './xoshiro.js';

/** x[r][c] += bias[c] in place, for every row of x (the first half of biasActivation). */
export function addBias(x: Storage, bias: Storage): void {
  const cols = bias.length;
  for (let start = 0; start < x.length; start += cols) {
    for (let c = 0; c < cols; c++) x[start + c] += bias[c];
  }
}

export function softmaxCrossEntropy(logits: Storage, classes: number, labels: Int32Array, smoothing: number, losses: Storage, probabilities: Storage): void {
  for (let r = 0; r < labels.length; r++) {
    const base = r * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[base + c]);
    // An all ±inf row is shifted by 0 (as logSoftmax does), so it gives ±inf or NaN, not inf − inf.
    if (max === Infinity || max === -Infinity) max = 0;
    // e_c = exp(x_c − max), stored (rounded) and summed; then p_c = stored e_c / Σ e.
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(logits[base + c] - max);
      probabilities[base + c] = e;
      sum += e;
    }
    for (let c = 0; c < classes; c++) probabilities[base + c] /= sum;
    const logSum = Math.log(sum);
    // −log p_label = logΣ − (x_label − max); the smoothed part: −mean_c log p_c = logΣ − mean_c(x_c − max).
    const nll = logSum - (logits[base + labels[r]] - max);
    if (smoothing === 0) {
      losses[r] = nll;
      continue;
    }
    let shiftedSum = 0;
    for (let c = 0; c < classes; c++) shiftedSum += logits[base + c] - max;
    losses[r] = (1 - smoothing) * nll + smoothing * (logSum - shiftedSum / classes);
  }
}

export function softmaxCrossEntropyGrad(probabilities: Storage, classes: number, labels: Int32Array, smoothing: number, dlosses: Storage, dlogits: Storage): void {
  const spread = smoothing / classes;
  for (let r = 0; r < labels.length; r++) {
    const base = r * classes;
    const g = dlosses[r];
    for (let c = 0; c < classes; c++) dlogits[base + c] = (probabilities[base + c] - spread) * g;
    dlogits[base + labels[r]] = (probabilities[base + labels[r]] - (1 - smoothing) - spread) * g;
  }
}

export function dropout(state: Uint32Array, p: number, x: Storage, out: Storage, mask: Storage): void {
  // Rounded to the storage's dtype, as a uniform() tensor compared with p and scaled would be.
  const round = x instanceof Float32Array ? Math.fround : (v: number) => v;
  const threshold = round(p), scale = round(1 / (1 - p));
  for (let i = 0; i < x.length; i++) {
    mask[i] = round(xoshiroUniform(state)) >= threshold ? scale : 0;
    out[i] = x[i] * mask[i];
  }
}
