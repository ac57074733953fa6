/**
 * perceptron's nn layer: modules (Module, Linear, Sequential, Flatten, Dropout, activations),
 * mlp(), initialisation schemes (nn.init), losses and accuracy. Import it as a namespace:
 * `import { nn } from 'perceptron'` → `nn.mlp([784, 256, 10])`, `nn.softmaxCrossEntropy(…)`.
 */
export { Parameter } from './parameter.js';
export { Module, type AnyModule, type StateDict, type LoadStateDictOptions, type IncompatibleKeys } from './module.js';
export { Linear, type LinearOptions } from './linear.js';
export { Sequential } from './sequential.js';
export { Flatten } from './flatten.js';
export { Dropout } from './dropout.js';
// Activation, one class per entry of the activation table (ReLU, LeakyReLU, …), PReLU, Softmax,
// LogSoftmax, activationModule(s).
export * from './activation.js';
export { mlp, type MlpOptions } from './mlp.js';
/** Weight initialisation schemes (PyTorch's torch.nn.init): normal, uniform, Xavier, Kaiming, PyTorch's Linear default. */
export * as init from './init.js';
export { parseInit, type Initializer } from './init.js';
export {
  softmaxCrossEntropy, squaredLoss, mseLoss, binaryCrossEntropyWithLogits, huberLoss,
  type Reduction, type ReductionOptions, type CrossEntropyOptions, type BinaryCrossEntropyOptions, type HuberOptions,
} from './losses.js';
export { CrossEntropyLoss, MSELoss, BCEWithLogitsLoss, HuberLoss } from './loss-modules.js';
export { accuracy } from './accuracy.js';
export { toTorchLayout, fromTorchLayout } from './torch-layout.js';
