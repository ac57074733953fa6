/**
 * What plot/ accepts as data: plain or nested arrays, typed arrays, or anything with `toArray()`
 * (a Tensor), so that plot/ depends on nothing else in the project.
 */
export type Numbers = ArrayLike<number> | ArrayLike<Numbers> | {
  /** The values as nested arrays (a Tensor has it). */
  toArray(): unknown;
};

/** A bad argument to a plotting function; the message names the function and the argument. */
export class PlotError extends Error {
  /** 'PlotError', which stack traces and `error.name` show instead of Error's 'Error'. */
  override name = 'PlotError';
}

function unwrap(values: Numbers): unknown {
  return 'toArray' in values && typeof values.toArray === 'function' ? values.toArray() : values;
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as ArrayLike<unknown>).length === 'number';
}

function flattenInto(value: unknown, out: number[], where: string): void {
  if (typeof value === 'number') {
    out.push(value);
  } else if (isArrayLike(value)) {
    for (let i = 0; i < value.length; i++) flattenInto(value[i], out, where);
  } else {
    throw new PlotError(`${where}: expected numbers, got ${typeof value}`);
  }
}

/** Flattens any nesting of arrays (row-major) into one plain array. */
export function toNumbers(values: Numbers, where: string): number[] {
  const out: number[] = [];
  flattenInto(unwrap(values), out, where);
  return out;
}

/**
 * A 2-D grid of numbers, rows first. Accepts nested rows, or a flat array whose length is a
 * perfect square (a flattened 28×28 image is the common case).
 */
export function toMatrix(values: Numbers, where: string): number[][] {
  const raw = unwrap(values);
  if (isArrayLike(raw) && raw.length > 0 && isArrayLike(raw[0])) {
    const rows = Array.from(raw, (row) => toNumbers(row as Numbers, where));
    if (rows.some((row) => row.length !== rows[0].length)) {
      throw new PlotError(`${where}: rows of a matrix must all have the same length`);
    }
    return rows;
  }
  const flat = toNumbers(raw as Numbers, where);
  const side = Math.round(Math.sqrt(flat.length));
  if (side === 0 || side * side !== flat.length) {
    throw new PlotError(`${where}: expected a 2-D array or a flat square image, got ${flat.length} numbers`);
  }
  return Array.from({ length: side }, (_, r) => flat.slice(r * side, (r + 1) * side));
}

/** Smallest and largest finite value; [0, 1] when there is none. */
export function finiteExtent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}
