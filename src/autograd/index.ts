/** The book's `autograd` namespace (MXNet) over the one tape. */
import { Tensor } from '../tensor/tensor.js';
import { isGradEnabled, noGrad, record, setDetectAnomaly } from './tape.js';

export const autograd = {
  /** `with autograd.record():` → `autograd.record(() => …)`, returning what the callback returns. */
  record,
  /** `with autograd.pause():` → `autograd.pause(() => …)`: nothing inside is recorded. */
  pause: noGrad,
  isRecording: isGradEnabled,
  setDetectAnomaly,
  /** MXNet's autograd.backward(heads): back-propagates from several outputs at once. */
  backward(heads: readonly Tensor[]): void {
    for (const head of heads) head.backward();
  },
};
