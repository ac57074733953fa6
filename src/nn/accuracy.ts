/** Classification accuracy, the chapter's evaluation metric (d2l.accuracy as a fraction). */
import { noGrad } from '../autograd/tape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkClassLabels } from '../ops/cross-entropy.js';

/**
 * The fraction of examples whose largest logit is at their label (the first one wins ties, as
 * argmax). Shapes: logits (N, C), int32 labels (N), as softmaxCrossEntropy. NaN for N = 0.
 */
export function accuracy(logits: Tensor, labels: Tensor): number {
  checkClassLabels('accuracy', logits, labels);
  return noGrad(() => logits.argmax(-1).eq(labels).astype('float64').mean().item());
}
