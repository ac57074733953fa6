/** What the backend tests share: seeded random arrays, the backends to compare, and comparisons. */
import assert from 'node:assert/strict';
import type { MatmulLayout, Storage } from '../../src/backend/backend.js';
import { createWasmBackendSync, type WasmBackend, type WasmOptions } from '../../src/backend/wasm/index.js';

/** mulberry32: a small seeded generator, so a failing case can be replayed. */
export function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sizes that hit every edge of the kernels: empty, 1, below, at and above SIMD widths and tiles. */
export const SIZES = [0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 31, 33, 64];

export const pick = <T>(random: () => number, values: readonly T[]): T => values[Math.floor(random() * values.length)];

/** Normal-ish float32 values, with an occasional exact zero, negative zero or integer. */
export function randomF32(random: () => number, size: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const r = random();
    out[i] = r < 0.03 ? 0 : r < 0.05 ? -0 : r < 0.1 ? Math.round(random() * 8 - 4) : (random() + random() + random() - 1.5) * 4;
  }
  return out;
}

/**
 * The same values in the backend's own memory, whatever their size (the allocator keeps tiny
 * arrays on the JS heap), so that both the in-memory and the copy-in paths of kernels run.
 */
export function inMemory(backend: WasmBackend, values: Storage): Storage {
  // A plain (unshared) memory detaches its views when it grows: that build keeps tensors outside.
  if (!backend.build.shared) return values.slice();
  const Type = values.constructor as Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor;
  const address = backend.heap.take(Math.max(values.byteLength, 1));
  const out = new Type(backend.heap.u8.buffer as ArrayBuffer, address, values.length);
  out.set(values);
  return out;
}

const made = new Map<string, WasmBackend>();

/** One backend per build and thread count, made once per test file. */
export function wasm(options: WasmOptions & { threads: number }): WasmBackend {
  const key = JSON.stringify(options);
  let backend = made.get(key);
  if (!backend) {
    backend = createWasmBackendSync(options);
    assert.ok(backend, 'the wasm backend loads in Node');
    made.set(key, backend);
  }
  return backend;
}

/** The backend once all its threads listen (workers start in the background). */
export async function ready(options: WasmOptions & { threads: number }): Promise<WasmBackend> {
  const backend = wasm(options);
  while (backend.activeThreads < backend.threads) await new Promise((resolve) => setTimeout(resolve, 5));
  return backend;
}

/** The builds and thread counts every kernel is checked on. */
export const variants: (WasmOptions & { threads: number })[] = [
  { relaxed: false, threads: 1 },
  { relaxed: true, threads: 1 },
  { relaxed: true, threads: 2 },
  { relaxed: true, shared: false, threads: 1 },
  // The 4×8 micro-kernel of the relaxed build, which browsers run (Node runs the 6×8 one).
  { relaxed: true, threads: 2, narrowKernel: true },
];

/** Equal element by element, bit for bit except that NaN matches NaN and −0 matches +0. */
export function assertSame(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    if (!(a === e || (Number.isNaN(a) && Number.isNaN(e)))) assert.fail(`${label}[${i}]: got ${a}, expected ${e}`);
  }
}

/** |actual − expected| ≤ atol + rtol·|expected| (scale[i] replaces |expected| where given). */
export function assertNear(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  label: string,
  { rtol = 1e-6, atol = 0, scale }: { rtol?: number; atol?: number; scale?: ArrayLike<number> } = {},
): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      if (!(a === e || (Number.isNaN(a) && Number.isNaN(e)))) assert.fail(`${label}[${i}]: got ${a}, expected ${e}`);
      continue;
    }
    const tolerance = atol + rtol * (scale ? scale[i] : Math.abs(e));
    if (!(Math.abs(a - e) <= tolerance)) assert.fail(`${label}[${i}]: got ${a}, expected ${e} (tolerance ${tolerance})`);
  }
}

/** A matrix product with the kernels' signature: a backend's matmul, or a fused product such as matmulBf16. */
export type Product = (a: Storage, b: Storage, out: Storage, layout: MatmulLayout) => unknown;

/**
 * Products split over threads change no bit: every tile of C is summed by one thread in the same
 * depth order whatever the thread count. `one` runs on one thread; each of `many` ({ threads, product })
 * must give its result bit for bit, in the three layouts of an MLP's products.
 */
export function assertThreadCountsAgree(random: () => number, one: Product, many: { threads: number; product: Product }[], shapes: readonly (readonly [number, number, number])[], label: string): void {
  for (const [m, k, n] of shapes) {
    for (const [transA, transB] of [[false, false], [true, false], [false, true]]) {
      const a = randomF32(random, m * k), b = randomF32(random, k * n);
      const layout = { batch: 1, m, k, n, transA, transB, aBatchStride: 0, bBatchStride: 0 };
      const outOne = new Float32Array(m * n);
      one(a, b, outOne, layout);
      for (const { threads, product } of many) {
        const out = new Float32Array(m * n);
        product(a, b, out, layout);
        assertSame(out, outOne, `${label} ${m}×${k}×${n} tA=${transA} tB=${transB}, ${threads} threads`);
      }
    }
  }
}
