/**
 * Optimizers and learning-rate schedules (PyTorch's torch.optim, with its names and defaults) and
 * the book's minibatch `sgd`.
 */
export {
  Optimizer, zerosLikeArray, type HyperParams, type ParamGroup, type ParamGroupOptions, type Params, type ParamState,
  type StateValue, type OptimizerStateDict, type ZeroGradOptions,
} from './optimizer.js';
export { SGD, type SGDOptions, type SGDHyperParams, type SGDState } from './sgd.js';
export { Adam, AdamW, type AdamOptions, type AdamHyperParams, type AdamState } from './adam.js';
export { sgd } from './minibatch-sgd.js';
export {
  makeOptimizer, optimizerChoices, optimizerNames, DEFAULT_MOMENTUM,
  type OptimizerName, type OptimizerChoice, type OptimizerChoiceOptions,
} from './factory.js';
export {
  LRScheduler, StepLR, CosineAnnealingLR, LinearLR, SequentialLR, warmup, type ClosedFormLr, type LRSchedulerStateDict,
  type StepLROptions, type CosineAnnealingLROptions, type LinearLROptions, type WarmupOptions,
} from './schedules.js';
