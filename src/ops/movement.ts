/**
 * Ops that move or select elements without arithmetic. Paired gradients: reshape ↔ reshape back,
 * transpose ↔ inverse transpose, broadcast ↔ sum, slice/take/pick ↔ scatter into zeros.
 */
import { kernels } from '../backend/index.js';
import { recordOp } from '../autograd/tape.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { broadcastShapes, broadcastStrides, contiguousStrides, normalizeAxis, resolveShape, sameShape, sizeOf, type Shape } from '../tensor/shape.js';
import { adoptStorage, Tensor, type ReduceOptions } from '../tensor/tensor.js';
import { zeros } from '../tensor/creation.js';
import { emptyLike } from './operands.js';
import { sumToShape } from './reduce.js';

const contiguous = (t: Tensor, offset = 0) => ({ data: t.data, offset, strides: contiguousStrides(t.shape) });

/** The same values in a new shape (one size may be -1); shares storage, since tensors are immutable. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const target = resolveShape('reshape', shape, x.size);
  if (sizeOf(target) !== x.size) throw new ShapeError('reshape', [x.shape, target], `cannot hold ${x.size} elements in the new shape`);
  if (sameShape(target, x.shape)) return x;
  return recordOp('reshape', [x], adoptStorage(x.data, target), (g) => [reshape(g, x.shape)]);
}

/** Permutes axes (reverses them by default, as NumPy's transpose and `.T`). */
export function transpose(x: Tensor, axes?: readonly number[]): Tensor {
  const perm = axes ? axes.map((a) => normalizeAxis('transpose', a, x.ndim)) : x.shape.map((_, i) => x.ndim - 1 - i);
  if (perm.length !== x.ndim || new Set(perm).size !== x.ndim) {
    throw new ShapeError('transpose', [x.shape], `axes [${axes?.join(', ')}] are not a permutation of ${x.ndim} axes`);
  }
  const shape = perm.map((a) => x.shape[a]);
  const strides = contiguousStrides(x.shape);
  const out = emptyLike(shape, x.dtype);
  kernels.copy({ data: x.data, offset: 0, strides: perm.map((a) => strides[a]) }, contiguous(out), shape);
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return recordOp('transpose', [x], out, (g) => [transpose(g, inverse)]);
}

/** Repeats size-1 (or missing leading) axes to reach `shape`. */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  const target = [...shape];
  if (!sameShape(broadcastShapes('broadcastTo', x.shape, target), target)) {
    throw new ShapeError('broadcastTo', [x.shape, target], 'the tensor cannot be broadcast to the target shape');
  }
  if (sameShape(x.shape, target)) return x;
  const out = emptyLike(target, x.dtype);
  kernels.copy({ data: x.data, offset: 0, strides: broadcastStrides(x.shape, target) }, contiguous(out), target);
  return recordOp('broadcastTo', [x], out, (g) => [sumToShape(g, x.shape)]);
}

/** Removes an axis of size 1 (all of them when no axis is given). */
export function squeeze(x: Tensor, axis?: number): Tensor {
  if (axis === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  const a = normalizeAxis('squeeze', axis, x.ndim);
  if (x.shape[a] !== 1) throw new ShapeError('squeeze', [x.shape], `axis ${axis} has size ${x.shape[a]}, not 1`);
  return reshape(x, x.shape.filter((_, i) => i !== a));
}

/** Inserts an axis of size 1 at `axis` (negative counts from the end of the result). */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  const a = normalizeAxis('unsqueeze', axis, x.ndim + 1);
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
}

/** Python's slice semantics on one axis: start..end (exclusive), negatives from the end, step > 0. */
export function slice(x: Tensor, axis: number, start: number, end?: number, step = 1): Tensor {
  const a = normalizeAxis('slice', axis, x.ndim);
  if (!Number.isInteger(step) || step <= 0) throw new ArgumentError(`slice: step must be a positive integer, got ${step}`);
  const n = x.shape[a];
  const clampIndex = (i: number) => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
  const from = clampIndex(start);
  const to = clampIndex(end ?? n);
  const length = Math.max(0, Math.ceil((to - from) / step));
  const shape = x.shape.map((d, i) => (i === a ? length : d));
  const strides = contiguousStrides(x.shape);
  const region = { offset: from * strides[a], strides: strides.map((s, i) => (i === a ? s * step : s)) };
  const out = emptyLike(shape, x.dtype);
  kernels.copy({ data: x.data, ...region }, contiguous(out), shape);
  return recordOp('slice', [x], out, (g) => {
    const dx = zeros(x.shape, { dtype: g.dtype });
    kernels.copy(contiguous(g), { data: dx.data, ...region }, shape);
    return [dx];
  });
}

/** Integer indices as an Int32Array, checked against the axis length (negatives count from the end). */
function checkedIndices(op: string, indices: Tensor | ArrayLike<number>, length: number): Int32Array {
  const values = indices instanceof Tensor ? indices.data : indices;
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < -length || v >= length) {
      throw new ArgumentError(`${op}: index ${v} is out of range for an axis of size ${length}`);
    }
    out[i] = v < 0 ? v + length : v;
  }
  return out;
}

/** NumPy's take: entries along `axis` at the given indices; the result has indices' shape there. */
export function take(x: Tensor, indices: Tensor | ArrayLike<number>, axis = 0): Tensor {
  const a = normalizeAxis('take', axis, x.ndim);
  if (a !== 0) return transpose(take(transpose(x, moveToFront(x.ndim, a)), indices, 0), moveFromFront(x.ndim, a, indexRank(indices)));
  const rows = checkedIndices('take', indices, x.shape[0]);
  const rowSize = sizeOf(x.shape.slice(1));
  const indexShape = indices instanceof Tensor ? indices.shape : [indices.length];
  const out = emptyLike([...indexShape, ...x.shape.slice(1)], x.dtype);
  kernels.gatherRows(x.data, rowSize, rows, out.data);
  return recordOp('take', [x], out, (g) => {
    const dx = zeros(x.shape, { dtype: g.dtype });
    kernels.scatterAddRows(g.data, rowSize, rows, dx.data);
    return [dx];
  });
}

const indexRank = (indices: Tensor | ArrayLike<number>) => (indices instanceof Tensor ? indices.ndim : 1);
/** The permutation that brings `axis` to the front, keeping the others in order. */
const moveToFront = (ndim: number, axis: number) => [axis, ...Array.from({ length: ndim }, (_, i) => i).filter((i) => i !== axis)];
/** After take along the front axis produced `rank` index axes, puts them back where `axis` was. */
function moveFromFront(ndim: number, axis: number, rank: number): number[] {
  const rest = Array.from({ length: ndim - 1 }, (_, i) => rank + i);
  const index = Array.from({ length: rank }, (_, i) => i);
  return [...rest.slice(0, axis), ...index, ...rest.slice(axis)];
}

/** x[i] along the first axis, that axis removed. */
export function index(x: Tensor, i: number): Tensor {
  if (x.ndim === 0) throw new ShapeError('index', [x.shape], 'a 0-d tensor cannot be indexed');
  return squeeze(take(x, [i], 0), 0);
}

/**
 * MXNet's pick (PyTorch's gather with one index per slice): for every position of the other axes,
 * the entry along `axis` named by `indices`, whose shape is x's without that axis.
 */
export function pick(x: Tensor, indices: Tensor, axis = -1, options?: ReduceOptions): Tensor {
  const a = normalizeAxis('pick', axis, x.ndim);
  const outShape = x.shape.filter((_, i) => i !== a);
  if (!sameShape(indices.shape, outShape)) {
    throw new ShapeError('pick', [x.shape, indices.shape], `indices must have the shape of x without axis ${a}`);
  }
  const moved = a === x.ndim - 1 ? x : transpose(x, [...moveToFront(x.ndim, a).slice(1), a]);
  const classes = x.shape[a];
  const chosen = checkedIndices('pick', indices, classes);
  // Position of each picked entry in the flattened (rows × classes) layout.
  for (let r = 0; r < chosen.length; r++) chosen[r] += r * classes;
  const out = emptyLike(options?.keepdims ? x.shape.map((d, i) => (i === a ? 1 : d)) : outShape, x.dtype);
  kernels.gatherRows(moved.data, 1, chosen, out.data);
  const picked = recordOp('pick', [moved], out, (g) => {
    const dx = zeros(moved.shape, { dtype: g.dtype });
    kernels.scatterAddRows(g.data, 1, chosen, dx.data);
    return [dx];
  });
  return picked;
}

/** Joins tensors along an existing axis; all other sizes must agree. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ArgumentError('concat: needs at least one tensor');
  const first = tensors[0];
  const a = normalizeAxis('concat', axis, first.ndim);
  for (const t of tensors) {
    if (t.ndim !== first.ndim || t.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new ShapeError('concat', [first.shape, t.shape], `sizes must match on every axis but ${a}`);
    }
    if (t.dtype !== first.dtype) throw new ArgumentError(`concat: dtypes differ (${first.dtype} and ${t.dtype})`);
  }
  const shape = first.shape.map((d, i) => (i === a ? tensors.reduce((s, t) => s + t.shape[a], 0) : d));
  const out = emptyLike(shape, first.dtype);
  const outStrides = contiguousStrides(shape);
  const starts: number[] = [];
  let start = 0;
  for (const t of tensors) {
    starts.push(start);
    kernels.copy(contiguous(t), { data: out.data, offset: start * outStrides[a], strides: outStrides }, t.shape);
    start += t.shape[a];
  }
  return recordOp('concat', tensors, out, (g, needs) =>
    tensors.map((t, i) => (needs[i] ? slice(g, a, starts[i], starts[i] + t.shape[a]) : null)),
  );
}

/** Joins same-shaped tensors along a new axis. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ArgumentError('stack: needs at least one tensor');
  for (const t of tensors) {
    if (!sameShape(t.shape, tensors[0].shape)) throw new ShapeError('stack', [tensors[0].shape, t.shape], 'all tensors must have the same shape');
  }
  const a = normalizeAxis('stack', axis, tensors[0].ndim + 1);
  return concat(tensors.map((t) => unsqueeze(t, a)), a);
}
