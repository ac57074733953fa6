/**
 * perceptron: tensors with autograd, activation functions, plots — the D2L multilayer-perceptron
 * chapter as a TypeScript library. Two dialects over one core: PyTorch's names (requiresGrad,
 * noGrad, tensor methods) and the book's MXNet names (`nd`, `autograd`, attachGrad).
 *
 * The Node entry: everything of the browser entry (src/browser.ts), with the `data` and `train`
 * namespaces grown by what reads and writes files (IDX, CSV files, Fashion-MNIST downloads,
 * checkpoints, recipes). A name exported here takes precedence over the same name from `export *`.
 */
export * from './browser.js';
/** Data: Dataset, DataLoader, synthetic sets, CSV files, IDX files, Fashion-MNIST and MNIST (found, or downloaded and verified). */
export * as data from './data/index.js';
/** Training: fit, evaluate, progress, figures, checkpoints, recipes (what `perceptron train` runs), model files. */
export * as train from './train/index.js';
export { save, load, type SaveOptions } from './io/save-load.js';
