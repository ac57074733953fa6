/**
 * The one seeded random generator family: the same seed gives the same numbers on the same
 * backend. xoshiro128** for 32-bit draws (its step: xoshiro.ts), seeded through splitmix32;
 * normals by the Box–Muller transform. Init, dropout, shuffling and synthetic data all draw from
 * `defaultGenerator` unless given their own Generator.
 */

import { xoshiroNext, xoshiroUniform } from './xoshiro.js';

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A seeded random generator (xoshiro128**), as torch.Generator: the same seed gives the same numbers; getState/setState save and restore it exactly. */
export class Generator {
  #s = new Uint32Array(4);
  #spareNormal: number | null = null;

  /** A generator seeded with `seed` (0 by default). */
  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /** Restarts the stream: the same seed gives the same numbers. */
  manualSeed(seed: number): this {
    const next = splitmix32(Math.floor(seed) ^ Math.floor(seed / 2 ** 32));
    for (let i = 0; i < 4; i++) this.#s[i] = next();
    this.#spareNormal = null;
    return this;
  }

  /** The generator's full state, to save in a checkpoint and restore with setState. */
  getState(): number[] {
    return [...this.#s, this.#spareNormal ?? NaN];
  }
  /** Restores a state getState() returned: the same numbers follow. */
  setState(state: readonly number[]): void {
    this.#s.set(state.slice(0, 4));
    this.#spareNormal = Number.isNaN(state[4]) ? null : state[4];
  }

  /** A uniform 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    return xoshiroNext(this.#s);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  random(): number {
    return xoshiroUniform(this.#s);
  }

  /**
   * Lets a kernel draw many numbers at once from this stream: it gets the four xoshiro128** state
   * words and advances them in place, exactly as as many random() calls would.
   */
  drawWith<T>(kernel: (state: Uint32Array) => T): T {
    return kernel(this.#s);
  }

  /** Standard normal. */
  normal(): number {
    if (this.#spareNormal !== null) {
      const spare = this.#spareNormal;
      this.#spareNormal = null;
      return spare;
    }
    const u = 1 - this.random(); // (0, 1]: log(u) stays finite
    const v = this.random();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.#spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /** Uniform integer in [low, high). */
  randint(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low));
  }
}

/** The generator init, dropout, shuffling and random creators draw from unless given another; manualSeed(seed) reseeds it (PyTorch's default generator). */
export const defaultGenerator = new Generator(0);

/** Seeds the default generator (PyTorch's torch.manual_seed, MXNet's mx.random.seed). */
export function manualSeed(seed: number): void {
  defaultGenerator.manualSeed(seed);
}
