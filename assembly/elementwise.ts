// Elementwise float32 kernels: unary ops, binary ops over a 2-D (rows × cols) iteration with
// per-operand element strides, and clip. The TypeScript side collapses any broadcast pattern to
// this 2-D form (looping over outer axes itself when it cannot), so the common cases — same
// shape, a row broadcast (bias), a column broadcast, a scalar — run SIMD with unit or zero
// inner strides. Ops are small integers; each loop is instantiated per op through @inline.

import { exp64, highHalf, join, lowHalf } from './exp';

export const ADD = 0, SUB = 1, MUL = 2, DIV = 3, MAXIMUM = 4, MINIMUM = 5;
export const EQ = 6, NE = 7, LT = 8, LE = 9, GT = 10, GE = 11;

// 1.0f as a mask-and constant: comparisons give all-ones lanes; and-ing with 1.0 yields 1 or 0.
@inline function ones(): v128 { return f32x4.splat(1); }

@inline
function binaryVector(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case ADD: return f32x4.add(x, y);
    case SUB: return f32x4.sub(x, y);
    case MUL: return f32x4.mul(x, y);
    case DIV: return f32x4.div(x, y);
    // IEEE max/min: NaN wins and −0 < +0, as Math.max/min do.
    case MAXIMUM: return f32x4.max(x, y);
    case MINIMUM: return f32x4.min(x, y);
    case EQ: return v128.and(f32x4.eq(x, y), ones());
    case NE: return v128.and(f32x4.ne(x, y), ones());
    case LT: return v128.and(f32x4.lt(x, y), ones());
    case LE: return v128.and(f32x4.le(x, y), ones());
    case GT: return v128.and(f32x4.gt(x, y), ones());
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
    case ADD: binaryRows(ADD, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case SUB: binaryRows(SUB, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case MUL: binaryRows(MUL, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case DIV: binaryRows(DIV, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case MAXIMUM: binaryRows(MAXIMUM, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case MINIMUM: binaryRows(MINIMUM, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case EQ: binaryRows(EQ, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case NE: binaryRows(NE, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case LT: binaryRows(LT, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case LE: binaryRows(LE, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case GT: binaryRows(GT, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    default: binaryRows(GE, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
  }
}

export const NEG = 0, ABS = 1, SQRT = 2, SQUARE = 3, RECIPROCAL = 4, FLOOR = 5, CEIL = 6, ROUND = 7, SIGN = 8;
export const EXP = 9, LOG = 10;

@inline
function unaryVector(op: i32, x: v128): v128 {
  switch (op) {
    case NEG: return f32x4.neg(x);
    case ABS: return f32x4.abs(x);
    case SQRT: return f32x4.sqrt(x);
    case SQUARE: return f32x4.mul(x, x);
    case RECIPROCAL: return f32x4.div(ones(), x);
    case FLOOR: return f32x4.floor(x);
    case CEIL: return f32x4.ceil(x);
    // Round half to even, as NumPy and PyTorch (and the js backend) do.
    case ROUND: return f32x4.nearest(x);
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
    case NEG: unaryLoop(NEG, x, out, n); break;
    case ABS: unaryLoop(ABS, x, out, n); break;
    case SQRT: unaryLoop(SQRT, x, out, n); break;
    case SQUARE: unaryLoop(SQUARE, x, out, n); break;
    case RECIPROCAL: unaryLoop(RECIPROCAL, x, out, n); break;
    case FLOOR: unaryLoop(FLOOR, x, out, n); break;
    case CEIL: unaryLoop(CEIL, x, out, n); break;
    case ROUND: unaryLoop(ROUND, x, out, n); break;
    case SIGN: unaryLoop(SIGN, x, out, n); break;
    case EXP: expLoop(x, out, n); break;
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
