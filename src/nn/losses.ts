/**
 * Loss functions, each a composition of differentiable ops (softmax cross-entropy: one fused op),
 * so its gradient comes from the ops' rules. Values and gradients match PyTorch's (test/golden/losses.json, made by
 * scripts/reference/losses.py). `reduction` is PyTorch's: 'mean' (the default), 'sum', or 'none'
 * for the per-element losses.
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { softmaxCrossEntropyPerExample } from '../ops/cross-entropy.js';
import { where } from '../ops/elementwise.js';
import { broadcastShapes, sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** How a loss reduces over the batch (PyTorch's reduction). */
export type Reduction = 'mean' | 'sum' | 'none';

/** The reduction option every loss takes. */
export interface ReductionOptions {
  /** 'mean' of the per-element losses (the default), their 'sum', or 'none' to return them all. */
  reduction?: Reduction;
}

function reduce(op: string, loss: Tensor, reduction: Reduction = 'mean'): Tensor {
  switch (reduction) {
    case 'mean':
      return loss.mean();
    case 'sum':
      return loss.sum();
    case 'none':
      return loss;
    default:
      throw new ArgumentError(`${op}: reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
  }
}

/** Prediction and target must have the same shape (no silent broadcasting of (N, 1) against (N)). */
function checkSameShape(op: string, prediction: Tensor, target: Tensor, names: string): void {
  if (!sameShape(prediction.shape, target.shape)) {
    throw new ShapeError(op, [prediction.shape, target.shape], `${names} must have the same shape (reshape one of them)`);
  }
}

/** Options of softmaxCrossEntropy and CrossEntropyLoss. */
export interface CrossEntropyOptions extends ReductionOptions {
  /**
   * ε in [0, 1]: the target becomes (1 − ε)·one-hot + ε/C, as PyTorch's
   * CrossEntropyLoss(label_smoothing=ε) (Szegedy et al. 2016). 0 by default.
   */
  labelSmoothing?: number;
}

/**
 * Cross-entropy of softmax(logits) against class labels, from the logits: loss = −log p[label]
 * with log p = logits − logsumexp(logits), computed from the row max (never exp of a large
 * number) by one fused op with its own gradient, softmax − one-hot. Logits of ±1000 give a
 * finite loss and gradient. PyTorch's CrossEntropyLoss, d2l's softmax + cross_entropy in one step.
 *
 * Shapes: logits (N, C) or (C) — classes on the last axis, any leading axes — and int32 labels
 * (N) or () with values in [0, C) → loss (N) or () with reduction 'none', else a scalar.
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Tensor, options: CrossEntropyOptions = {}): Tensor {
  // One fused op (ops/cross-entropy.ts): the checks of labels and smoothing happen there.
  return reduce('softmaxCrossEntropy', softmaxCrossEntropyPerExample(logits, labels, options.labelSmoothing ?? 0), options.reduction);
}

/**
 * The book's squared loss (d2l.squared_loss): (ŷ − y)² / 2 elementwise, y reshaped to ŷ's shape
 * first (so (N) labels fit (N, 1) predictions). No reduction: sum or mean it yourself.
 */
export function squaredLoss(yHat: Tensor, y: Tensor): Tensor {
  if (yHat.size !== y.size) {
    throw new ShapeError('squaredLoss', [yHat.shape, y.shape], 'y must have as many elements as yHat (it is reshaped to yHat\'s shape)');
  }
  return yHat.sub(y.reshape(yHat.shape)).square().div(2);
}

/** Mean squared error (ŷ − y)², reduced (PyTorch's MSELoss). Shapes: ŷ and y the same. */
export function mseLoss(yHat: Tensor, y: Tensor, options: ReductionOptions = {}): Tensor {
  checkSameShape('mseLoss', yHat, y, 'yHat and y');
  return reduce('mseLoss', yHat.sub(y).square(), options.reduction);
}

/** Options of binaryCrossEntropyWithLogits and BCEWithLogitsLoss. */
export interface BinaryCrossEntropyOptions extends ReductionOptions {
  /**
   * Weight of the positive class, broadcast along the last axis (one per class, or a number):
   * loss = −[posWeight·t·log σ(x) + (1 − t)·log(1 − σ(x))] (PyTorch's pos_weight).
   */
  posWeight?: Tensor | number;
}

/**
 * Binary cross-entropy of σ(logits) against targets in [0, 1] (PyTorch's BCEWithLogitsLoss),
 * computed as (1 − t)·x − (1 + (posWeight − 1)·t)·logσ(x), where logσ(x) = −log(1 + e^(−x)) is
 * evaluated without overflow: logits of ±1000 give finite losses and gradients.
 *
 * Shapes: logits and targets the same; posWeight broadcastable to them.
 */
export function binaryCrossEntropyWithLogits(logits: Tensor, targets: Tensor, options: BinaryCrossEntropyOptions = {}): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  checkSameShape(op, logits, targets, 'logits and targets');
  const { posWeight } = options;
  if (typeof posWeight === 'object' && !sameShape(broadcastShapes(op, posWeight.shape, logits.shape), logits.shape)) {
    throw new ShapeError(op, [logits.shape, posWeight.shape], 'posWeight must broadcast to the logits\' shape');
  }
  const logSigmoid = logits.logSigmoid();
  const logWeight = posWeight === undefined ? null : targets.mul(posWeight).sub(targets).add(1);
  const positive = logWeight ? logWeight.mul(logSigmoid) : logSigmoid;
  return reduce(op, targets.neg().add(1).mul(logits).sub(positive), options.reduction);
}

/** Options of huberLoss and HuberLoss. */
export interface HuberOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear (1). */
  delta?: number;
}

/**
 * Huber loss (PyTorch's HuberLoss): with d = ŷ − y, d²/2 where |d| < delta and
 * delta·(|d| − delta/2) elsewhere: squared error near the target, absolute error far from it.
 * Shapes: ŷ and y the same.
 */
export function huberLoss(yHat: Tensor, y: Tensor, options: HuberOptions = {}): Tensor {
  const delta = options.delta ?? 1;
  if (!(delta > 0)) throw new ArgumentError(`huberLoss: delta must be positive, got ${delta}`);
  checkSameShape('huberLoss', yHat, y, 'yHat and y');
  const difference = yHat.sub(y);
  const size = difference.abs();
  // where, not a 0/1 mask: the unused branch may overflow (d² for huge d) and inf·0 would be NaN.
  const loss = where(size.lt(delta), difference.square().mul(0.5), size.sub(delta / 2).mul(delta));
  return reduce('huberLoss', loss, options.reduction);
}
