/**
 * A training recipe: everything that defines a run (data, network, optimizer, schedule, epochs,
 * seed) as plain JSON, and runRecipe(), which turns it into library calls. The CLI's `train`
 * command and the README's main job are this function with a recipe built from flags; a
 * checkpoint stores the recipe so `eval`, `predict` and `--resume` rebuild the same model.
 */
import { existsSync } from 'node:fs';
import { DataLoader, TensorDataset, fashionMnist, mnist, loadCsv, trainTestSplit, drawSyntheticDataset, isSyntheticDataset,
  syntheticDatasetNames, syntheticDatasets, type LabeledData, type Task } from '../data/index.js';
import { ArgumentError } from '../errors.js';
import { mlp, softmaxCrossEntropy, squaredLoss, type Module } from '../nn/index.js';
import { CosineAnnealingLR, StepLR, makeOptimizer, type LRScheduler, type Optimizer, type OptimizerName } from '../optim/index.js';
import { noGrad } from '../autograd/tape.js';
import type { AutocastDtype } from '../ops/autocast.js';
import { defaultGenerator, Generator, manualSeed } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { CheckpointError, loadCheckpoint, saveCheckpoint, type Checkpoint } from './checkpoint.js';
import { evaluate, fit, type BatchEvent, type EpochRecord, type History, type LossFunction } from './fit.js';

export type { Task, OptimizerName };
/** The learning-rate schedules a recipe can name. */
export type ScheduleName = 'constant' | 'step' | 'cosine';

/** Everything that defines a training run, as plain JSON (what `perceptron train` builds from its flags). */
export interface Recipe {
  /** 'fashion-mnist', 'mnist', a synthetic set (src/data/registry.ts) or the path of a CSV file. */
  dataset: string;
  /** A CSV file's SHA-256 when the run was trained (the CLI records it; eval refuses a changed file). */
  datasetSha256?: string;
  /** Folder with the IDX files (else $PERCEPTRON_DATA, Debian's package, the cache, a download). */
  dataPath?: string;
  /** (Fashion-)MNIST: whether the files may be downloaded into the cache when found nowhere (true by default). */
  download?: boolean;
  /** Synthetic sets: how many points to draw; each set has its default. */
  samples?: number;
  /** Synthetic sets: the playground's noise (0…0.5); each set has its default. */
  noise?: number;
  /** Synthetic and CSV data: the fraction held out for testing. */
  testFraction?: number;
  /** CSV: the label column, by header name or index (negative from the end; the last by default). */
  labelColumn?: string | number;
  /** CSV: 'classification' or 'regression'; inferred from the labels by default (loadCsv). */
  task?: Task;
  /** The hidden layers' widths, input side first ([256] is 784-256-10 on Fashion-MNIST); [] is a linear model (softmax regression, for classes). */
  hidden: number[];
  /** The activation table's name of the nonlinearity after each hidden layer ('relu'), with PyTorch's default options. */
  activation: string;
  /** 'normal:0.01' (the book's), 'kaiming', 'xavier', 'pytorch', … (nn.parseInit). */
  init: string;
  /** Dropout probability after each hidden activation, in [0, 1); 0 adds no Dropout. */
  dropout: number;
  /** 'sgd', 'momentum', 'nesterov', 'adam' or 'adamw' (optim.makeOptimizer). */
  optimizer: OptimizerName;
  /** The initial learning rate; the schedule changes it per epoch. */
  lr: number;
  /** For 'momentum' and 'nesterov'; 0 means the factory's default (DEFAULT_MOMENTUM, 0.9). */
  momentum: number;
  /** L2 penalty passed to the optimizer (decoupled for AdamW); 0 for none. */
  weightDecay: number;
  /** Per epoch: 'constant', 'cosine' (annealed toward 0 over the run) or 'step' (×0.1 every third of the run). */
  schedule: ScheduleName;
  /** Training examples per step; the test split is evaluated in batches of 1024. */
  batchSize: number;
  /** The number of passes over the training split (the total, when resuming). */
  epochs: number;
  /** Seeds the default generator (initial weights, shuffles, dropout) and, separately, the data's draws and split. */
  seed: number;
  /**
   * 'bfloat16': matrix products with operands rounded to bfloat16 and float32 sums, weights kept in
   * float32 (autocast; about twice as fast where the CPU has AVX512_BF16). Absent: float32.
   */
  autocast?: AutocastDtype;
}

/** D2L's recipe (§3.9–3.10): 784-256-10, ReLU, N(0, 0.01²) weights, SGD lr 0.1 on the mean loss, batch 256, 10 epochs. */
export const D2L_RECIPE: Recipe = {
  dataset: 'fashion-mnist', hidden: [256], activation: 'relu', init: 'normal:0.01', dropout: 0,
  optimizer: 'sgd', lr: 0.1, momentum: 0, weightDecay: 0, schedule: 'constant', batchSize: 256, epochs: 10, seed: 0,
};

/**
 * `perceptron train` with no options: 784-512-256-10 with ReLU and dropout 0.2, PyTorch's init,
 * Adam (lr 2e-3) with cosine annealing, batch 256, 20 epochs: test accuracy 0.900 on Fashion-MNIST
 * (0.8994–0.9015 over seeds 0–4) in about a minute on two cores, where batch 128 at lr 1e-3 for 15
 * epochs reached 0.896–0.897 in the same time: the larger batch runs more samples a second, which
 * buys the five extra epochs (figures in bench/RESULTS.md).
 */
export const DEFAULT_RECIPE: Recipe = {
  ...D2L_RECIPE, hidden: [512, 256], dropout: 0.2, init: 'pytorch', optimizer: 'adam', lr: 2e-3, schedule: 'cosine', batchSize: 256, epochs: 20,
};

/** The data set names a recipe takes (besides the path of a CSV file). */
export const DATASET_NAMES: readonly string[] = ['fashion-mnist', 'mnist', ...syntheticDatasetNames];

/** A recipe's data, ready to train on: the splits, the task and the widths of input and output. */
export interface PreparedData {
  /** The training split: x (N, inputs) float32; y (N) int32 classes or (N, 1) float32 targets. */
  train: LabeledData;
  /** The test split, shaped as train (the data set's own test files, or testFraction of the rows). */
  test: LabeledData;
  /** 'classification' or 'regression': it picks the loss and whether accuracy is measured. */
  task: Task;
  /** Features per example: the network's input width (784 for 28 × 28 images). */
  inputs: number;
  /** The network's output width: the number of classes, or 1 for regression. */
  outputs: number;
  /** Class names in label order, where the data has them ((Fashion-)MNIST, a CSV's class labels). */
  classNames?: readonly string[];
  /** Image side length for image data sets (28), to draw predictions. */
  imageSide?: number;
  /** One line for messages: "Fashion-MNIST (60000 train, 10000 test images)". */
  description: string;
}

/** Classification targets as int32 class indices (N); regression targets as float32 (N, 1). */
function asTask(data: LabeledData, task: Task): LabeledData {
  const n = data.x.shape[0];
  const x = data.x.reshape(n, -1);
  const y = task === 'classification' ? data.y.reshape(n).astype('int32') : data.y.reshape(n, 1).astype('float32');
  return { x: x.dtype === 'float32' ? x : x.astype('float32'), y };
}

function countClasses(y: Tensor): number {
  let max = 0;
  for (let i = 0; i < y.size; i++) max = Math.max(max, y.data[i]);
  return max + 1;
}

/**
 * Loads (or generates) the recipe's data. Synthetic sets and train/test splits draw from their own
 * generator seeded with recipe.seed, so the same recipe always sees the same data, whatever else
 * has drawn from the default generator.
 */
export async function loadRecipeData(recipe: Recipe): Promise<PreparedData> {
  const name = recipe.dataset;
  const generator = new Generator(recipe.seed);
  if (name === 'fashion-mnist' || name === 'mnist') {
    const load = name === 'mnist' ? mnist : fashionMnist;
    const data = await load({ path: recipe.dataPath, download: recipe.download });
    const split = (s: { images: Tensor; labels: Tensor }) => asTask({ x: s.images, y: s.labels }, 'classification');
    return {
      train: split(data.train), test: split(data.test), task: 'classification', inputs: 784, outputs: data.classNames.length,
      classNames: data.classNames, imageSide: data.train.images.shape[1],
      description: `${name === 'mnist' ? 'MNIST' : 'Fashion-MNIST'} (${data.train.images.shape[0]} train, ${data.test.images.shape[0]} test images)`,
    };
  }
  let full: LabeledData;
  let task: Task;
  let classNames: readonly string[] | undefined;
  let description: string;
  if (isSyntheticDataset(name)) {
    const synthetic = syntheticDatasets[name];
    task = synthetic.task;
    const samples = recipe.samples ?? synthetic.samples;
    const noise = recipe.noise ?? synthetic.noise;
    full = asTask(drawSyntheticDataset(name, generator, { samples, noise }), task);
    description = `synthetic '${name}' (${samples} points, noise ${noise})`;
  } else if (name.toLowerCase().endsWith('.csv') || existsSync(name)) {
    const csv = loadCsv(name, { labelColumn: recipe.labelColumn, task: recipe.task });
    task = csv.task;
    full = asTask({ x: csv.x, y: csv.y }, task);
    classNames = csv.classNames ?? undefined;
    description = `${name} (${csv.x.shape[0]} rows, ${csv.featureNames.length} features, label '${csv.labelName}')`;
  } else {
    throw new ArgumentError(`unknown dataset '${name}': use ${DATASET_NAMES.join(', ')}, or the path of a CSV file`);
  }
  const { train, test } = trainTestSplit(full, 1 - (recipe.testFraction ?? 0.2), generator);
  const outputs = task === 'classification' ? Math.max(countClasses(full.y), classNames?.length ?? 0) : 1;
  return { train, test, task, inputs: full.x.shape[1], outputs, classNames, description };
}

/** The most weights a recipe's network may have: 2²⁸ float32 weights are 1 GiB, 4 GiB with gradients and Adam's two buffers. */
export const MAX_WEIGHTS = 2 ** 28;

/** Weights and biases of an MLP with these layer widths (inputs first, outputs last). */
export function countWeights(widths: readonly number[]): number {
  let weights = 0;
  for (let i = 1; i < widths.length; i++) weights += (widths[i - 1] + 1) * widths[i];
  return weights;
}

/** The recipe's network for `inputs` features and `outputs` targets; refused, before anything is allocated, over MAX_WEIGHTS. */
export function buildModel(recipe: Recipe, inputs: number, outputs: number): Module {
  const widths = [inputs, ...recipe.hidden, outputs];
  const weights = countWeights(widths);
  if (weights > MAX_WEIGHTS) {
    throw new ArgumentError(`buildModel: a ${widths.join('-')} network has ${weights} weights, over the ${MAX_WEIGHTS} this machine's memory is planned for; use narrower layers`);
  }
  return mlp([inputs, ...recipe.hidden, outputs], { activation: recipe.activation, init: recipe.init, dropout: recipe.dropout });
}

/** The recipe's optimizer over `params`. */
export function buildOptimizer(recipe: Recipe, params: Tensor[]): Optimizer {
  const { lr, weightDecay } = recipe;
  return makeOptimizer(recipe.optimizer, params, { lr, weightDecay, momentum: recipe.momentum === 0 ? undefined : recipe.momentum });
}

/** A per-epoch schedule: cosine annealing to 0 over the run, or ×0.1 every third of it. */
export function buildScheduler(recipe: Recipe, optimizer: Optimizer): LRScheduler | undefined {
  switch (recipe.schedule) {
    case 'constant': return undefined;
    case 'cosine': return new CosineAnnealingLR(optimizer, { tMax: recipe.epochs });
    case 'step': return new StepLR(optimizer, { stepSize: Math.max(1, Math.round(recipe.epochs / 3)) });
    default: throw new ArgumentError(`unknown schedule '${String(recipe.schedule)}': use constant, step or cosine`);
  }
}

/** The loss of a task: softmax cross-entropy for classification, mean squared error for regression. */
export const lossFor = (task: Task): LossFunction =>
  task === 'classification' ? (out, y) => softmaxCrossEntropy(out, y) : (out, y) => squaredLoss(out, y).mean();

/** Coefficient of determination of a regression model on data: 1 − SSE/SST. */
export function rSquared(model: Module, data: LabeledData): number {
  model.eval();
  const predicted = noGrad(() => model.call(data.x));
  const y = data.y;
  const mean = y.mean().item();
  return 1 - predicted.sub(y).square().sum().item() / y.sub(mean).square().sum().item();
}

/** What runRecipe returns: the recipe, the data, the trained model, its history and the final scores. */
export interface TrainingResult {
  /** The recipe run: a resumed checkpoint's own, with the epochs asked for. */
  recipe: Recipe;
  /** The data it trained and was tested on. */
  data: PreparedData;
  /** The trained network, in eval mode. */
  model: Module;
  /** Every epoch's record, those of a resumed run included. */
  history: History;
  /** The last epoch's mean training loss; NaN if no epoch ran. */
  trainLoss: number;
  /** Mean loss on the test split after training. */
  testLoss: number;
  /** Fraction of the test split classified right after training (classification only). */
  testAccuracy?: number;
  /** For regression: R² on the test split. */
  testR2?: number;
  /** Training examples per second over all epochs run now (training steps only). */
  samplesPerSecond: number;
  /** Wall time of runRecipe, data loading and evaluation included, in seconds. */
  seconds: number;
}

/** Options of runRecipe: progress callbacks, where to save checkpoints, what to resume. */
export interface RunOptions {
  /** Called after every training step, with the running loss and speed (progress bars). */
  onBatch?: (event: BatchEvent) => void;
  /** Called after each epoch, once its checkpoint (if any) is saved. */
  onEpochEnd?: (record: EpochRecord) => void;
  /** Save a checkpoint here after every epoch (atomically). */
  checkpointPath?: string;
  /** Continue the run saved in this checkpoint (its recipe wins over `recipe`, except epochs). */
  resume?: Checkpoint;
}

/**
 * Throws the error a bad value of the recipe would raise in training (a dropout of 2, a negative
 * learning rate, an unknown activation …), before any data is read: it builds the recipe's model,
 * optimizer and schedule on a stand-in of one input and one output, so every check stays the
 * constructors' own. Draws from the default generator (runRecipe seeds it afterwards).
 */
export function checkRecipe(recipe: Recipe): void {
  const optimizer = buildOptimizer(recipe, buildModel(recipe, 1, 1).parameters());
  buildScheduler(recipe, optimizer);
}

/** Runs a recipe from data to a trained model, seeded and reproducible. */
export async function runRecipe(recipe: Recipe, options: RunOptions = {}): Promise<TrainingResult> {
  const started = performance.now();
  const resume = options.resume;
  const effective: Recipe = resume ? { ...(resume.config.recipe as Recipe), epochs: recipe.epochs } : recipe;
  checkRecipe(effective);
  manualSeed(effective.seed);
  const data = await loadRecipeData(effective);
  const model = buildModel(effective, data.inputs, data.outputs);
  const optimizer = buildOptimizer(effective, model.parameters());
  const scheduler = buildScheduler(effective, optimizer);
  if (resume) {
    model.loadStateDict(resume.weights);
    if (resume.optimizer) optimizer.loadStateDict(resume.optimizer);
    for (let e = 0; e < resume.epoch; e++) scheduler?.step();
    if (resume.generatorState) defaultGenerator.setState(resume.generatorState);
  }
  const train = new DataLoader(new TensorDataset(data.train.x, data.train.y), { batchSize: effective.batchSize, shuffle: true });
  const test = new DataLoader(new TensorDataset(data.test.x, data.test.y), { batchSize: 1024 });
  const loss = lossFor(data.task);
  const firstEpoch = resume?.epoch ?? 0;
  const history = await fit(model, train, {
    loss, optimizer, scheduler, epochs: effective.epochs, testData: test, task: data.task,
    startEpoch: firstEpoch, history: resume?.history ? structuredClone(resume.history) : undefined,
    lr: () => optimizer.lr,
    autocast: effective.autocast,
    onBatch: options.onBatch,
    onEpochEnd: async (record, soFar) => {
      if (options.checkpointPath) {
        await saveCheckpoint(options.checkpointPath, {
          weights: new Map(model.namedParameters()), config: { recipe: effective, task: data.task, inputs: data.inputs, outputs: data.outputs, classNames: data.classNames },
          epoch: record.epoch, history: soFar, optimizer: optimizer.stateDict(),
          generatorState: defaultGenerator.getState(),
        });
      }
      options.onEpochEnd?.(record);
    },
  });
  const ran = history.epochs.slice(firstEpoch);
  const final = evaluate(model, test, { loss, task: data.task, autocast: effective.autocast });
  const steps = ran.reduce((s, r) => s + data.train.x.shape[0] / r.samplesPerSecond, 0);
  return {
    recipe: effective, data, model, history,
    trainLoss: history.epochs.at(-1)?.trainLoss ?? NaN,
    testLoss: final.loss, testAccuracy: final.accuracy,
    testR2: data.task === 'regression' ? rSquared(model, data.test) : undefined,
    samplesPerSecond: ran.length ? (data.train.x.shape[0] * ran.length) / steps : 0,
    seconds: (performance.now() - started) / 1000,
  };
}

/** A model rebuilt from a checkpoint written by runRecipe, with its weights loaded. */
export async function loadTrainedModel(path: string): Promise<{
  /** The recipe's network with the checkpoint's weights. */
  model: Module;
  /** The checkpoint as read: weights, epoch, history, optimizer and generator state. */
  checkpoint: Checkpoint;
  /** The recipe it was trained with. */
  recipe: Recipe;
}> {
  const checkpoint = await loadCheckpoint(path);
  const config = checkpoint.config as { recipe?: Recipe; inputs?: number; outputs?: number };
  if (!config.recipe || !config.inputs || !config.outputs) {
    throw new CheckpointError(`${path}: the checkpoint has no recipe (was it written by perceptron train?)`);
  }
  const model = buildModel(config.recipe, config.inputs, config.outputs);
  model.loadStateDict(checkpoint.weights);
  return { model, checkpoint, recipe: config.recipe };
}
