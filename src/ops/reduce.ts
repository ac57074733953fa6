/** Reductions over axes (sum, mean, max, min, logsumexp, argmax, argmin), each with its gradient. */
import type { ReduceKernel } from '../backend/backend.js';
import { kernels } from '../backend/index.js';
import { recordOp } from '../autograd/tape.js';
import { normalizeAxes, normalizeAxis, sameShape, type Shape } from '../tensor/shape.js';
import type { Axes, ReduceOptions, Tensor } from '../tensor/tensor.js';
import { where } from './elementwise.js';
import { broadcastTo, reshape } from './movement.js';
import { emptyLike } from './operands.js';

interface Reduced {
  out: Tensor;
  /** The output's shape with reduced axes kept as size 1: what broadcasts back over the input. */
  keptShape: number[];
}

function runReduce(op: string, kernel: ReduceKernel, x: Tensor, axes: Axes | undefined, options?: ReduceOptions): Reduced {
  const reduced = normalizeAxes(op, axes, x.ndim);
  const keptShape = x.shape.map((d, i) => (reduced.includes(i) ? 1 : d));
  const outShape = options?.keepdims ? keptShape : x.shape.filter((_, i) => !reduced.includes(i));
  const isArg = kernel === 'argmax' || kernel === 'argmin';
  const out = emptyLike(outShape, isArg ? 'int32' : x.dtype);
  if (x.size === 0 && kernel !== 'sum' && reduced.some((a) => x.shape[a] === 0)) {
    throw new RangeError(`${op}: cannot reduce over an empty axis (shape [${x.shape.join(', ')}])`);
  }
  kernels.reduce(kernel, x.data, x.shape, reduced, out.data);
  return { out, keptShape };
}

/** Sum over axes (all by default). */
export function sum(x: Tensor, axes?: Axes, options?: ReduceOptions): Tensor {
  const { out, keptShape } = runReduce('sum', 'sum', x, axes, options);
  return recordOp('sum', [x], out, (g) => [broadcastTo(reshape(g, keptShape), x.shape)]);
}

/** Mean over axes (all by default). */
export function mean(x: Tensor, axes?: Axes, options?: ReduceOptions): Tensor {
  const total = sum(x.dtype === 'int32' ? x.astype('float32') : x, axes, options);
  const count = x.size / Math.max(total.size, 1);
  return total.div(x.size === 0 ? NaN : count);
}

/** Max or min; the gradient is shared evenly among tied extremes (PyTorch's amax/amin). */
function extreme(kernel: 'max' | 'min', x: Tensor, axes?: Axes, options?: ReduceOptions): Tensor {
  const { out, keptShape } = runReduce(kernel, kernel, x, axes, options);
  return recordOp(kernel, [x], out, (g) => {
    const isExtreme = x.eq(reshape(out, keptShape));
    const share = isExtreme.div(sum(isExtreme, normalizeAxes(kernel, axes, x.ndim), { keepdims: true }));
    return [share.mul(reshape(g, keptShape))];
  });
}

/** The largest value over `axes` (all by default; `{ keepdims }`), as torch.amax: ties share the gradient evenly. */
export const max = (x: Tensor, axes?: Axes, options?: ReduceOptions): Tensor => extreme('max', x, axes, options);
/** The smallest value over `axes` (all by default; `{ keepdims }`), as torch.amin: ties share the gradient evenly. */
export const min = (x: Tensor, axes?: Axes, options?: ReduceOptions): Tensor => extreme('min', x, axes, options);

function argExtreme(kernel: 'argmax' | 'argmin', x: Tensor, axis?: number, options?: ReduceOptions): Tensor {
  if (axis === undefined) {
    const flat = runReduce(kernel, kernel, reshape(x, [x.size]), 0).out;
    return options?.keepdims ? reshape(flat, x.shape.map(() => 1)) : flat;
  }
  return runReduce(kernel, kernel, x, normalizeAxis(kernel, axis, x.ndim), options).out;
}

/** Index (int32) of the largest value along an axis, or in the flattened tensor; first one wins ties. */
export const argmax = (x: Tensor, axis?: number, options?: ReduceOptions): Tensor => argExtreme('argmax', x, axis, options);
/** Index (int32) of the smallest value along an axis, or in the flattened tensor; first one wins ties. */
export const argmin = (x: Tensor, axis?: number, options?: ReduceOptions): Tensor => argExtreme('argmin', x, axis, options);

/**
 * log Σ exp(x) over axes, computed as m + log Σ exp(x − m) with m the (detached) maximum so that
 * large inputs do not overflow; its gradient, softmax(x), follows from the composition.
 */
export function logsumexp(x: Tensor, axes?: Axes, options?: ReduceOptions): Tensor {
  const input = x.dtype === 'int32' ? x.astype('float32') : x;
  const shift = maxShift(input, axes);
  const out = input.sub(shift).exp().sum(axes, { keepdims: true }).log().add(shift);
  if (options?.keepdims) return out;
  const reduced = normalizeAxes('logsumexp', axes, x.ndim);
  return reshape(out, x.shape.filter((_, i) => !reduced.includes(i)));
}

/**
 * The (detached) maximum over axes, kept as size-1 axes, for subtracting before exp so that large
 * inputs do not overflow. An all −inf (or +inf) slice would give inf − inf = NaN; it is shifted by 0,
 * which gives the right ±inf.
 */
export function maxShift(x: Tensor, axes?: Axes): Tensor {
  const m = max(x.detach(), axes, { keepdims: true });
  return where(m.abs().eq(Infinity), 0, m);
}

/** Sums g over the axes that broadcasting expanded, so the result has `shape` (the input's). */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  for (let d = 0; d < g.ndim; d++) if (d < lead || (shape[d - lead] === 1 && g.shape[d] !== 1)) axes.push(d);
  return reshape(sum(g, axes), shape);
}
