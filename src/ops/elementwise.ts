/**
 * Elementwise ops: each one's forward kernel and gradient rule side by side. Binary ops broadcast
 * (NumPy rules); their gradients sum over the broadcast axes back to each input's shape.
 */
import type { BinaryKernel, DType, Storage, UnaryKernel } from '../backend/backend.js';
import { fusedKernel, kernels } from '../backend/index.js';
import { recordOp } from '../autograd/tape.js';
import { DTypeError } from '../errors.js';
import { broadcastShapes, broadcastStrides } from '../tensor/shape.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import { emptyLike, isFloat, operandPair, promoteTypes } from './operands.js';
import { sumToShape } from './reduce.js';

type BinaryRule = (a: Tensor, b: Tensor, out: Tensor, g: Tensor) => [Tensor | null, Tensor | null];

const binaryRules: Partial<Record<BinaryKernel, BinaryRule>> = {
  add: (_a, _b, _out, g) => [g, g],
  sub: (_a, _b, _out, g) => [g, g.neg()],
  mul: (a, b, _out, g) => [g.mul(b), g.mul(a)],
  div: (a, b, _out, g) => [g.div(b), g.mul(a).div(b.mul(b)).neg()],
  // d(a^b)/da = b·a^(b-1); d(a^b)/db = a^b·ln a, taken as 0 where a = 0 (PyTorch does the same).
  pow: (a, b, out, g) => [g.mul(b).mul(a.pow(b.sub(1))), where(a.eq(0), 0, g.mul(out).mul(a.log()))],
  // At ties the gradient is split evenly, as PyTorch's maximum/minimum do.
  maximum: (a, b, _out, g) => tieSplit(a.gt(b), a.eq(b), g),
  minimum: (a, b, _out, g) => tieSplit(a.lt(b), a.eq(b), g),
};

function tieSplit(firstWins: Tensor, tie: Tensor, g: Tensor): [Tensor, Tensor] {
  const share = firstWins.add(tie.mul(0.5));
  return [g.mul(share), g.mul(share.neg().add(1))];
}

const COMPARISONS: readonly BinaryKernel[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'];

/**
 * Runs a binary kernel with broadcasting. Integer division is true division (float32 result), as
 * in PyTorch; comparisons return 1/0 in the operands' dtype, as in MXNet, so `(a == b).mean()` works.
 */
function binary(kernel: BinaryKernel, x: TensorLike, y: TensorLike): Tensor {
  let [a, b] = operandPair(x, y);
  let dtype = promoteTypes(a.dtype, b.dtype);
  if (kernel === 'div' && dtype === 'int32') dtype = 'float32';
  if (a.dtype !== dtype) a = astype(a, dtype);
  if (b.dtype !== dtype) b = astype(b, dtype);
  const outShape = broadcastShapes(kernel, a.shape, b.shape);
  const out = emptyLike(outShape, dtype);
  kernels.binary(
    kernel,
    { data: a.data, offset: 0, strides: broadcastStrides(a.shape, outShape) },
    { data: b.data, offset: 0, strides: broadcastStrides(b.shape, outShape) },
    outShape,
    out.data,
  );
  const rule = binaryRules[kernel];
  if (!rule || COMPARISONS.includes(kernel)) return out;
  return recordOp(kernel, [a, b], out, (g) => {
    const [ga, gb] = rule(a, b, out, g);
    return [ga && sumToShape(ga, a.shape), gb && sumToShape(gb, b.shape)];
  });
}

/** a + b, elementwise (NumPy broadcasting; a number acts as a 0-d tensor) (torch.add). */
export const add = (a: TensorLike, b: TensorLike): Tensor => binary('add', a, b);
/** a − b, elementwise (NumPy broadcasting; a number acts as a 0-d tensor) (torch.sub). */
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary('sub', a, b);
/** a · b, elementwise (NumPy broadcasting; a number acts as a 0-d tensor) (torch.mul). */
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary('mul', a, b);
/** a / b, elementwise (NumPy broadcasting; a number acts as a 0-d tensor); int32 operands give float32 (true division, as torch.div). */
export const div = (a: TensorLike, b: TensorLike): Tensor => binary('div', a, b);
/** a to the power b, elementwise (NumPy broadcasting; a number acts as a 0-d tensor) (torch.pow). */
export const pow = (a: TensorLike, b: TensorLike): Tensor => binary('pow', a, b);
/** The larger of a and b, elementwise (NumPy broadcasting; a number acts as a 0-d tensor) (torch.maximum). */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary('maximum', a, b);
/** The smaller of a and b, elementwise (NumPy broadcasting; a number acts as a 0-d tensor) (torch.minimum). */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary('minimum', a, b);
/** a == b, elementwise, broadcast, as 1 where true and 0 elsewhere in the promoted dtype; no gradient. */
export const eq = (a: TensorLike, b: TensorLike): Tensor => binary('eq', a, b);
/** a != b, elementwise, broadcast, as 1 where true and 0 elsewhere in the promoted dtype; no gradient. */
export const ne = (a: TensorLike, b: TensorLike): Tensor => binary('ne', a, b);
/** a < b, elementwise, broadcast, as 1 where true and 0 elsewhere in the promoted dtype; no gradient. */
export const lt = (a: TensorLike, b: TensorLike): Tensor => binary('lt', a, b);
/** a ≤ b, elementwise, broadcast, as 1 where true and 0 elsewhere in the promoted dtype; no gradient. */
export const le = (a: TensorLike, b: TensorLike): Tensor => binary('le', a, b);
/** a > b, elementwise, broadcast, as 1 where true and 0 elsewhere in the promoted dtype; no gradient. */
export const gt = (a: TensorLike, b: TensorLike): Tensor => binary('gt', a, b);
/** a ≥ b, elementwise, broadcast, as 1 where true and 0 elsewhere in the promoted dtype; no gradient. */
export const ge = (a: TensorLike, b: TensorLike): Tensor => binary('ge', a, b);

/** Gradient of each unary op given input x, output y and output gradient g; null: not differentiable. */
const unaryRules: Record<UnaryKernel, ((x: Tensor, y: Tensor, g: Tensor) => Tensor) | null> = {
  neg: (_x, _y, g) => g.neg(),
  exp: (_x, y, g) => g.mul(y),
  log: (x, _y, g) => g.div(x),
  sqrt: (_x, y, g) => g.div(y.mul(2)),
  // PyTorch: abs'(0) = sign(0) = 0.
  abs: (x, _y, g) => g.mul(x.sign()),
  square: (x, _y, g) => g.mul(x).mul(2),
  reciprocal: (_x, y, g) => g.mul(y).mul(y).neg(),
  sin: (x, _y, g) => g.mul(x.cos()),
  cos: (x, _y, g) => g.mul(x.sin()).neg(),
  // Piecewise constant: zero gradient almost everywhere, as in PyTorch.
  sign: (_x, _y, g) => g.mul(0),
  floor: (_x, _y, g) => g.mul(0),
  ceil: (_x, _y, g) => g.mul(0),
  round: (_x, _y, g) => g.mul(0),
};

const FLOAT_ONLY: ReadonlySet<UnaryKernel> = new Set(['exp', 'log', 'sqrt', 'reciprocal', 'sin', 'cos']);

/**
 * Runs a unary kernel. log and sqrt follow IEEE 754 as PyTorch does: log(0) = -inf, log(-1) = NaN,
 * sqrt(-1) = NaN; turn on setDetectAnomaly(true) to have such a NaN throw an error naming the op.
 */
function unary(kernel: UnaryKernel, x: Tensor): Tensor {
  const input = FLOAT_ONLY.has(kernel) && !isFloat(x.dtype) ? astype(x, 'float32') : x;
  const out = emptyLike(input.shape, input.dtype);
  kernels.unary(kernel, input.data, out.data);
  const rule = unaryRules[kernel];
  if (!rule) return out;
  return recordOp(kernel, [input], out, (g) => [rule(input, out, g)]);
}

/** −x, elementwise. */
export const neg = (x: Tensor): Tensor => unary('neg', x);
/** eˣ, elementwise (integers become float32). */
export const exp = (x: Tensor): Tensor => unary('exp', x);
/** The natural logarithm, elementwise: log(0) = −∞, log of a negative number NaN (IEEE 754, as PyTorch). */
export const log = (x: Tensor): Tensor => unary('log', x);
/** √x, elementwise: NaN for negative x (IEEE 754, as PyTorch). */
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x);
/** |x|, elementwise; gradient 0 at 0, as torch.abs. */
export const abs = (x: Tensor): Tensor => unary('abs', x);
/** −1, 0 or 1 by the sign of x, elementwise; gradient 0. */
export const sign = (x: Tensor): Tensor => unary('sign', x);
/** x², elementwise. */
export const square = (x: Tensor): Tensor => unary('square', x);
/** 1/x, elementwise (integers become float32). */
export const reciprocal = (x: Tensor): Tensor => unary('reciprocal', x);
/** sin x, elementwise (radians). */
export const sin = (x: Tensor): Tensor => unary('sin', x);
/** cos x, elementwise (radians). */
export const cos = (x: Tensor): Tensor => unary('cos', x);
/** The largest integer ≤ x, elementwise; gradient 0. */
export const floor = (x: Tensor): Tensor => unary('floor', x);
/** The smallest integer ≥ x, elementwise; gradient 0. */
export const ceil = (x: Tensor): Tensor => unary('ceil', x);
/** x rounded to the nearest integer, elementwise; gradient 0. */
export const round = (x: Tensor): Tensor => unary('round', x);

/** out[i] = min(max(x[i], lo), hi): clip's kernel, in one pass instead of maximum then minimum. */
const clipKernel = fusedKernel('clip', (x: Storage, lo: number, hi: number, out: Storage): void => {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = v < lo ? lo : v > hi ? hi : v;
  }
});

/** Limits values to [min, max]; the gradient passes where min ≤ x ≤ max (PyTorch's clamp). */
export function clip(x: Tensor, min: number, max: number): Tensor {
  const out = emptyLike(x.shape, x.dtype);
  clipKernel(x.data, min, max, out.data);
  return recordOp('clip', [x], out, (g) => [g.mul(x.ge(min).mul(x.le(max)))]);
}

/** cond ≠ 0 ? a : b elementwise, all three broadcast together. */
export function where(cond: Tensor, x: TensorLike, y: TensorLike): Tensor {
  let [a, b] = operandPair(x, y);
  const dtype = promoteTypes(a.dtype, b.dtype);
  if (a.dtype !== dtype) a = astype(a, dtype);
  if (b.dtype !== dtype) b = astype(b, dtype);
  const outShape = broadcastShapes('where', broadcastShapes('where', cond.shape, a.shape), b.shape);
  const out = emptyLike(outShape, dtype);
  const view = (t: Tensor) => ({ data: t.data, offset: 0, strides: broadcastStrides(t.shape, outShape) });
  kernels.where(view(cond), view(a), view(b), outShape, out.data);
  return recordOp('where', [a, b], out, (g) => [
    sumToShape(where(cond, g, 0), a.shape),
    sumToShape(where(cond, 0, g), b.shape),
  ]);
}

/** A copy in another dtype (float → int32 truncates toward zero); float ↔ float is differentiable. */
export function astype(x: Tensor, dtype: DType): Tensor {
  if (dtype !== 'float32' && dtype !== 'float64' && dtype !== 'int32') {
    throw new DTypeError(`astype: unknown dtype '${String(dtype)}' (use float32, float64, int32)`);
  }
  const out = emptyLike(x.shape, dtype);
  if (dtype === 'int32') for (let i = 0; i < x.size; i++) out.data[i] = Math.trunc(x.data[i]);
  else out.data.set(x.data);
  if (dtype === 'int32') return out;
  return recordOp('astype', [x], out, (g) => [astype(g, x.dtype)]);
}

/** A copy that stays in the graph (gradient passes straight through). */
export function clone(x: Tensor): Tensor {
  const out = emptyLike(x.shape, x.dtype);
  out.data.set(x.data);
  return recordOp('clone', [x], out, (g) => [g]);
}

