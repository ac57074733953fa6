/**
 * Optimizers and learning-rate schedules (PyTorch's torch.optim, with its names and defaults), the
 * book's minibatch `sgd`, and the update kernels they run on flat typed arrays.
 */
export {
  Optimizer, zerosLikeArray, type HyperParams, type ParamGroup, type ParamGroupOptions, type Params, type ParamState,
  type StateValue, type OptimizerStateDict, type ZeroGradOptions,
} from './optimizer.js';
export { SGD, type SGDOptions, type SGDHyperParams, type SGDState } from './sgd.js';
export { Adam, AdamW, type AdamOptions, type AdamHyperParams, type AdamState } from './adam.js';
export { sgd } from './minibatch-sgd.js';
export {
  LRScheduler, StepLR, CosineAnnealingLR, LinearLR, SequentialLR, warmup, type ClosedFormLr, type LRSchedulerStateDict,
  type StepLROptions, type CosineAnnealingLROptions, type LinearLROptions, type WarmupOptions,
} from './schedules.js';
export { sgdUpdate, adamUpdate, minibatchSgdUpdate } from '../backend/js/optimizers.js';
export type { FloatArray, SGDKernelParams, AdamKernelParams } from '../backend/backend.js';
