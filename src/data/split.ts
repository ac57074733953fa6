/** Splitting examples into a training and a test part at random. */
import { ArgumentError, ShapeError } from '../errors.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import type { LabeledData } from './dataset.js';
import { randperm } from './permutation.js';

/**
 * A random floor(N·trainFraction) examples for training and the rest for testing, each part in
 * shuffled order (the playground's shuffle, then split at percTrainData).
 */
export function trainTestSplit(
  data: LabeledData,
  trainFraction = 0.5,
  generator: Generator = defaultGenerator,
): {
  /** floor(N · trainFraction) examples, shuffled. */
  train: LabeledData;
  /** The other examples, shuffled. */
  test: LabeledData;
} {
  const n = data.x.shape[0];
  if (data.x.ndim === 0 || data.y.ndim === 0 || data.y.shape[0] !== n) {
    throw new ShapeError('trainTestSplit', [data.x.shape, data.y.shape], 'x and y need a first axis of the same length');
  }
  if (!(trainFraction >= 0 && trainFraction <= 1)) {
    throw new ArgumentError(`trainTestSplit: trainFraction must be in [0, 1], got ${trainFraction}`);
  }
  const order = randperm(n, generator);
  const numTrain = Math.floor(n * trainFraction);
  const part = (start: number, end: number): LabeledData => {
    const rows = new Tensor(order.slice(start, end), [end - start]);
    return { x: data.x.detach().take(rows), y: data.y.detach().take(rows) };
  };
  return { train: part(0, numTrain), test: part(numTrain, n) };
}
