// Float32 activation functions and their gradients, for the entries of src/activation/table.ts
// that MLP training uses; the backend hands the others to the js reference.

import { ActivationCode } from '../src/backend/wasm/kernel-codes';

import { exp64, highHalf, join, lowHalf } from './exp';


/** σ(x) in float64 through e^(−|x|) (the table's formula: neither branch overflows). */
@inline
function sigmoid64(x: v128): v128 {
  const e = exp64(f64x2.neg(f64x2.abs(x)));
  const s = f64x2.div(f64x2.splat(1), f64x2.add(f64x2.splat(1), e));
  return v128.bitselect(s, f64x2.mul(e, s), f64x2.ge(x, f64x2.splat(0)));
}

/**
 * tanh(x) in float64: (1 − e)/(1 + e) with e = e^(−2|x|), its sign restored; below |x| = 1/16,
 * where 1 − e would cancel, the odd series x − x³/3 + 2x⁵/15 − 17x⁷/315 + 62x⁹/2835 (error below
 * 1e-15 there).
 */
@inline
function tanh64(x: v128): v128 {
  const t = f64x2.abs(x);
  const e = exp64(f64x2.mul(t, f64x2.splat(-2)));
  const large = f64x2.div(f64x2.sub(f64x2.splat(1), e), f64x2.add(f64x2.splat(1), e));
  const t2 = f64x2.mul(t, t);
  let series = f64x2.splat(62.0 / 2835);
  series = f64x2.add(f64x2.mul(series, t2), f64x2.splat(-17.0 / 315));
  series = f64x2.add(f64x2.mul(series, t2), f64x2.splat(2.0 / 15));
  series = f64x2.add(f64x2.mul(series, t2), f64x2.splat(-1.0 / 3));
  series = f64x2.add(f64x2.mul(f64x2.mul(series, t2), t), t);
  const magnitude = v128.bitselect(series, large, f64x2.lt(t, f64x2.splat(0.0625)));
  // Copy x's sign bit (NaN stays NaN: both branches are NaN there).
  return v128.or(magnitude, v128.and(x, f64x2.splat(-0.0)));
}

@inline
function activation64(kind: i32, v: v128): v128 {
  return kind == ActivationCode.sigmoid ? join(sigmoid64(lowHalf(v)), sigmoid64(highHalf(v))) : join(tanh64(lowHalf(v)), tanh64(highHalf(v)));
}

/**
 * out[i] = f(x[i]); `slope` is leakyRelu's negativeSlope (ignored by the others), applied in
 * float64 like everything but relu, so results round exactly as the js backend's.
 */
export function activationF32(kind: i32, x: usize, out: usize, n: i32, slope: f64): void {
  let i = 0;
  if (kind == ActivationCode.relu) {
    const zero = f32x4.splat(0);
    // pmax(x, 0) is x < 0 ? 0 : x: branch-free and NaN-preserving, as Math.max(0, x).
    for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), f32x4.pmax(v128.load(x + (<usize>i << 2)), zero));
    for (; i < n; i++) {
      const v = load<f32>(x + (<usize>i << 2));
      store<f32>(out + (<usize>i << 2), v < 0 ? 0 : v);
    }
  } else if (kind == ActivationCode.leakyRelu) {
    const zero = f32x4.splat(0), s = f64x2.splat(slope);
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(x + (<usize>i << 2));
      const scaled = join(f64x2.mul(lowHalf(v), s), f64x2.mul(highHalf(v), s));
      v128.store(out + (<usize>i << 2), v128.bitselect(v, scaled, f32x4.gt(v, zero)));
    }
    for (; i < n; i++) {
      const v = load<f32>(x + (<usize>i << 2));
      store<f32>(out + (<usize>i << 2), v > 0 ? v : <f32>(slope * <f64>v));
    }
  } else {
    for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), activation64(kind, v128.load(x + (<usize>i << 2))));
    for (; i < n; i++) {
      const v = activation64(kind, f32x4.splat(load<f32>(x + (<usize>i << 2))));
      store<f32>(out + (<usize>i << 2), f32x4.extract_lane(v, 0));
    }
  }
}

/**
 * dx[i] = dy[i] · f′(x[i]) given y = f(x): relu′ and leakyRelu′ from x, σ′ = y(1 − y) and
 * tanh′ = 1 − y² from y, in float64 as the js backend does (1 − y² cancels where |y| ≈ 1, and
 * float32 would lose most digits there).
 */
export function activationGradF32(kind: i32, x: usize, y: usize, dy: usize, dx: usize, n: i32, slope: f64): void {
  let i = 0;
  const zero = f32x4.splat(0), one = f64x2.splat(1);
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    const g = v128.load(dy + at);
    if (kind == ActivationCode.relu) {
      // A product, not a mask: dy = ±inf or NaN where f′ = 0 gives NaN, as in the js backend.
      v128.store(dx + at, f32x4.mul(g, v128.and(f32x4.gt(v128.load(x + at), zero), f32x4.splat(1))));
      continue;
    }
    let dLo: v128, dHi: v128;
    if (kind == ActivationCode.leakyRelu) {
      const positive = f32x4.gt(v128.load(x + at), zero);
      // 1 where x > 0, else the float64 slope: the float32 mask widened through 1.0 / 0.0.
      const d = v128.bitselect(f32x4.splat(1), f32x4.splat(0), positive);
      dLo = v128.bitselect(one, f64x2.splat(slope), f64x2.eq(lowHalf(d), one));
      dHi = v128.bitselect(one, f64x2.splat(slope), f64x2.eq(highHalf(d), one));
    } else {
      const v = v128.load(y + at);
      const lo = lowHalf(v), hi = highHalf(v);
      dLo = kind == ActivationCode.sigmoid ? f64x2.mul(lo, f64x2.sub(one, lo)) : f64x2.sub(one, f64x2.mul(lo, lo));
      dHi = kind == ActivationCode.sigmoid ? f64x2.mul(hi, f64x2.sub(one, hi)) : f64x2.sub(one, f64x2.mul(hi, hi));
    }
    v128.store(dx + at, join(f64x2.mul(lowHalf(g), dLo), f64x2.mul(highHalf(g), dHi)));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    const v = <f64>load<f32>(y + at);
    let d: f64;
    if (kind == ActivationCode.relu) d = load<f32>(x + at) > 0 ? 1 : 0;
    else if (kind == ActivationCode.leakyRelu) d = load<f32>(x + at) > 0 ? 1 : slope;
    else if (kind == ActivationCode.sigmoid) d = v * (1 - v);
    else d = 1 - v * v;
    store<f32>(dx + at, <f32>(<f64>load<f32>(dy + at) * d));
  }
}
