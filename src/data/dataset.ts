/**
 * What a data set is: a length and one sample per index (PyTorch's map-style Dataset). A data set
 * that holds its examples in contiguous arrays also offers `batch`, which the DataLoader prefers:
 * it copies whole rows into one array per batch instead of making a tensor per sample.
 */
import { ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** One example: its features and its target (a 0-d int32 class or a float32 target). */
export interface Sample {
  /** The features: one row of the data set's x, its first axis dropped. */
  x: Tensor;
  /** The target: a 0-d int32 class index, or float32 values for regression. */
  y: Tensor;
}

/** Features and targets of many examples: x is (N, …), y is (N) or (N, k). */
export interface LabeledData {
  /** Features, one row per example: (N, …). */
  x: Tensor;
  /** Targets, row i for x's row i: (N) int32 class indices or (N, k) float32 values. */
  y: Tensor;
}

export interface Dataset {
  /** The number of examples; get takes indices 0 … length − 1. */
  readonly length: number;
  /** Sample `index`, 0 ≤ index < length. */
  get(index: number): Sample;
}

/** A Dataset that can copy many samples at once into one batch. */
export interface BatchableDataset extends Dataset {
  /**
   * Samples order[start], …, order[end − 1] (or start, …, end − 1 without an order) stacked:
   * x (end − start, …) float32 and y (end − start, …) in the targets' dtype.
   */
  batch(start: number, end: number, order?: Int32Array): [Tensor, Tensor];
}

export function isBatchable(dataset: Dataset): dataset is BatchableDataset {
  return typeof (dataset as Partial<BatchableDataset>).batch === 'function';
}

/**
 * Examples held as two tensors whose first axes match (PyTorch's TensorDataset, D2L's
 * load_array). Features are stored float32; targets int32 (classes) or float32 (regression).
 * `get(i)` and `batch` return copies (a sample can outlive its data set).
 */
export class TensorDataset implements BatchableDataset {
  /** The features, detached and as float32: (N, …). */
  readonly x: Tensor;
  /** The targets, detached (float64 stored as float32, int32 kept): (N, …). */
  readonly y: Tensor;

  /** Examples x and targets y, paired along their first axis (torch.utils.data.TensorDataset). */
  constructor(x: Tensor, y: Tensor) {
    if (x.ndim === 0 || y.ndim === 0 || x.shape[0] !== y.shape[0]) {
      throw new ShapeError('TensorDataset', [x.shape, y.shape], 'x and y need a first axis of the same length (one row per example)');
    }
    // Detached: batches are data, never part of a graph that reaches back into the set.
    this.x = x.dtype === 'float32' ? x.detach() : x.detach().astype('float32');
    this.y = y.dtype === 'float64' ? y.detach().astype('float32') : y.detach();
  }

  /** The number of examples. */
  get length(): number {
    return this.x.shape[0];
  }

  get(index: number): Sample {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new RangeError(`TensorDataset.get: index ${index} is out of range for ${this.length} examples`);
    }
    return { x: this.x.index(index), y: this.y.index(index) };
  }

  batch(start: number, end: number, order?: Int32Array): [Tensor, Tensor] {
    return [rows(this.x, start, end, order), rows(this.y, start, end, order)];
  }
}

/** Rows start…end of t (or rows order[start…end)) as a new tensor; one gather or copy per batch. */
function rows(t: Tensor, start: number, end: number, order?: Int32Array): Tensor {
  return order ? t.take(order.subarray(start, end)) : t.slice(0, start, end);
}
