/**
 * The wasm backend when its memory runs out: every failure is a clear RangeError, a failed call
 * leaves nothing staged behind, and sizes that pass 2³¹ bytes are computed exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelsOf } from '../../src/backend/index.js';
import { createWasmBackend } from '../../src/backend/wasm/backend.js';
import { instantiate } from '../../src/backend/wasm/control.js';
import { chooseBuild, compileSync } from '../../src/backend/wasm/load.js';

/** A single-thread wasm backend whose memory cannot grow past `maximumPages` (80 pages: 5 MiB). */
function smallBackend(maximumPages = 80) {
  const build = chooseBuild({ shared: true })!;
  const module = compileSync(build)!;
  const memory = new WebAssembly.Memory({ initial: 32, maximum: maximumPages, shared: true });
  return createWasmBackend(module, memory, build, { threads: 1, heap: {} });
}

test('a product that fails to pack its operand leaves nothing staged: later calls do not write into its arrays', () => {
  const backend = smallBackend();
  const kernels = kernelsOf(backend);
  // B (1024×1024 float32, 4 MiB, on the JS heap) is copied in; packing it needs 4 MiB more than the memory has.
  const [m, k, n] = [1, 1024, 1024];
  const a = new Float32Array(m * k).fill(1), b = new Float32Array(k * n).fill(2);
  const out = new Float32Array(m * n).fill(Number.NaN);
  const liveBefore = backend.heap.liveBytes;
  assert.throws(
    () => kernels.matmul(a, b, out, { batch: 1, m, k, n, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 }),
    (error: Error) => error instanceof RangeError && /memory is full; cannot pack a 1024×1024 operand/.test(error.message),
  );
  assert.equal(backend.pendingStaged, 0, 'no block is left staged');
  assert.equal(backend.heap.liveBytes, liveBefore, 'every block taken for the failed call is back');
  // The caller reuses its output array; the next kernel call must not copy stale bytes into it.
  out.fill(7);
  const x = new Float32Array(64).fill(3), negated = new Float32Array(64);
  kernels.unary('neg', x, negated);
  assert.deepEqual([...new Set(negated)], [-3]);
  assert.deepEqual([...new Set(out)], [7], 'the failed product’s output is left as the caller set it');
});

test('a column sum whose float64 accumulators do not fit fails with a RangeError, not a write to address −1', () => {
  const backend = smallBackend();
  const kernels = kernelsOf(backend);
  // x (2 × 400,000 float32: 3.2 MB) lives in wasm memory; the accumulators need 8 bytes a column (3.2 MB) more.
  const columns = 400_000;
  const x = backend.allocate('float32', 2 * columns).fill(1.5), sums = new Float32Array(columns);
  assert.throws(() => kernels.reduce('sum', x, [2, columns], [0], sums), (error: Error) => error instanceof RangeError && /memory is full/.test(error.message));
  assert.equal(backend.pendingStaged, 0);
  assert.ok(sums.every((v) => v === 0), 'nothing was written');
  // The backend goes on working: a sum that fits is right.
  const x2 = new Float32Array(2 * 1000).fill(1.5), sums2 = new Float32Array(1000);
  kernels.reduce('sum', x2, [2, 1000], [0], sums2);
  assert.deepEqual([...new Set(sums2)], [3]);
});

test('the packed-B size is exact past 2³¹ bytes (computed in 64-bit, as the product’s own offsets)', () => {
  const build = chooseBuild({ shared: true })!;
  const kernels = instantiate(compileSync(build)!, new WebAssembly.Memory({ initial: 32, maximum: 64, shared: true }));
  assert.equal(kernels.matmulPackedBBytes(784, 256), 784 * 256 * 4);
  assert.equal(kernels.matmulPackedBBytes(3, 9), 3 * 16 * 4, 'n rounds up to whole 8-column panels');
  assert.equal(kernels.matmulPackedBBytes(65536, 8192), 2 ** 31);
  assert.equal(kernels.matmulPackedBBytes(65536, 65536), 2 ** 34);
});
