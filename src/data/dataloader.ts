/**
 * Batches from a Dataset (PyTorch's DataLoader, D2L's data_iter / load_array): iterate with
 * for…of to get [X, y] per batch; each iteration is one epoch. With `shuffle`, every epoch draws
 * a new permutation from the generator, so a seeded generator replays the same epochs.
 */
import type { DType } from '../tensor/tensor.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { isBatchable, type Dataset } from './dataset.js';
import { randperm } from './permutation.js';

/** Options of DataLoader (PyTorch's names): batch size, shuffling, dropping the last partial batch. */
export interface DataLoaderOptions {
  /** Examples per batch; 1 by default, as in PyTorch. */
  batchSize?: number;
  /** Visit the examples in a new random order each epoch (false by default). */
  shuffle?: boolean;
  /** Skip the last batch when it would be smaller than batchSize (false by default). */
  dropLast?: boolean;
  /** Where shuffling draws from; the default generator (seeded by manualSeed) if absent. */
  generator?: Generator;
}

/**
 * Yields [X, y]: X float32 (batch, …) and y (batch, …) int32 for classes or float32 for regression.
 * `length` is the number of batches per epoch.
 */
export class DataLoader implements Iterable<[Tensor, Tensor]> {
  /** Examples per batch (1 by default); the last batch may be smaller unless dropLast. */
  readonly batchSize: number;
  /** Whether each epoch visits the examples in a new random order (false by default: 0, 1, 2, …). */
  readonly shuffle: boolean;
  /** Whether an epoch leaves out a last batch smaller than batchSize (false by default). */
  readonly dropLast: boolean;
  /** The random source of the shuffles; undefined uses the default generator (manualSeed). */
  readonly generator: Generator | undefined;

  /** Batches of `dataset`, as options say (batch size, shuffling, dropping the last partial batch). */
  constructor(
    /** The examples it batches. */
    readonly dataset: Dataset,
    options: DataLoaderOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new ArgumentError(`DataLoader: batchSize must be a positive integer, got ${options.batchSize}`);
    }
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.generator = options.generator;
  }

  /** The number of batches in an epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** One epoch: the batches [x, y], in a new random order each time when shuffling. */
  *[Symbol.iterator](): Iterator<[Tensor, Tensor]> {
    const dataset = this.dataset;
    const order = this.shuffle ? randperm(dataset.length, this.generator ?? defaultGenerator) : undefined;
    const batches = this.length;
    for (let b = 0; b < batches; b++) {
      const start = b * this.batchSize;
      const end = Math.min(start + this.batchSize, dataset.length);
      yield isBatchable(dataset) ? dataset.batch(start, end, order) : collate(dataset, start, end, order);
    }
  }
}

/** Stacks samples one by one, for data sets that cannot batch themselves. */
function collate(dataset: Dataset, start: number, end: number, order: Int32Array | undefined): [Tensor, Tensor] {
  const count = end - start;
  const first = dataset.get(order ? order[start] : start);
  const yDType: DType = first.y.dtype === 'int32' ? 'int32' : 'float32';
  const xBatch = Tensor.empty([count, ...first.x.shape], 'float32');
  const yBatch = Tensor.empty([count, ...first.y.shape], yDType);
  const x = xBatch.data, y = yBatch.data;
  for (let r = 0; r < count; r++) {
    const index = order ? order[start + r] : start + r;
    const sample = r === 0 ? first : dataset.get(index);
    if (!sameShape(sample.x.shape, first.x.shape) || !sameShape(sample.y.shape, first.y.shape)) {
      throw new ShapeError(
        'DataLoader',
        [first.x.shape, sample.x.shape, first.y.shape, sample.y.shape],
        `sample ${index} does not have the shapes of the batch's first sample (x, then y)`,
      );
    }
    x.set(sample.x.data, r * first.x.size);
    y.set(sample.y.data, r * first.y.size);
  }
  return [xBatch, yBatch];
}
