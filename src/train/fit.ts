/**
 * The training loop (D2L's train_ch3, Keras's fit): epochs of minibatch steps, then an evaluation,
 * with per-epoch loss, accuracy and throughput recorded in a History. It calls only library pieces
 * a user could call: the model, the loss, the optimizer's zeroGrad/step, the data loaders.
 */
import { noGrad } from '../autograd/tape.js';
import { autocast, type AutocastDtype } from '../ops/autocast.js';
import { ArgumentError, PerceptronError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** What fit needs of a model: a forward call and train/eval modes (every nn.Module has them). */
export interface Trainable {
  /** The model's output for a batch. */
  call(x: Tensor): Tensor;
  /** Training mode (dropout on). */
  train(mode?: boolean): unknown;
  /** Evaluation mode (dropout off). */
  eval(): unknown;
  /** The trained tensors, checked for divergence after each epoch when there is no test data. */
  parameters?(): Iterable<Tensor>;
}

/** What fit needs of an optimizer (every optim.Optimizer has it). */
export interface Stepper {
  /** Clears the gradients before a step's backward pass. */
  zeroGrad(): void;
  /** Updates the parameters from their gradients. */
  step(): void;
}

/** A loss of (output, target): a scalar, or one value per example (then averaged). */
export type LossFunction = (output: Tensor, target: Tensor) => Tensor;

/** Batches of [X, y]; iterating again starts a new epoch (a DataLoader). */
export type Batches = Iterable<[Tensor, Tensor]>;

/** What fit records of one epoch (a row of the History). */
export interface EpochRecord {
  /** The epoch's number, counted from 1 (and on from startEpoch when a run continues). */
  epoch: number;
  /** Mean training loss per example over the epoch's steps, each taken before its update. */
  trainLoss: number;
  /** Fraction of training examples classified right during the epoch (classification only). */
  trainAccuracy?: number;
  /** Mean loss per example on testData after the epoch, in eval mode; absent without testData. */
  testLoss?: number;
  /** Fraction of test examples classified right after the epoch (classification with testData only). */
  testAccuracy?: number;
  /** Training examples per second over the training steps alone (forward, backward, update). */
  samplesPerSecond: number;
  /** Wall time of the epoch, evaluation included. */
  seconds: number;
  /** The learning rate FitOptions.lr reported at the end of the epoch (after the scheduler's step); absent without it. */
  lr?: number;
}

/** Every epoch fit has run, as it returns it. */
export interface History {
  /** One record per finished epoch, oldest first; fit appends to it (a continued run included). */
  epochs: EpochRecord[];
}

/** The progress after one training step, passed to FitOptions.onBatch. */
export interface BatchEvent {
  /** The current epoch, counted from 1. */
  epoch: number;
  /** Steps done in this epoch, this one included (1 after the first). */
  batch: number;
  /** Steps per epoch when the training data has a length (a DataLoader); undefined otherwise. */
  batches: number | undefined;
  /** This step's training loss (mean over its batch). */
  loss: number;
  /** Training examples seen so far in this epoch. */
  samples: number;
  /** Time spent in this epoch's steps so far (forward, backward, update), in seconds. */
  seconds: number;
}

/** What fit trains with, and how it reports. */
export interface FitOptions {
  /** The loss of (output, target) that each step minimizes (e.g. nn.softmaxCrossEntropy). */
  loss: LossFunction;
  /** Zeroes the gradients and updates the parameters at each step (an optim.Optimizer). */
  optimizer: Stepper;
  /** The epoch to stop after: fit runs epochs startEpoch + 1 … epochs. */
  epochs: number;
  /** Batches evaluated after every epoch for testLoss and testAccuracy; none by default. */
  testData?: Batches;
  /** Stepped once per epoch, after the optimizer steps (StepLR, CosineAnnealingLR, …). */
  scheduler?: {
    /** Advances the schedule by one epoch. */
    step(): void;
  };
  /** Accuracy is measured for classification: integer labels and one output per class. */
  task?: 'classification' | 'regression';
  /** Continue a run: the first epoch to run is startEpoch + 1, appended to `history`. */
  startEpoch?: number;
  /** The History to append to (a continued run's); a new, empty one by default. */
  history?: History;
  /** Called after every training step, with the running loss and speed (progress bars). */
  onBatch?: (event: BatchEvent) => void;
  /** Called after each epoch (e.g. to save a checkpoint); awaited before the next epoch starts. */
  onEpochEnd?: (record: EpochRecord, history: History) => void | Promise<void>;
  /** The learning rate to record per epoch (e.g. () => optimizer.lr). */
  lr?: () => number;
  /** Matrix products in this precision, training and test alike (autocast; float32 weights and sums); float32 by default. */
  autocast?: AutocastDtype | null;
}

/**
 * Training stopped because the loss turned non-finite (NaN or ±Infinity): where it happened and the
 * last finite loss, so the run can be retried from the last checkpoint with other settings.
 */
export class TrainingDivergedError extends PerceptronError {
  /** Where the run diverged (epoch, step), the non-finite loss, and the last finite one. */
  constructor(
    /** The epoch it diverged in, counted from 1. */
    readonly epoch: number,
    /** The step within that epoch, counted from 1 (the epoch's last step for 'test loss' and 'weights'). */
    readonly step: number,
    /** Steps per epoch, when the training data has a length; undefined otherwise. */
    readonly steps: number | undefined,
    /** The non-finite value found: the loss (NaN, ±Infinity), or for 'weights' the first non-finite parameter value. */
    readonly loss: number,
    /** The last step whose training loss was finite; undefined if none was. */
    readonly lastFinite:
      | {
          /** That step's training loss. */
          loss: number;
          /** Its epoch, counted from 1. */
          epoch: number;
          /** Its step within the epoch, counted from 1. */
          step: number;
        }
      | undefined,
    /**
     * 'loss': the step's training loss; 'test loss': the evaluation after the epoch's last step;
     * 'weights': the parameters after the epoch's last step, when there is no test data.
     */
    readonly which: 'loss' | 'test loss' | 'weights' = 'loss',
  ) {
    const last = lastFinite ? `the last finite loss was ${lastFinite.loss} (epoch ${lastFinite.epoch}, step ${lastFinite.step})` : 'no step had a finite loss';
    const what = which === 'weights' ? `the weights are not finite after its update (a value of ${loss})` : `the ${which} is ${loss}`;
    super(
      `training diverged at epoch ${epoch}, step ${step}${steps === undefined ? '' : ` of ${steps}`}: ${what}; ${last}. ` +
        'Try a smaller learning rate (--lr), another initialisation (--init) or normalised inputs; the weights of the last finished epoch are kept',
    );
  }
}

/** The first NaN or ±Infinity among the model's parameters, or undefined when all are finite. */
function firstNonFiniteParameter(model: Trainable): number | undefined {
  for (const parameter of model.parameters?.() ?? []) {
    const values = parameter.data;
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return values[i];
  }
  return undefined;
}

/** Mean of the loss over a batch, whether the loss function reduced it or not. */
function batchLoss(loss: LossFunction, output: Tensor, target: Tensor): Tensor {
  const value = loss(output, target);
  return value.size === 1 ? value : value.mean();
}

/** Number of rows whose largest output is at the label's index. */
export function countCorrect(output: Tensor, labels: Tensor): number {
  const predicted = output.argmax(-1).data;
  let correct = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === labels.data[i]) correct++;
  return correct;
}

/** The class each row of x is predicted to be: the model in eval mode, nothing recorded, argmax of its output. */
export function predictLabels(model: Trainable, x: Tensor): Tensor {
  model.eval();
  return noGrad(() => model.call(x)).argmax(-1);
}

const isClassification = (task: FitOptions['task'], output: Tensor, labels: Tensor): boolean =>
  task ? task === 'classification' : labels.dtype === 'int32' && output.ndim === 2 && output.shape[1] > 1;

/** What evaluate measured over a data set. */
export interface Evaluation {
  /** Mean loss per example. */
  loss: number;
  /** Fraction of examples classified right; undefined unless the task is classification. */
  accuracy?: number;
  /** The number of examples evaluated. */
  samples: number;
}

/** Average loss (and accuracy, for classification) over every batch, in eval mode and without recording. */
export function evaluate(model: Trainable, data: Batches, options: { loss: LossFunction; task?: FitOptions['task']; autocast?: AutocastDtype | null }): Evaluation {
  model.eval();
  let total = 0;
  let correct = 0;
  let samples = 0;
  let classification = false;
  noGrad(() => {
    for (const [X, y] of data) {
      const output = autocast(options.autocast ?? null, () => model.call(X));
      const n = X.shape[0];
      total += batchLoss(options.loss, output, y).item() * n;
      classification = isClassification(options.task, output, y);
      if (classification) correct += countCorrect(output, y);
      samples += n;
    }
  });
  return { loss: total / samples, accuracy: classification ? correct / samples : undefined, samples };
}

/** Trains `model` on `trainData` for the given epochs and returns the history of every epoch. */
export async function fit(model: Trainable, trainData: Batches, options: FitOptions): Promise<History> {
  const { loss, optimizer, epochs } = options;
  if (!Number.isInteger(epochs) || epochs < 0) throw new ArgumentError(`fit: epochs must be a non-negative integer, got ${epochs}`);
  const history: History = options.history ?? { epochs: [] };
  const batches = 'length' in trainData && typeof trainData.length === 'number' ? trainData.length : undefined;
  let lastFinite: { loss: number; epoch: number; step: number } | undefined;
  for (let epoch = (options.startEpoch ?? 0) + 1; epoch <= epochs; epoch++) {
    const started = performance.now();
    let stepTime = 0;
    let total = 0;
    let correct = 0;
    let samples = 0;
    let classification = false;
    let batch = 0;
    model.train();
    for (const [X, y] of trainData) {
      const stepStart = performance.now();
      const output = autocast(options.autocast ?? null, () => model.call(X));
      const l = batchLoss(loss, output, y);
      const value = l.item();
      // Checked before the step, so the weights stay those that gave the last finite loss.
      if (!Number.isFinite(value)) throw new TrainingDivergedError(epoch, batch + 1, batches, value, lastFinite);
      lastFinite = { loss: value, epoch, step: batch + 1 };
      optimizer.zeroGrad();
      l.backward();
      optimizer.step();
      stepTime += performance.now() - stepStart;
      const n = X.shape[0];
      total += value * n;
      classification = isClassification(options.task, output, y);
      if (classification) correct += countCorrect(output, y);
      samples += n;
      batch++;
      options.onBatch?.({ epoch, batch, batches, loss: value, samples, seconds: stepTime / 1000 });
    }
    if (samples === 0) throw new ArgumentError('fit: the training data yielded no batches');
    options.scheduler?.step();
    const test = options.testData ? evaluate(model, options.testData, { loss, task: options.task, autocast: options.autocast }) : undefined;
    const record: EpochRecord = {
      epoch,
      trainLoss: total / samples,
      trainAccuracy: classification ? correct / samples : undefined,
      testLoss: test?.loss,
      testAccuracy: test?.accuracy,
      samplesPerSecond: samples / (stepTime / 1000),
      seconds: (performance.now() - started) / 1000,
      lr: options.lr?.(),
    };
    // The last step's update may have made the weights non-finite: then the test loss shows it (or,
    // without test data, the weights themselves), and the epoch is not recorded (nor, by
    // onEpochEnd, saved).
    if (test && !Number.isFinite(test.loss)) throw new TrainingDivergedError(epoch, batch, batches, test.loss, lastFinite, 'test loss');
    const badWeight = test ? undefined : firstNonFiniteParameter(model);
    if (badWeight !== undefined) throw new TrainingDivergedError(epoch, batch, batches, badWeight, lastFinite, 'weights');
    history.epochs.push(record);
    await options.onEpochEnd?.(record, history);
  }
  return history;
}
