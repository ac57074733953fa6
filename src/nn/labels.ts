/** Checking class labels against logits, shared by the classification loss and accuracy. */
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

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
