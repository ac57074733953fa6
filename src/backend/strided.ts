/**
 * Walking n-dimensional strided arrays: row by row (the js kernels, whose body handles the
 * innermost axis with a plain for-loop, which keeps them reasonably fast without per-element index
 * arithmetic), or plane by plane (the wasm kernels, which take two strided axes per call).
 */

/** Row-major strides: the last axis is contiguous. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  for (let d = shape.length - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

/**
 * Calls body(offsets) once per row (every index of all axes but the last), where offsets[t] is the
 * position of the row's first element in operand t. An empty shape is one row of one element.
 */
export function forEachRow(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  bases: readonly number[],
  body: (offsets: number[]) => void,
): void {
  const outer = shape.length - 1;
  const offsets = bases.slice();
  if (outer <= 0) {
    body(offsets);
    return;
  }
  for (const size of shape) if (size === 0) return;
  const index = new Array<number>(outer).fill(0);
  for (;;) {
    body(offsets);
    let axis = outer - 1;
    for (; axis >= 0; axis--) {
      index[axis]++;
      for (let t = 0; t < offsets.length; t++) offsets[t] += strides[t][axis];
      if (index[axis] < shape[axis]) break;
      for (let t = 0; t < offsets.length; t++) offsets[t] -= strides[t][axis] * shape[axis];
      index[axis] = 0;
    }
    if (axis < 0) return;
  }
}

/** Length and per-operand step of the innermost axis (1 element, step 0 for a scalar). */
export function innerAxis(shape: readonly number[], strides: readonly (readonly number[])[]): [number, number[]] {
  if (shape.length === 0) return [1, strides.map(() => 0)];
  const last = shape.length - 1;
  return [shape[last], strides.map((s) => s[last])];
}

/** Axes after dropping size-1 ones and merging neighbours that every operand steps through evenly. */
interface Collapsed {
  shape: number[];
  strides: number[][];
}

function collapse(shape: readonly number[], strides: readonly (readonly number[])[]): Collapsed {
  const out: Collapsed = { shape: [], strides: strides.map(() => []) };
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = out.shape.length - 1;
    if (last >= 0 && strides.every((s, t) => out.strides[t][last] === s[d] * shape[d])) {
      out.shape[last] *= shape[d];
      strides.forEach((s, t) => (out.strides[t][last] = s[d]));
    } else {
      out.shape.push(shape[d]);
      strides.forEach((s, t) => out.strides[t].push(s[d]));
    }
  }
  return out;
}

/**
 * Calls body(offsets, rows, cols, rowStrides, colStrides) for each 2-D slice of a strided
 * iteration: the last two collapsed axes are the slice's rows and columns, any axes before them
 * are walked here. Offsets and strides are in elements, one per operand.
 */
export function forEachPlane(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  bases: readonly number[],
  body: (offsets: number[], rows: number, cols: number, rowStrides: number[], colStrides: number[]) => void,
): void {
  if (shape.some((d) => d === 0)) return;
  const c = collapse(shape, strides);
  const rank = c.shape.length;
  const cols = rank >= 1 ? c.shape[rank - 1] : 1;
  const rows = rank >= 2 ? c.shape[rank - 2] : 1;
  const colStrides = c.strides.map((s) => (rank >= 1 ? s[rank - 1] : 0));
  const rowStrides = c.strides.map((s) => (rank >= 2 ? s[rank - 2] : 0));
  // forEachRow walks every axis but its last: give it the outer axes plus the rows axis.
  const outer = rank > 2 ? c.shape.slice(0, rank - 1) : [];
  forEachRow(outer, c.strides.map((s) => s.slice(0, Math.max(rank - 1, 0))), bases, (offsets) =>
    body(offsets, rows, cols, rowStrides, colStrides),
  );
}

/**
 * A reduction over a contiguous run of axes, seen as (outer × length × inner): the reduced run in
 * the middle. Undefined when the axes are not contiguous (the fast kernels decline those).
 */
export function reductionExtent(shape: readonly number[], axes: readonly number[]): { outer: number; length: number; inner: number } | undefined {
  if (!axes.every((axis, i) => axis === axes[0] + i)) return undefined;
  const first = axes.length ? axes[0] : shape.length;
  const last = axes.length ? axes[axes.length - 1] : shape.length - 1;
  const product = (from: number, to: number) => shape.slice(from, to).reduce((p, q) => p * q, 1);
  return { outer: product(0, first), length: product(first, last + 1), inner: product(last + 1, shape.length) };
}
