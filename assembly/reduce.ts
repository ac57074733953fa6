// Float32 reductions over the middle axis of an (outer × length × inner) array: the last axis
// (inner = 1), the first (outer = 1), or any contiguous run of axes. Sums accumulate in float64,
// as the js backend does, so both round the same exact-ish sum to float32.

import { ReduceCode } from '../src/backend/wasm/kernel-codes';

@inline
function highHalf(v: v128): v128 {
  return v128.shuffle<f32>(v, v, 2, 3, 0, 1);
}

@inline
function extreme(op: i32, x: v128, y: v128): v128 {
  // IEEE max/min: a NaN anywhere wins, as in the js backend.
  return op == ReduceCode.max ? f32x4.max(x, y) : f32x4.min(x, y);
}

@inline
function extremeScalar(op: i32, x: f32, y: f32): f32 {
  return f32x4.extract_lane(extreme(op, f32x4.splat(x), f32x4.splat(y)), 0);
}

/** Σ of n contiguous floats, in float64. */
function sumRow(x: usize, n: i32): f64 {
  let lo = f64x2.splat(0), hi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
    hi = f64x2.add(hi, f64x2.promote_low_f32x4(highHalf(v)));
  }
  const both = f64x2.add(lo, hi);
  let s = f64x2.extract_lane(both, 0) + f64x2.extract_lane(both, 1);
  for (; i < n; i++) s += <f64>load<f32>(x + (<usize>i << 2));
  return s;
}

@inline
function extremeRow(op: i32, x: usize, n: i32): f32 {
  let acc = f32x4.splat(op == ReduceCode.max ? -Infinity : Infinity);
  let i = 0;
  for (; i + 4 <= n; i += 4) acc = extreme(op, acc, v128.load(x + (<usize>i << 2)));
  acc = extreme(op, acc, highHalf(acc));
  let r = extremeScalar(op, f32x4.extract_lane(acc, 0), f32x4.extract_lane(acc, 1));
  for (; i < n; i++) r = extremeScalar(op, r, load<f32>(x + (<usize>i << 2)));
  return r;
}

/**
 * out[o, j] = Σ_r x[o, r, j] for inner > 1: eight columns at a time down all rows, their sums in
 * four float64x2 registers; the last few columns go through a float64 row `acc` in memory.
 */
function sumColumns(x: usize, outer: i32, length: i32, inner: i32, out: usize, acc: usize): void {
  const rowBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const plane = x + <usize>o * <usize>length * rowBytes;
    const dst = out + (<usize>(o * inner) << 2);
    let j = 0;
    for (; j + 8 <= inner; j += 8) {
      let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
      let at = plane + (<usize>j << 2);
      for (let r = 0; r < length; r++) {
        const v = v128.load(at), w = v128.load(at, 16);
        s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v));
        s1 = f64x2.add(s1, f64x2.promote_low_f32x4(highHalf(v)));
        s2 = f64x2.add(s2, f64x2.promote_low_f32x4(w));
        s3 = f64x2.add(s3, f64x2.promote_low_f32x4(highHalf(w)));
        at += rowBytes;
      }
      const lo = v128.shuffle<f32>(f32x4.demote_f64x2_zero(s0), f32x4.demote_f64x2_zero(s1), 0, 1, 4, 5);
      const hi = v128.shuffle<f32>(f32x4.demote_f64x2_zero(s2), f32x4.demote_f64x2_zero(s3), 0, 1, 4, 5);
      v128.store(dst + (<usize>j << 2), lo);
      v128.store(dst + (<usize>j << 2), hi, 16);
    }
    if (j == inner) continue;
    memory.fill(acc, 0, <usize>(inner - j) << 3);
    for (let r = 0; r < length; r++) {
      const row = plane + <usize>r * rowBytes;
      for (let c = j; c < inner; c++) {
        const slot = acc + (<usize>(c - j) << 3);
        store<f64>(slot, load<f64>(slot) + <f64>load<f32>(row + (<usize>c << 2)));
      }
    }
    for (let c = j; c < inner; c++) store<f32>(dst + (<usize>c << 2), <f32>load<f64>(acc + (<usize>(c - j) << 3)));
  }
}

@inline
function extremeColumns(op: i32, x: usize, outer: i32, length: i32, inner: i32, out: usize): void {
  for (let o = 0; o < outer; o++) {
    const dst = out + (<usize>(o * inner) << 2);
    const start = f32x4.splat(op == ReduceCode.max ? -Infinity : Infinity);
    let j = 0;
    for (; j + 4 <= inner; j += 4) v128.store(dst + (<usize>j << 2), start);
    for (; j < inner; j++) store<f32>(dst + (<usize>j << 2), op == ReduceCode.max ? -Infinity : Infinity);
    for (let r = 0; r < length; r++) {
      const row = x + (<usize>(o * length + r) * <usize>inner << 2);
      j = 0;
      for (; j + 4 <= inner; j += 4) {
        const at = dst + (<usize>j << 2);
        v128.store(at, extreme(op, v128.load(at), v128.load(row + (<usize>j << 2))));
      }
      for (; j < inner; j++) {
        const at = dst + (<usize>j << 2);
        store<f32>(at, extremeScalar(op, load<f32>(at), load<f32>(row + (<usize>j << 2))));
      }
    }
  }
}

/**
 * Reduces x, viewed as outer × length × inner, over its middle axis into out (outer × inner).
 * `acc` is float64 scratch for `inner` sums (unused otherwise).
 */
export function reduceF32(op: i32, x: usize, outer: i32, length: i32, inner: i32, out: usize, acc: usize): void {
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      const row = x + (<usize>o * <usize>length << 2);
      const dst = out + (<usize>o << 2);
      if (op == ReduceCode.sum) store<f32>(dst, <f32>sumRow(row, length));
      else if (op == ReduceCode.max) store<f32>(dst, extremeRow(ReduceCode.max, row, length));
      else store<f32>(dst, extremeRow(ReduceCode.min, row, length));
    }
  } else if (op == ReduceCode.sum) sumColumns(x, outer, length, inner, out, acc);
  else if (op == ReduceCode.max) extremeColumns(ReduceCode.max, x, outer, length, inner, out);
  else extremeColumns(ReduceCode.min, x, outer, length, inner, out);
}
