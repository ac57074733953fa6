/**
 * Softmax cross-entropy as one op: per example, −Σ_c q_c·log softmax(logits)_c against a class
 * label, q = (1 − ε)·one-hot + ε/C (label smoothing ε). The backend computes the losses and the
 * softmax in one pass over each row (from the row max, so logits of ±1000 stay finite) and keeps
 * the softmax; the gradient is then one more pass: (softmax − q)·dloss. The composed form
 * (logSoftmax, pick, neg) runs about ten ops and buffers where this runs two.
 */
import { recordOp } from '../autograd/tape.js';
import { fusedKernel } from '../backend/index.js';
import type { Storage } from '../backend/backend.js';
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { astype } from './elementwise.js';
import { emptyLike, isFloat } from './operands.js';

/**
 * Per row r: probabilities[r] = softmax(logits[r]) and losses[r] = −Σ_c q_c·log p_c with
 * q = (1 − ε)·one-hot(labels[r]) + ε/classes, from the row max (never exp of a large number), in
 * float64, each stored value rounded once.
 */
const softmaxCrossEntropyKernel = fusedKernel('softmaxCrossEntropy', (logits: Storage, classes: number, labels: Int32Array, smoothing: number, losses: Storage, probabilities: Storage): void => {
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
});

/** Its gradient: dlogits[r][c] = (probabilities[r][c] − q_c) · dlosses[r]. */
const softmaxCrossEntropyGradKernel = fusedKernel('softmaxCrossEntropyGrad', (probabilities: Storage, classes: number, labels: Int32Array, smoothing: number, dlosses: Storage, dlogits: Storage): void => {
  const spread = smoothing / classes;
  for (let r = 0; r < labels.length; r++) {
    const base = r * classes;
    const g = dlosses[r];
    for (let c = 0; c < classes; c++) dlogits[base + c] = (probabilities[base + c] - spread) * g;
    dlogits[base + labels[r]] = (probabilities[base + labels[r]] - (1 - smoothing) - spread) * g;
  }
});

/**
 * logits (…, C) and int32 labels (…) in [0, C) → the loss of each example, shape (…); no reduction
 * (nn.softmaxCrossEntropy reduces). labelSmoothing ε in [0, 1], 0 by default.
 */
export function softmaxCrossEntropyPerExample(logits: Tensor, labels: Tensor, labelSmoothing = 0): Tensor {
  const op = 'softmaxCrossEntropy';
  checkClassLabels(op, logits, labels);
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new ArgumentError(`${op}: labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
  const classes = logits.shape[logits.ndim - 1];
  const indices = labels.data as Int32Array;
  const expected = labels.shape;
  const input = isFloat(logits.dtype) ? logits : astype(logits, 'float32');
  const losses = emptyLike(expected, input.dtype);
  const probabilities = emptyLike(input.shape, input.dtype);
  softmaxCrossEntropyKernel(input.data, classes, indices, labelSmoothing, losses.data, probabilities.data);
  return recordOp(op, [input], losses, (g) => {
    const dlogits = emptyLike(input.shape, input.dtype);
    softmaxCrossEntropyGradKernel(probabilities.data, classes, indices, labelSmoothing, g.data, dlogits.data);
    return [dlogits];
  });
}

/**
 * Labels must be int32 class indices in [0, C), with the shape of the logits minus their last
 * (class) axis: (N) for (N, C) logits, () for a single (C) example. Errors name `op`.
 */
export function checkClassLabels(op: string, logits: Tensor, labels: Tensor): void {
  if (logits.ndim === 0) throw new ShapeError(op, [logits.shape, labels.shape], 'logits need a class axis (the last one)');
  const expected = logits.shape.slice(0, -1);
  if (!sameShape(labels.shape, expected)) {
    throw new ShapeError(op, [logits.shape, labels.shape], `labels must have the shape of the logits without their last (class) axis, [${expected.join(', ')}]`);
  }
  if (labels.dtype !== 'int32') {
    throw new DTypeError(`${op}: labels must be int32 class indices, got ${labels.dtype} (convert with labels.astype('int32'))`);
  }
  const classes = logits.shape[logits.ndim - 1];
  const data = labels.data;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < 0 || data[i] >= classes) {
      throw new ArgumentError(`${op}: label ${data[i]} at position ${i} is not a class index in [0, ${classes - 1}] (${classes} classes)`);
    }
  }
}
