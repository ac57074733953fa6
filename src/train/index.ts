/** Training: the loop, progress, figures (browser.ts, which runs anywhere), checkpoints and recipes (Node). */
export * from './browser.js';
export { saveCheckpoint, loadCheckpoint, encodeCheckpoint, decodeCheckpoint, CheckpointError, type Checkpoint } from './checkpoint.js';
export { runRecipe, checkRecipe, loadRecipeData, buildModel, MAX_WEIGHTS, buildOptimizer, buildScheduler, lossFor, rSquared, loadTrainedModel,
  D2L_RECIPE, DEFAULT_RECIPE, DATASET_NAMES,
  type Recipe, type Task, type OptimizerName, type ScheduleName, type PreparedData, type TrainingResult, type RunOptions } from './recipe.js';
export { loadModelFile, inferMlp, type InferredMlp, type ModelFile, type ModelFileOptions } from './model-file.js';
export { torchScript, checkTorchScriptRecipe, TORCH_SCRIPT_DATASETS, type TorchScriptSource } from './torch-script.js';
