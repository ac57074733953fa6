// e^x on two float64 lanes, for float32 kernels that must round like the js backend (which
// computes in float64): accurate to about 1e-15 relative, far below float32's 6e-8 ulp.
//
// x = n·ln2 + r with |r| ≤ ln2/2 (Cody–Waite: ln2 split in two so n·LN2_HI is exact), e^r by its
// Taylor polynomial of degree 10, then 2^n put straight into the exponent bits.

// The constants, each twice (one float64x2 each), read from memory: V8 rebuilds a v128.const at
// every use inside a loop, several instructions each time, while a load costs one.
const LOW = 0, HIGH = 1, LOG2E = 2, SHIFT = 3, LN2_HI = 4, LN2_LO = 5, ONE = 6, C2 = 7; // C2…C10: 1/k!
const CONSTANTS = memory.data<f64>([
  -150, -150, 100, 100,
  1.4426950408889634, 1.4426950408889634,
  6755399441055744.0, 6755399441055744.0, // 1.5·2^52
  0.6931471803691238, 0.6931471803691238, // ln 2 to 32 significant bits (0x3FE62E42FEE00000)
  1.9082149292705877e-10, 1.9082149292705877e-10,
  1, 1,
  1.0 / 2, 1.0 / 2, 1.0 / 6, 1.0 / 6, 1.0 / 24, 1.0 / 24, 1.0 / 120, 1.0 / 120, 1.0 / 720, 1.0 / 720,
  1.0 / 5040, 1.0 / 5040, 1.0 / 40320, 1.0 / 40320, 1.0 / 362880, 1.0 / 362880, 1.0 / 3628800, 1.0 / 3628800,
]);

@inline
function k(index: i32): v128 {
  return v128.load(CONSTANTS + (<usize>index << 4));
}

/** e^x lane by lane; x is clamped to [−150, 100], beyond which a float32 result is 0 or ∞ anyway. */
@inline
export function exp64(x: v128): v128 {
  // pmin/pmax are plain compares-and-selects (cheap), and keep a NaN as it is.
  const clamped = f64x2.pmin(f64x2.pmax(x, k(LOW)), k(HIGH));
  // n = round(x·log2 e) by the 1.5·2^52 shift: the sum's low mantissa bits hold n as an integer.
  const shifted = f64x2.add(f64x2.mul(clamped, k(LOG2E)), k(SHIFT));
  const n = f64x2.sub(shifted, k(SHIFT));
  const r = f64x2.sub(f64x2.sub(clamped, f64x2.mul(n, k(LN2_HI))), f64x2.mul(n, k(LN2_LO)));
  // Estrin's scheme: the same polynomial with a short dependency chain (Horner's is 10 deep).
  const r2 = f64x2.mul(r, r), r4 = f64x2.mul(r2, r2), r8 = f64x2.mul(r4, r4);
  const a01 = f64x2.add(k(ONE), r);
  const a23 = f64x2.add(k(C2), f64x2.mul(r, k(C2 + 1)));
  const a45 = f64x2.add(k(C2 + 2), f64x2.mul(r, k(C2 + 3)));
  const a67 = f64x2.add(k(C2 + 4), f64x2.mul(r, k(C2 + 5)));
  const a89 = f64x2.add(k(C2 + 6), f64x2.mul(r, k(C2 + 7)));
  const a03 = f64x2.add(a01, f64x2.mul(r2, a23));
  const a47 = f64x2.add(a45, f64x2.mul(r2, a67));
  const a810 = f64x2.add(a89, f64x2.mul(r2, k(C2 + 8)));
  const p = f64x2.add(f64x2.add(a03, f64x2.mul(r4, a47)), f64x2.mul(r8, a810));
  // 2^n: (n + 1023) << 52 as bits; shifting by 52 drops the shift constant's own bits. n is within
  // [−217, 145], so the exponent is always a normal one. A NaN stays NaN through p.
  return f64x2.mul(p, i64x2.shl(i64x2.add(shifted, i64x2.splat(1023)), 52));
}

// Four float32 lanes as two float64x2 halves, and back.
@inline
export function lowHalf(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline
export function highHalf(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}
@inline
export function join(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}
