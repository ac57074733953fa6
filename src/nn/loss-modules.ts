/**
 * The losses of src/nn/losses.ts as modules with fixed options, under PyTorch's class names:
 * `const loss = new CrossEntropyLoss({ reduction: 'none' }); loss.call(yHat, y)`.
 */
import type { Tensor } from '../tensor/tensor.js';
import {
  binaryCrossEntropyWithLogits, huberLoss, mseLoss, softmaxCrossEntropy,
  type BinaryCrossEntropyOptions, type CrossEntropyOptions, type HuberOptions, type ReductionOptions,
} from './losses.js';
import { Module } from './module.js';

/** A module whose forward(prediction, target) is a loss function with options fixed at construction. */
abstract class Loss<Options extends ReductionOptions> extends Module<[Tensor, Tensor]> {
  constructor(
    /** The loss function's options (reduction, …), fixed at construction and shown in the module's repr. */
    readonly options: Readonly<Options>,
  ) {
    super();
  }

  override extraRepr(): string {
    return Object.entries(this.options)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${typeof value === 'string' ? `'${value}'` : String(value).replace(/\n/g, ' ')}`)
      .join(', ');
  }
}

/** softmaxCrossEntropy(logits, labels, options): PyTorch's CrossEntropyLoss. */
export class CrossEntropyLoss extends Loss<CrossEntropyOptions> {
  /** The loss with these options (reduction, label smoothing). */
  constructor(options: CrossEntropyOptions = {}) {
    super(options);
  }
  forward(logits: Tensor, labels: Tensor): Tensor {
    return softmaxCrossEntropy(logits, labels, this.options);
  }
}

/** mseLoss(yHat, y, options): PyTorch's MSELoss. */
export class MSELoss extends Loss<ReductionOptions> {
  /** The loss with this reduction. */
  constructor(options: ReductionOptions = {}) {
    super(options);
  }
  forward(yHat: Tensor, y: Tensor): Tensor {
    return mseLoss(yHat, y, this.options);
  }
}

/** binaryCrossEntropyWithLogits(logits, targets, options): PyTorch's BCEWithLogitsLoss. */
export class BCEWithLogitsLoss extends Loss<BinaryCrossEntropyOptions> {
  /** The loss with these options (reduction, posWeight). */
  constructor(options: BinaryCrossEntropyOptions = {}) {
    super(options);
  }
  forward(logits: Tensor, targets: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(logits, targets, this.options);
  }
}

/** huberLoss(yHat, y, options): PyTorch's HuberLoss. */
export class HuberLoss extends Loss<HuberOptions> {
  /** The loss with these options (reduction, delta). */
  constructor(options: HuberOptions = {}) {
    super(options);
  }
  forward(yHat: Tensor, y: Tensor): Tensor {
    return huberLoss(yHat, y, this.options);
  }
}
