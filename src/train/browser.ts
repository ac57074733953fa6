/**
 * The part of training that needs no Node API: the loop, progress lines and the book's figures.
 * The browser entry (src/browser.ts) exports this as `train`; the Node entry adds checkpoint files
 * and recipes, which read and write files (src/train/index.ts).
 */
export { fit, evaluate, countCorrect, predictLabels, TrainingDivergedError, type FitOptions, type History, type EpochRecord, type BatchEvent, type Evaluation,
  type Trainable, type Stepper, type LossFunction, type Batches } from './fit.js';
export { ProgressReporter, formatEpoch, type ProgressStream } from './progress.js';
export { trainingCurves, predictionGrid } from './figures.js';
