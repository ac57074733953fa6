/** Training: the loop, progress, figures, checkpoints and recipes. */
export { fit, evaluate, countCorrect, predictLabels, TrainingDivergedError, type FitOptions, type History, type EpochRecord, type BatchEvent, type Evaluation,
  type Trainable, type Stepper, type LossFunction, type Batches } from './fit.js';
export { ProgressReporter, formatEpoch, type ProgressStream } from './progress.js';
export { trainingCurves, predictionGrid } from './figures.js';
export { saveCheckpoint, loadCheckpoint, encodeCheckpoint, decodeCheckpoint, CheckpointError, type Checkpoint } from './checkpoint.js';
export { runRecipe, checkRecipe, loadRecipeData, buildModel, MAX_WEIGHTS, buildOptimizer, buildScheduler, lossFor, rSquared, loadTrainedModel,
  D2L_RECIPE, DEFAULT_RECIPE, DATASET_NAMES,
  type Recipe, type Task, type OptimizerName, type ScheduleName, type PreparedData, type TrainingResult, type RunOptions } from './recipe.js';
