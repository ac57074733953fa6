/**
 * Every wasm kernel against the js reference (the shared conformance suite, test/backend/conformance.ts)
 * on each build and thread count, operands in wasm memory and on the JS heap (copied in); then what
 * is the wasm backend's own: what it declines, and products split over threads (the check shared
 * with native, test/backend/kernels.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelsOf } from '../../src/backend/index.js';
import '../../src/index.js'; // declares every fused kernel with its reference
import { assertThreadCountsAgree, generator, inMemory, ready, variants, wasm } from './kernels.js';
import { testKernelConformance } from './conformance.js';

for (const options of variants) {
  const label = `${options.relaxed ? 'relaxed' : 'standard'} SIMD, ${options.shared === false ? 'plain memory' : `${options.threads} thread(s)`}${options.narrowKernel ? ', 4×8 kernel' : ''}`;
  testKernelConformance({
    label,
    kernels: async () => kernelsOf(await ready(options)),
    place: (random, values) => (random() < 0.5 ? (inMemory(wasm(options), values) as typeof values) : values),
    // The wasm sums run in float32 SIMD lanes, in another order than the reference.
    sumTolerance: { rtol: 1e-7, atol: 1e-37 },
  });
}

test('float64 and int32 operands go to the js kernels and give their results', () => {
  const backend = wasm({ threads: 1 });
  assert.equal(backend.binary('mul', { data: new Float64Array(1), offset: 0, strides: [] }, { data: new Float64Array(1), offset: 0, strides: [] }, [], new Float64Array(1)), false, 'wasm declines float64');
  const ours = kernelsOf(backend);
  const a = new Float64Array([1.5, -2, 3]), b = new Float64Array([0.25, 4, -1]);
  const out = backend.allocate('float64', 3);
  ours.binary('mul', { data: a, offset: 0, strides: [1] }, { data: b, offset: 0, strides: [1] }, [3], out);
  assert.deepEqual(Array.from(out), [0.375, -8, -3]);
  const product = new Float64Array(1);
  ours.matmul(a, b, product, { batch: 1, m: 1, k: 3, n: 1, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 });
  assert.equal(product[0], 0.375 - 8 - 3);
  const ints = new Int32Array(2);
  ours.unary('neg', Int32Array.from([3, -4]), ints);
  assert.deepEqual(Array.from(ints), [-3, 4]);
});

test('one, two and three threads give bit-identical products, on shapes large enough to split', async () => {
  const one = wasm({ relaxed: true, threads: 1 });
  const many = [await ready({ relaxed: true, threads: 2 }), await ready({ relaxed: true, threads: 3 })];
  // [37, 600, 250] and the last three split their columns into one group per thread (packed B over
  // 512 KiB, C at least twice as wide as tall): odd panel counts, a partial last panel, two depth blocks.
  const shapes = [[256, 784, 256], [37, 600, 250], [129, 67, 255], [1000, 33, 9], [5, 300, 1000], [300, 520, 1003], [200, 700, 512]] as const;
  assertThreadCountsAgree(generator(10), (...args) => one.matmul(...args), many.map((backend) => ({ threads: backend.threads, product: (...args) => backend.matmul(...args) })), shapes, 'relaxed');
});
