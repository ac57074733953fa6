/**
 * xoshiro128** (Blackman & Vigna), the generator behind every random draw: the one definition of
 * its step, shared by Generator (random.ts) and by the dropout kernel's reference version, which
 * draws many numbers at once (src/ops/dropout.ts). The wasm backend has the same step in
 * assembly/dropout.ts, tested equal.
 */

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** The next uniform 32-bit unsigned integer; advances the four state words in place. */
export function xoshiroNext(s: Uint32Array): number {
  const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
  const t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

/** Uniform in [0, 1) with 53 random bits, from two steps. */
export function xoshiroUniform(s: Uint32Array): number {
  const high = xoshiroNext(s) >>> 5;
  const low = xoshiroNext(s) >>> 6;
  return (high * 67108864 + low) / 9007199254740992;
}
