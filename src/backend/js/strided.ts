/**
 * Walking n-dimensional strided arrays row by row: the one loop structure every strided kernel of
 * the js backend shares. The caller's body handles the innermost axis with a plain for-loop, which
 * is what keeps these kernels reasonably fast without per-element index arithmetic.
 */

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
