// Elementwise float32 kernels: unary ops, binary ops over a 2-D (rows × cols) iteration with
// per-operand element strides, and clip. The TypeScript side collapses any broadcast pattern to
// this 2-D form (looping over outer axes itself when it cannot), so the common cases — same
// shape, a row broadcast (bias), a column broadcast, a scalar — run SIMD with unit or zero
// inner strides. Ops are small integers; each loop is instantiated per op through @inline.

import { BinaryCode, UnaryCode } from '../src/backend/wasm/kernel-codes';

import { exp64, highHalf, join, lowHalf } from './exp';


// 1.0f as a mask-and constant: comparisons give all-ones lanes; and-ing with 1.0 yields 1 or 0.
@inline function ones(): v128 { return f32x4.splat(1); }

@inline
function binaryVector(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case BinaryCode.add: return f32x4.add(x, y);
    case BinaryCode.sub: return f32x4.sub(x, y);
    case BinaryCode.mul: return f32x4.mul(x, y);
    case BinaryCode.div: return f32x4.div(x, y);
    // IEEE max/min: NaN wins and −0 < +0, as Math.max/min do.
    case BinaryCode.maximum: return f32x4.max(x, y);
    case BinaryCode.minimum: return f32x4.min(x, y);
    case BinaryCode.eq: return v128.and(f32x4.eq(x, y), ones());
    case BinaryCode.ne: return v128.and(f32x4.ne(x, y), ones());
    case BinaryCode.lt: return v128.and(f32x4.lt(x, y), ones());
    case BinaryCode.le: return v128.and(f32x4.le(x, y), ones());
    case BinaryCode.gt: return v128.and(f32x4.gt(x, y), ones());
    default: return v128.and(f32x4.ge(x, y), ones());
  }
}

@inline
function binaryScalar(op: i32, x: f32, y: f32): f32 {
  return f32x4.extract_lane(binaryVector(op, f32x4.splat(x), f32x4.splat(y)), 0);
}

/** One row of `cols` outputs; sa, sb are the inner strides (0 or 1 take the SIMD paths). */
@inline
function binaryRow(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, cols: i32): void {
  let j = 0;
  if (sa == 1 && sb == 1) {
    for (; j + 4 <= cols; j += 4) {
      const at = <usize>j << 2;
      v128.store(out + at, binaryVector(op, v128.load(a + at), v128.load(b + at)));
    }
  } else if (sa == 1 && sb == 0) {
    const y = v128.load32_splat(b);
    for (; j + 4 <= cols; j += 4) {
      const at = <usize>j << 2;
      v128.store(out + at, binaryVector(op, v128.load(a + at), y));
    }
  } else if (sa == 0 && sb == 1) {
    const x = v128.load32_splat(a);
    for (; j + 4 <= cols; j += 4) {
      const at = <usize>j << 2;
      v128.store(out + at, binaryVector(op, x, v128.load(b + at)));
    }
  }
  for (; j < cols; j++) {
    store<f32>(out + (<usize>j << 2), binaryScalar(op, load<f32>(a + (<usize>(j * sa) << 2)), load<f32>(b + (<usize>(j * sb) << 2))));
  }
}

@inline
function binaryRows(op: i32, a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    binaryRow(op, a + (<usize>(r * aRow) << 2), aCol, b + (<usize>(r * bRow) << 2), bCol, out + (<usize>(r * cols) << 2), cols);
  }
}

/** out[r, c] = a[r·aRow + c·aCol] ∘ b[r·bRow + c·bCol] for a rows × cols output (contiguous). */
export function binaryF32(op: i32, a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize, rows: i32, cols: i32): void {
  switch (op) {
    case BinaryCode.add: binaryRows(BinaryCode.add, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case BinaryCode.sub: binaryRows(BinaryCode.sub, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case BinaryCode.mul: binaryRows(BinaryCode.mul, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case BinaryCode.div: binaryRows(BinaryCode.div, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case BinaryCode.maximum: binaryRows(BinaryCode.maximum, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case BinaryCode.minimum: binaryRows(BinaryCode.minimum, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case BinaryCode.eq: binaryRows(BinaryCode.eq, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case BinaryCode.ne: binaryRows(BinaryCode.ne, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case BinaryCode.lt: binaryRows(BinaryCode.lt, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case BinaryCode.le: binaryRows(BinaryCode.le, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case BinaryCode.gt: binaryRows(BinaryCode.gt, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    default: binaryRows(BinaryCode.ge, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
  }
}


@inline
function unaryVector(op: i32, x: v128): v128 {
  switch (op) {
    case UnaryCode.neg: return f32x4.neg(x);
    case UnaryCode.abs: return f32x4.abs(x);
    case UnaryCode.sqrt: return f32x4.sqrt(x);
    case UnaryCode.square: return f32x4.mul(x, x);
    case UnaryCode.reciprocal: return f32x4.div(ones(), x);
    case UnaryCode.floor: return f32x4.floor(x);
    case UnaryCode.ceil: return f32x4.ceil(x);
    // Round half to even, as NumPy and PyTorch (and the js backend) do.
    case UnaryCode.round: return f32x4.nearest(x);
    default: {
      // sign: 1, −1, 0 (for ±0) and NaN for NaN.
      const s = v128.or(v128.and(f32x4.gt(x, f32x4.splat(0)), ones()), v128.and(f32x4.lt(x, f32x4.splat(0)), f32x4.splat(-1)));
      return v128.bitselect(x, s, f32x4.ne(x, x));
    }
  }
}

@inline
function unaryLoop(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), unaryVector(op, v128.load(x + (<usize>i << 2))));
  for (; i < n; i++) {
    store<f32>(out + (<usize>i << 2), f32x4.extract_lane(unaryVector(op, f32x4.splat(load<f32>(x + (<usize>i << 2)))), 0));
  }
}

function expLoop(x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    v128.store(out + (<usize>i << 2), join(exp64(lowHalf(v)), exp64(highHalf(v))));
  }
  for (; i < n; i++) {
    const v = exp64(f64x2.splat(<f64>load<f32>(x + (<usize>i << 2))));
    store<f32>(out + (<usize>i << 2), <f32>f64x2.extract_lane(v, 0));
  }
}

/** out[i] = f(x[i]) for n contiguous floats. */
export function unaryF32(op: i32, x: usize, out: usize, n: i32): void {
  switch (op) {
    case UnaryCode.neg: unaryLoop(UnaryCode.neg, x, out, n); break;
    case UnaryCode.abs: unaryLoop(UnaryCode.abs, x, out, n); break;
    case UnaryCode.sqrt: unaryLoop(UnaryCode.sqrt, x, out, n); break;
    case UnaryCode.square: unaryLoop(UnaryCode.square, x, out, n); break;
    case UnaryCode.reciprocal: unaryLoop(UnaryCode.reciprocal, x, out, n); break;
    case UnaryCode.floor: unaryLoop(UnaryCode.floor, x, out, n); break;
    case UnaryCode.ceil: unaryLoop(UnaryCode.ceil, x, out, n); break;
    case UnaryCode.round: unaryLoop(UnaryCode.round, x, out, n); break;
    case UnaryCode.sign: unaryLoop(UnaryCode.sign, x, out, n); break;
    case UnaryCode.exp: expLoop(x, out, n); break;
    // log in float64 (musl's), rounded once to float32, as the js backend's Math.log.
    default: for (let i = 0; i < n; i++) store<f32>(out + (<usize>i << 2), <f32>Math.log(<f64>load<f32>(x + (<usize>i << 2)))); break;
  }
}

/** out[i] = min(max(x[i], lo), hi), with NaN passing through as in the js backend. */
export function clipF32(x: usize, lo: f32, hi: f32, out: usize, n: i32): void {
  const vlo = f32x4.splat(lo), vhi = f32x4.splat(hi);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const upper = v128.bitselect(vhi, v, f32x4.gt(v, vhi));
    v128.store(out + (<usize>i << 2), v128.bitselect(vlo, upper, f32x4.lt(v, vlo)));
  }
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    store<f32>(out + (<usize>i << 2), v < lo ? lo : v > hi ? hi : v);
  }
}
