/**
 * The book's dialect: MXNet's `nd` namespace, so the chapter translates line by line
 * (`nd.arange(-8.0, 8.0, 0.1)`, `nd.random.normal({ scale: 0.01, shape: [784, 256] })`, `nd.dot(X, W)`).
 * Every name is a thin alias of the same tensors and ops as the PyTorch-style API.
 */
import * as creation from './tensor/creation.js';
import type { DType } from './backend/backend.js';
import type { ShapeLike } from './tensor/creation.js';
import * as ops from './ops/index.js';

interface RandomShape {
  shape?: ShapeLike;
  dtype?: DType;
}

/** The book's (MXNet's) `nd` namespace: arange, array, random.normal, dot, … as aliases of the library's tensors and ops. */
export const nd = {
  /** MXNet's nd.array: a tensor from (nested) numbers or a typed array. */
  array: creation.array,
  /** MXNet's nd.arange(start, stop, step). */
  arange: creation.arange,
  /** MXNet's nd.zeros(shape). */
  zeros: creation.zeros,
  /** MXNet's nd.ones(shape). */
  ones: creation.ones,
  /** MXNet's nd.full(shape, value). */
  full: creation.full,
  /** MXNet's nd.eye(n): the identity matrix. */
  eye: creation.eye,
  /** MXNet's nd.linspace(start, stop, num). */
  linspace: creation.linspace,
  /** MXNet's nd.zeros_like. */
  zerosLike: creation.zerosLike,
  /** MXNet's nd.ones_like. */
  onesLike: creation.onesLike,
  /** MXNet's nd.dot: the matrix product (the inner product of two vectors). */
  dot: ops.dot,
  /** MXNet's nd.maximum: the larger of two tensors, elementwise (the book's ReLU: nd.maximum(X, 0)). */
  maximum: ops.maximum,
  /** MXNet's nd.minimum, elementwise. */
  minimum: ops.minimum,
  /** MXNet's nd.exp, elementwise. */
  exp: ops.exp,
  /** MXNet's nd.log, elementwise. */
  log: ops.log,
  /** MXNet's nd.sqrt, elementwise. */
  sqrt: ops.sqrt,
  /** MXNet's nd.abs, elementwise. */
  abs: ops.abs,
  /** MXNet's nd.relu. */
  relu: ops.relu,
  /** MXNet's nd.sigmoid. */
  sigmoid: ops.sigmoid,
  /** MXNet's nd.tanh. */
  tanh: ops.tanh,
  /** MXNet's nd.softmax (along the last axis by default). */
  softmax: ops.softmax,
  /** MXNet's nd.log_softmax (along the last axis by default). */
  logSoftmax: ops.logSoftmax,
  /** MXNet's nd.sum over axes. */
  sum: ops.sum,
  /** MXNet's nd.mean over axes. */
  mean: ops.mean,
  /** MXNet's nd.pick: for each position, the entry named by an index (cross-entropy's ŷ[y]). */
  pick: ops.pick,
  /** MXNet's nd.where(condition, x, y). */
  where: ops.where,
  /** MXNet's nd.concat(tensors, { dim }): joined along an existing axis (1 by default, as MXNet). */
  concat: (tensors: Parameters<typeof ops.concat>[0], options?: { dim?: number }) => ops.concat(tensors, options?.dim ?? 1),
  /** MXNet's nd.stack: joined along a new axis. */
  stack: ops.stack,
  /** MXNet's nd.random: normal, uniform and randint, each with `shape` ([1] by default) and `dtype`. */
  random: {
    /** MXNet's nd.random.normal(loc=0, scale=1, shape). */
    normal: (options: RandomShape & { loc?: number; scale?: number } = {}) =>
      creation.normal(options.shape ?? [1], { mean: options.loc, std: options.scale, dtype: options.dtype }),
    /** MXNet's nd.random.uniform(low=0, high=1, shape). */
    uniform: (options: RandomShape & { low?: number; high?: number } = {}) =>
      creation.uniform(options.shape ?? [1], { low: options.low, high: options.high, dtype: options.dtype }),
    /** MXNet's nd.random.randint(low, high, shape): integers in [low, high). */
    randint: (low: number, high: number, options: RandomShape = {}) =>
      creation.randint(low, high, options.shape ?? [1], { dtype: options.dtype }),
  },
};
