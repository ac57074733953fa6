/**
 * perceptron in a browser (or any JavaScript runtime): tensors with autograd, activation
 * functions, layers, optimizers, training and SVG plots, and nothing that needs Node (files,
 * downloads, PNG files, the terminal). Bundlers pick this entry through the package's conditional
 * exports (every condition but "node"); Node gets src/index.ts, which adds the rest.
 * Two dialects over one core: PyTorch's names (requiresGrad, noGrad, tensor methods) and the
 * book's MXNet names (`nd`, `autograd`, attachGrad).
 */
export { Tensor, type DType, type NestedArray, type TensorLike, type GradReq, type Axes, type ReduceOptions } from './tensor/tensor.js';
export {
  array, array as tensor, arange, linspace, eye, zeros, ones, full, zerosLike, onesLike, fullLike, scalar,
  normal, uniform, randint, randn, rand, type DTypeOption, type RandomOptions, type ShapeLike,
} from './tensor/creation.js';
export { Generator, manualSeed, defaultGenerator } from './tensor/random.js';
export * from './ops/index.js';
export { noGrad, record, isGradEnabled, setDetectAnomaly } from './autograd/tape.js';
export { gradcheck, GradcheckError, type GradcheckOptions } from './autograd/gradcheck.js';
export { autograd } from './autograd/index.js';
export { nd } from './nd.js';
export { activations, getActivation, resolveParams, UnknownActivationError, type Activation, type ActivationParams, type Rounding } from './activation/table.js';
export {
  getBackend, setBackend, listBackends, registerBackend, loadWasmBackend, fusedKernel,
  type Backend, type FusedKernels, type Primitives, type Handled,
} from './backend/index.js';
export { PerceptronError, ShapeError, DTypeError, AutogradError, NanError, ArgumentError } from './errors.js';
/** SVG figures (also PNG in Node): line plots, image grids, heatmaps, network diagrams. */
export * as plot from './plot/index.js';
/** Optimizers (SGD with momentum/Nesterov, Adam, AdamW) and learning-rate schedules, with PyTorch's names and defaults. */
export * as optim from './optim/index.js';
/** Data: Dataset, DataLoader, synthetic sets, CSV parsing (the Node entry adds files: IDX, Fashion-MNIST, CSV files). */
export * as data from './data/browser.js';
/** Layers and models: Module, Linear, Sequential, activations, Dropout, mlp(), initialisation, losses. */
export * as nn from './nn/index.js';
/** Training: fit, evaluate, progress lines, the book's figures (the Node entry adds checkpoints and recipes). */
export * as train from './train/browser.js';
export { encodeSafetensors, decodeSafetensors, SafetensorsError, type DecodedSafetensors } from './io/safetensors.js';
export { toOnnx, ONNX_OPSET, type OnnxExportOptions } from './io/onnx/export.js';
export { fromOnnx, type OnnxImportOptions } from './io/onnx/import.js';
export { OnnxError } from './io/onnx/errors.js';
export { encodeStateDict, decodeStateDict, type DecodedStateDict, type LoadOptions, type Saveable } from './io/state-dict-file.js';
export { LayoutError, type WeightLayout, type FileKind } from './io/weight-layout.js';
export { torchModuleCode, torchLoadingCode } from './io/torch-code.js';
