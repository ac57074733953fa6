/**
 * What a data set is: a length and one sample per index (PyTorch's map-style Dataset). A data set
 * that holds its examples in contiguous arrays also offers `batch`, which the DataLoader prefers:
 * it copies whole rows into one array per batch instead of making a tensor per sample.
 */
import { allocate } from '../backend/backend.js';
import { getBackend } from '../backend/index.js';
import { ShapeError } from '../errors.js';
import { sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** One example: its features and its target (a 0-d int32 class or a float32 target). */
export interface Sample {
  x: Tensor;
  y: Tensor;
}

/** Features and targets of many examples: x is (N, …), y is (N) or (N, k). */
export interface LabeledData {
  x: Tensor;
  y: Tensor;
}

export interface Dataset {
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
 * `get(i)` returns views that share memory with the data set.
 */
export class TensorDataset implements BatchableDataset {
  readonly x: Tensor;
  readonly y: Tensor;
  readonly #xRow: number;
  readonly #yRow: number;

  constructor(x: Tensor, y: Tensor) {
    if (x.ndim === 0 || y.ndim === 0 || x.shape[0] !== y.shape[0]) {
      throw new ShapeError('TensorDataset', [x.shape, y.shape], 'x and y need a first axis of the same length (one row per example)');
    }
    this.x = x.dtype === 'float32' ? x : x.detach().astype('float32');
    this.y = y.dtype === 'float64' ? y.detach().astype('float32') : y;
    this.#xRow = sizeOf(x.shape.slice(1));
    this.#yRow = sizeOf(y.shape.slice(1));
  }

  get length(): number {
    return this.x.shape[0];
  }

  get(index: number): Sample {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new RangeError(`TensorDataset.get: index ${index} is out of range for ${this.length} examples`);
    }
    return {
      // Copies, not views: on the wasm backend a view into the data set's memory would not keep
      // that memory alive, and a sample can outlive its data set.
      x: new Tensor(this.x.data.slice(index * this.#xRow, (index + 1) * this.#xRow), this.x.shape.slice(1)),
      y: new Tensor(this.y.data.slice(index * this.#yRow, (index + 1) * this.#yRow), this.y.shape.slice(1)),
    };
  }

  batch(start: number, end: number, order?: Int32Array): [Tensor, Tensor] {
    return [rows(this.x, this.#xRow, start, end, order), rows(this.y, this.#yRow, start, end, order)];
  }
}

/** Rows start…end of t (or rows order[start…end)) as a new tensor; one copy per batch. */
function rows(t: Tensor, rowSize: number, start: number, end: number, order?: Int32Array): Tensor {
  const shape = [end - start, ...t.shape.slice(1)];
  if (!order) return new Tensor(t.data.slice(start * rowSize, end * rowSize), shape);
  const out = allocate(t.dtype, (end - start) * rowSize, false);
  getBackend().gatherRows(t.data, rowSize, order.subarray(start, end), out);
  return new Tensor(out, shape);
}
