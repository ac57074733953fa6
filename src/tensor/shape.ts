/** Shape arithmetic: sizes, strides, NumPy broadcasting and axis normalisation. */
import { ArgumentError, ShapeError } from '../errors.js';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

import { contiguousStrides } from '../backend/strided.js';

/** Row-major strides: the last axis is contiguous. */
export { contiguousStrides };

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** NumPy broadcasting: align from the right; each pair of sizes must match or one must be 1. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const ndim = Math.max(a.length, b.length);
  const out = new Array<number>(ndim);
  for (let i = 1; i <= ndim; i++) {
    const da = a.length - i >= 0 ? a[a.length - i] : 1;
    const db = b.length - i >= 0 ? b[b.length - i] : 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(op, [a, b], `cannot broadcast: axis ${-i} has sizes ${da} and ${db}`);
    }
    out[ndim - i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that read a contiguous array of `shape` as if it had `outShape` (0 on broadcast axes). */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const own = contiguousStrides(shape);
  const lead = outShape.length - shape.length;
  return outShape.map((_, d) => (d < lead || shape[d - lead] === 1 ? 0 : own[d - lead]));
}

/** Turns a possibly negative axis into 0..ndim-1, or throws naming the op. */
export function normalizeAxis(op: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= Math.max(ndim, 1)) {
    throw new ArgumentError(`${op}: axis ${axis} is out of range for a tensor with ${ndim} dimension(s)`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Sorted, unique, non-negative axes; undefined means all of them. */
export function normalizeAxes(op: string, axes: number | readonly number[] | undefined, ndim: number): number[] {
  if (axes === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  const normalized = [...new Set(list.map((a) => normalizeAxis(op, a, ndim)))].sort((p, q) => p - q);
  if (normalized.length !== list.length) throw new ArgumentError(`${op}: repeated axis in [${list.join(', ')}]`);
  return normalized;
}

/** Validates a user-given shape: non-negative integers, at most one -1 (inferred from `size`). */
export function resolveShape(op: string, shape: Shape, size?: number): number[] {
  const inferred = shape.indexOf(-1);
  if (shape.some((d, i) => !Number.isInteger(d) || (d < 0 && !(d === -1 && i === inferred)))) {
    throw new ArgumentError(`${op}: invalid shape [${shape.join(', ')}] (sizes must be non-negative integers, one may be -1)`);
  }
  if (shape.lastIndexOf(-1) !== inferred) throw new ArgumentError(`${op}: only one size may be -1 in [${shape.join(', ')}]`);
  if (inferred < 0) return [...shape];
  if (size === undefined) throw new ArgumentError(`${op}: a size of -1 needs a tensor to infer it from`);
  const known = sizeOf(shape.filter((_, i) => i !== inferred));
  if (known === 0 || size % known !== 0) {
    throw new ShapeError(op, [shape], `cannot infer the -1 size for ${size} elements`);
  }
  return shape.map((d) => (d === -1 ? size / known : d));
}
