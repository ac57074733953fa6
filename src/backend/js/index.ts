/**
 * The reference backend: the primitives as plain TypeScript loops on typed arrays, for every dtype.
 * It is the yardstick other backends are tested against, so clarity beats speed here. (The fused
 * kernels' reference versions live with their ops, above the boundary: see backend.ts.)
 */
import type { Backend, BinaryKernel, MatmulLayout, ReduceKernel, Storage, StridedView, UnaryKernel } from '../backend.js';
import { binaryFunctions, unaryFunctions } from './scalar.js';
import { forEachRow, innerAxis } from '../strided.js';

function unary(kernel: UnaryKernel, x: Storage, out: Storage): void {
  const f = unaryFunctions[kernel];
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
}

function binary(kernel: BinaryKernel, a: StridedView, b: StridedView, outShape: readonly number[], out: Storage): void {
  const f = binaryFunctions[kernel];
  const strides = [a.strides, b.strides];
  const [length, [sa, sb]] = innerAxis(outShape, strides);
  let o = 0;
  forEachRow(outShape, strides, [a.offset, b.offset], ([ia, ib]) => {
    for (let j = 0; j < length; j++, ia += sa, ib += sb) out[o++] = f(a.data[ia], b.data[ib]);
  });
}

function where(cond: StridedView, a: StridedView, b: StridedView, outShape: readonly number[], out: Storage): void {
  const strides = [cond.strides, a.strides, b.strides];
  const [length, [sc, sa, sb]] = innerAxis(outShape, strides);
  let o = 0;
  forEachRow(outShape, strides, [cond.offset, a.offset, b.offset], ([ic, ia, ib]) => {
    for (let j = 0; j < length; j++, ic += sc, ia += sa, ib += sb) out[o++] = cond.data[ic] !== 0 ? a.data[ia] : b.data[ib];
  });
}

function copy(src: StridedView, dst: StridedView, shape: readonly number[]): void {
  const strides = [src.strides, dst.strides];
  const [length, [ss, sd]] = innerAxis(shape, strides);
  forEachRow(shape, strides, [src.offset, dst.offset], ([is, id]) => {
    for (let j = 0; j < length; j++, is += ss, id += sd) dst.data[id] = src.data[is];
  });
}

/**
 * Reduction by walking x in order and folding each element into its output slot. Sums accumulate
 * in float64 whatever the dtype, which keeps float32 sums close to the exact value.
 */
function reduce(kernel: ReduceKernel, x: Storage, shape: readonly number[], axes: readonly number[], out: Storage): void {
  const reduced = new Set(axes);
  // Stride of each x axis in the output (0 for reduced axes): folding many x elements into one slot.
  const outStrides = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1, s = 1; d >= 0; d--) {
    if (!reduced.has(d)) {
      outStrides[d] = s;
      s *= shape[d];
    }
  }
  const isArg = kernel === 'argmax' || kernel === 'argmin';
  const axisLength = isArg ? shape[axes[0]] : 1;
  const axisStride = isArg ? shape.slice(axes[0] + 1).reduce((p, q) => p * q, 1) : 1;
  const acc = new Float64Array(out.length);
  const best = new Int32Array(isArg ? out.length : 0);
  const initial = kernel === 'sum' ? 0 : kernel === 'max' || kernel === 'argmax' ? -Infinity : Infinity;
  acc.fill(initial);
  if (isArg) best.fill(-1);
  const [length, [, so]] = innerAxis(shape, [shape.map(() => 0), outStrides]);
  let i = 0;
  forEachRow(shape, [shape.map(() => 0), outStrides], [0, 0], ([, io]) => {
    for (let j = 0; j < length; j++, i++, io += so) {
      const v = x[i];
      const current = acc[io];
      if (kernel === 'sum') acc[io] = current + v;
      else if (kernel === 'max') acc[io] = v > current || v !== v ? v : current;
      else if (kernel === 'min') acc[io] = v < current || v !== v ? v : current;
      else if (best[io] < 0 || (current === current && ((kernel === 'argmax' ? v > current : v < current) || v !== v))) {
        // First occurrence wins ties; a NaN counts as the extreme, as in PyTorch.
        acc[io] = v;
        best[io] = Math.floor(i / axisStride) % axisLength;
      }
    }
  });
  if (isArg) out.set(best);
  else for (let k = 0; k < out.length; k++) out[k] = acc[k];
}

/** A k×m (or n×k) operand copied into row-major m×k (k×n) order, so one loop nest serves all cases. */
function transposed(x: Storage, offset: number, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = x[offset + r * cols + c];
  return out;
}

/**
 * Matrix product: operands stored transposed are first copied into plain row-major order, then
 * C = A·B runs in i-p-j order over four rows of A at a time, so each row of B read from memory
 * feeds four accumulator rows (kept in float64).
 */
function matmul(a: Storage, b: Storage, out: Storage, layout: MatmulLayout): void {
  const { batch, m, k, n, transA, transB, aBatchStride, bBatchStride } = layout;
  const acc = new Float64Array(4 * n);
  for (let t = 0; t < batch; t++) {
    const A = transA ? transposed(a, t * aBatchStride, k, m) : a;
    const B = transB ? transposed(b, t * bBatchStride, n, k) : b;
    const a0 = transA ? 0 : t * aBatchStride;
    const b0 = transB ? 0 : t * bBatchStride;
    const o0 = t * m * n;
    for (let i = 0; i < m; i += 4) {
      const rows = Math.min(4, m - i);
      acc.fill(0);
      for (let p = 0; p < k; p++) {
        const bRow = b0 + p * n;
        const x0 = A[a0 + i * k + p];
        const x1 = rows > 1 ? A[a0 + (i + 1) * k + p] : 0;
        const x2 = rows > 2 ? A[a0 + (i + 2) * k + p] : 0;
        const x3 = rows > 3 ? A[a0 + (i + 3) * k + p] : 0;
        for (let j = 0; j < n; j++) {
          const y = B[bRow + j];
          acc[j] += x0 * y;
          acc[n + j] += x1 * y;
          acc[2 * n + j] += x2 * y;
          acc[3 * n + j] += x3 * y;
        }
      }
      for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) out[o0 + (i + r) * n + j] = acc[r * n + j];
    }
  }
}

function gatherRows(x: Storage, rowSize: number, indices: Int32Array, out: Storage): void {
  for (let r = 0; r < indices.length; r++) out.set(x.subarray(indices[r] * rowSize, (indices[r] + 1) * rowSize), r * rowSize);
}

function scatterAddRows(dy: Storage, rowSize: number, indices: Int32Array, out: Storage): void {
  for (let r = 0; r < indices.length; r++) {
    const to = indices[r] * rowSize;
    const from = r * rowSize;
    for (let j = 0; j < rowSize; j++) out[to + j] += dy[from + j];
  }
}

export const jsBackend: Backend = { name: 'js', unary, binary, where, reduce, matmul, copy, gatherRows, scatterAddRows };
