/** The book's `autograd` namespace (MXNet) over the one tape. */
import { onesLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { backward, isGradEnabled, noGrad, record, setDetectAnomaly, type BackwardOptions } from './tape.js';

/** The book's (MXNet's) autograd namespace: record, backward, isRecording, … over the one tape. */
export const autograd = {
  /** `with autograd.record():` → `autograd.record(() => …)`, returning what the callback returns. */
  record,
  /** `with autograd.pause():` → `autograd.pause(() => …)`: nothing inside is recorded. */
  pause: noGrad,
  /** MXNet's autograd.is_recording(): whether ops are recorded now. */
  isRecording: isGradEnabled,
  /** Turns anomaly detection on or off: a NaN or ±Infinity made by an op throws an error naming the op. */
  setDetectAnomaly,
  /**
   * MXNet's autograd.backward(heads): back-propagates from several outputs at once, each with a
   * head gradient of ones, so a leaf gets the sum over the heads (also with attachGrad's 'write').
   */
  backward(heads: readonly Tensor[], options?: BackwardOptions): void {
    backward(heads.map((tensor) => ({ tensor, grad: onesLike(tensor), callerOwned: false })), options);
  },
};
