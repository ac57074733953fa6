/** Matrix products: 2-D, batched (batch axes broadcast) and with vectors, as NumPy's matmul. */
import { allocate, fusedKernel, kernels } from '../backend/index.js';
import type { MatmulLayout, Storage } from '../backend/backend.js';
import { recordOp } from '../autograd/tape.js';
import { ShapeError } from '../errors.js';
import { broadcastShapes, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { astype } from './elementwise.js';
import { broadcastTo, squeeze, unsqueeze } from './movement.js';
import { emptyLike, promoteTypes } from './operands.js';
import { sumToShape } from './reduce.js';
import { bfloat16Bits, productPrecision, type AutocastDtype } from './autocast.js';

/** A float32 copy of x (float32) with every value rounded to bfloat16. */
function roundedToBfloat16(x: Storage): Float32Array {
  const out = allocate('float32', x.length, false) as Float32Array;
  const from = new Uint32Array(x.buffer, x.byteOffset, x.length), to = new Uint32Array(out.buffer, out.byteOffset, out.length);
  for (let i = 0; i < from.length; i++) to[i] = bfloat16Bits(from[i]);
  return out;
}

/**
 * out = bf16(a)·bf16(b) with float32 accumulation, for autocast: the operands rounded, then the
 * float32 product (products of two bf16 values are exact in float32, so only the sums round).
 */
const matmulBf16Kernel = fusedKernel('matmulBf16', (a: Storage, b: Storage, out: Storage, layout: MatmulLayout): void => {
  kernels.matmul(roundedToBfloat16(a), roundedToBfloat16(b), out, layout);
});

/** The product kernel for a precision: float32's, or bf16 operands under autocast. */
export function productKernel(a: Storage, b: Storage, out: Storage, layout: MatmulLayout, precision: AutocastDtype | null): void {
  if (precision === 'bfloat16') matmulBf16Kernel(a, b, out, layout);
  else kernels.matmul(a, b, out, layout);
}

/**
 * op(a)·op(b) for tensors of rank ≥ 2, where op transposes the last two axes when asked. Keeping
 * the transposes as flags lets the backward pass use the kernel directly instead of copying.
 * `precision` is autocast's for the dtype now unless given (a backward pass gives its forward's).
 */
export function matmulTransposed(a: Tensor, b: Tensor, transA: boolean, transB: boolean, precision = productPrecision(a.dtype)): Tensor {
  return product(a, b, transA, transB, precision);
}

/** matmulTransposed, with the name errors give (matmul's own callers pass theirs). */
function product(a: Tensor, b: Tensor, transA: boolean, transB: boolean, precision: AutocastDtype | null, op = 'matmul'): Tensor {
  const [m, k] = transA ? [a.shape[a.ndim - 1], a.shape[a.ndim - 2]] : [a.shape[a.ndim - 2], a.shape[a.ndim - 1]];
  const [kb, n] = transB ? [b.shape[b.ndim - 1], b.shape[b.ndim - 2]] : [b.shape[b.ndim - 2], b.shape[b.ndim - 1]];
  if (k !== kb) throw new ShapeError(op, [a.shape, b.shape], `inner dimensions differ (${k} vs ${kb})`);
  const batchShape = broadcastShapes(op, a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = sizeOf(batchShape);
  // An operand without batch axes is reused for every batch (stride 0); one with them is expanded.
  const batched = (t: Tensor): Tensor =>
    sizeOf(t.shape.slice(0, -2)) === batch ? t : broadcastTo(t, [...batchShape, ...t.shape.slice(-2)]);
  const ea = sizeOf(a.shape.slice(0, -2)) === 1 ? a : batched(a);
  const eb = sizeOf(b.shape.slice(0, -2)) === 1 ? b : batched(b);
  const out = emptyLike([...batchShape, m, n], a.dtype);
  productKernel(ea.data, eb.data, out.data, {
    batch, m, k, n, transA, transB,
    aBatchStride: ea === a && sizeOf(a.shape.slice(0, -2)) === 1 ? 0 : m * k,
    bBatchStride: eb === b && sizeOf(b.shape.slice(0, -2)) === 1 ? 0 : k * n,
  }, precision);
  return recordOp(op, [a, b], out, (g, needs) => [
    needs[0] ? sumToShape(transA ? product(b, g, transB, true, precision) : product(g, b, false, !transB, precision), a.shape) : null,
    needs[1] ? sumToShape(transB ? product(g, a, true, transA, precision) : product(a, g, !transA, false, precision), b.shape) : null,
  ]);
}

/**
 * NumPy's matmul: (…, m, k)·(…, k, n) → (…, m, n) with broadcast batch axes; a 1-D operand is a
 * row (left) or column (right) vector whose axis is dropped from the result.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0) throw new ShapeError('matmul', [a.shape, b.shape], 'both operands need at least one dimension');
  const dtype = promoteTypes(a.dtype, b.dtype);
  const x = a.dtype === dtype ? a : astype(a, dtype);
  const y = b.dtype === dtype ? b : astype(b, dtype);
  const left = x.ndim === 1 ? unsqueeze(x, 0) : x;
  const right = y.ndim === 1 ? unsqueeze(y, 1) : y;
  let out = product(left, right, false, false, productPrecision(dtype));
  if (y.ndim === 1) out = squeeze(out, -1);
  if (x.ndim === 1) out = squeeze(out, x.ndim === 1 && y.ndim === 1 ? 0 : -2);
  return out;
}

/** MXNet's nd.dot for vectors and matrices (the same as matmul there). */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim > 2 || b.ndim > 2) {
    throw new ShapeError('dot', [a.shape, b.shape], 'dot takes vectors and matrices; use matmul for batched products');
  }
  return matmul(a, b);
}

