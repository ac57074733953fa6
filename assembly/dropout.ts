// Inverted dropout on float32, drawing its mask from the caller's xoshiro128** stream: the same
// step and the same 53-bit uniforms as src/tensor/xoshiro.ts, so both backends draw the same
// mask from the same state and leave the state where Generator.random() calls would.
// Rotations are written as two shifts and an add: V8 (11.3) compiles wasm's i32.rotl and i32.rotr
// to calls into C (far slower; bench/RESULTS.md), and Binaryen turns a shift-shift-or back into a rotation.

/** x rotated left by k bits (the bits do not overlap, so + is |). */
@inline
function rotl(x: u32, k: u32): u32 {
  return (x << k) + (x >>> (32 - k));
}

/**
 * mask[i] = (f32(u_i) ≥ f32(p) ? f32(1/(1 − p)) : 0), out[i] = x[i]·mask[i] for n floats; the four
 * state words at `state` advance in place (the block holds 20 bytes: 4 bytes of scratch follow).
 */
export function dropoutF32(state: usize, p: f64, x: usize, out: usize, mask: usize, n: i32): void {
  let s0 = load<u32>(state), s1 = load<u32>(state, 4), s2 = load<u32>(state, 8), s3 = load<u32>(state, 12);
  const threshold = <f32>p;
  // Kept in memory and read back: V8 would otherwise recompute the quotient inside the loop.
  store<f32>(state, <f32>(1 / (1 - p)), 16);
  const scale = load<f32>(state, 16);
  for (let i = 0; i < n; i++) {
    // Two steps: the high 27 and the low 26 bits of a 53-bit uniform.
    let result = rotl(s1 * 5, 7) * 9;
    let t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
    const high = result >>> 5;
    result = rotl(s1 * 5, 7) * 9;
    t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
    const low = result >>> 6;
    // ÷ 2^53 as × 2^−53: exact either way, and a product is cheaper than a quotient.
    const u = (<f64>high * 67108864 + <f64>low) * 1.1102230246251565e-16;
    // A product with the comparison's 0 or 1, not a branch: the draws are random, so a branch
    // would be mispredicted on p of them.
    const keep = <f32>(<i32>(<f32>u >= threshold)) * scale;
    const at = <usize>i << 2;
    store<f32>(mask + at, keep);
    store<f32>(out + at, load<f32>(x + at) * keep);
  }
  store<u32>(state, s0); store<u32>(state, s1, 4); store<u32>(state, s2, 8); store<u32>(state, s3, 12);
}
