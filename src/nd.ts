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
  array: creation.array,
  arange: creation.arange,
  zeros: creation.zeros,
  ones: creation.ones,
  full: creation.full,
  eye: creation.eye,
  linspace: creation.linspace,
  zerosLike: creation.zerosLike,
  onesLike: creation.onesLike,
  dot: ops.dot,
  maximum: ops.maximum,
  minimum: ops.minimum,
  exp: ops.exp,
  log: ops.log,
  sqrt: ops.sqrt,
  abs: ops.abs,
  relu: ops.relu,
  sigmoid: ops.sigmoid,
  tanh: ops.tanh,
  softmax: ops.softmax,
  logSoftmax: ops.logSoftmax,
  sum: ops.sum,
  mean: ops.mean,
  pick: ops.pick,
  where: ops.where,
  concat: (tensors: Parameters<typeof ops.concat>[0], options?: { dim?: number }) => ops.concat(tensors, options?.dim ?? 1),
  stack: ops.stack,
  random: {
    /** MXNet's nd.random.normal(loc=0, scale=1, shape). */
    normal: (options: RandomShape & { loc?: number; scale?: number } = {}) =>
      creation.normal(options.shape ?? [1], { mean: options.loc, std: options.scale, dtype: options.dtype }),
    /** MXNet's nd.random.uniform(low=0, high=1, shape). */
    uniform: (options: RandomShape & { low?: number; high?: number } = {}) =>
      creation.uniform(options.shape ?? [1], { low: options.low, high: options.high, dtype: options.dtype }),
    randint: (low: number, high: number, options: RandomShape = {}) =>
      creation.randint(low, high, options.shape ?? [1], { dtype: options.dtype }),
  },
};
