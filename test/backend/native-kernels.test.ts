/**
 * Every native kernel against the js reference on random shapes and values (odd sizes, 1×N, N×1,
 * empty, strided and offset views, arrays that are windows into larger buffers), on every
 * instruction set this CPU runs and with one and two threads. Where the addon could not be built,
 * the tests check what the fallback promises instead: the backend is unavailable, with the build's
 * reason, and wasm is the default.
 */
import { test } from 'node:test';
import { existsSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import type { Storage, StridedView } from '../../src/backend/backend.js';
import { kernelsOf, listBackends, setBackend } from '../../src/backend/index.js';
import { createNativeBackendSync, nativeIsas, nativeUnavailableReason, type NativeBackend } from '../../src/backend/native/index.js';
import '../../src/index.js'; // declares every fused kernel with its reference
import { assertThreadCountsAgree, generator } from './kernels.js';
import { testKernelConformance } from './conformance.js';
import { inChild } from '../child.js';

const isas = nativeIsas();

if (isas.length === 0) {
  test(`without the addon, native is unavailable with the build's reason and wasm is the default (${nativeUnavailableReason()})`, () => {
    const reason = nativeUnavailableReason();
    assert.ok(reason, 'a reason is given');
    assert.match(reason, /npm run build:native/, 'the reason says how to get the native backend');
    assert.throws(() => createNativeBackendSync(), (error: Error) => error.message === reason);
    assert.ok(!listBackends().includes('native'));
    assert.throws(() => setBackend('native'), /backend 'native' is unavailable/);
    assert.equal(inChild({ PERCEPTRON_BACKEND: undefined }, 'p.getBackend().name'), 'wasm');
  });
} else {
  /** The same values, half of the time in a window of a larger buffer (a non-zero byteOffset). */
  const place = <T extends Storage>(random: () => number, values: T): T => {
    if (random() < 0.5) return values;
    const Type = values.constructor as new (length: number) => T;
    const start = 1 + Math.floor(random() * 5);
    const big = new Type(values.length + start + 3);
    const window = big.subarray(start, start + values.length) as T;
    window.set(values as never);
    return window;
  };

  const made = new Map<string, NativeBackend>();
  const native = (isa: string, threads: number): NativeBackend => {
    const key = `${isa}/${threads}`;
    if (!made.has(key)) made.set(key, createNativeBackendSync({ isa, threads, name: `native-${key}` }));
    return made.get(key)!;
  };
  const variants = [...isas.map((isa) => ({ isa, threads: 1 })), { isa: isas[0], threads: 2 }];

  test('the fastest instruction set is the default, PERCEPTRON_NATIVE_ISA forces one, and native is the default backend', () => {
    assert.equal(createNativeBackendSync({ threads: 1 }).isa, isas[0]);
    assert.ok(isas.includes('generic'), 'the generic path runs everywhere');
    for (const isa of isas) assert.equal(inChild({ PERCEPTRON_BACKEND: 'native', PERCEPTRON_NATIVE_ISA: isa }, 'p.getBackend().isa'), isa);
    assert.equal(inChild({ PERCEPTRON_BACKEND: undefined, PERCEPTRON_NATIVE_ISA: undefined }, 'p.getBackend().name'), 'native');
    assert.equal(inChild({ PERCEPTRON_BACKEND: 'native', PERCEPTRON_THREADS: '3' }, 'p.getBackend().threads'), '3');
    assert.throws(() => createNativeBackendSync({ isa: 'sve2', threads: 1 }), /cannot run the 'sve2' kernels/);
    // The FMA peak the benchmarks measure against: timed where the ISA has an FMA loop, within what
    // any core does (≥ 1 GFLOP/s, under 64 lanes × 2 pipes × 2 flops × 6 GHz), 0 for the generic path.
    for (const isa of isas) {
      const peak = createNativeBackendSync({ isa, threads: 1, name: `peak-${isa}` }).fmaPeakGflops();
      if (isa === 'generic') assert.equal(peak, 0);
      else assert.ok(peak >= 1 && peak < 1536, `${isa} FMA peak ${peak} GFLOP/s`);
    }
  });

  test('bf16 products run natively exactly where the CPU has AVX512_BF16 (its flag in /proc/cpuinfo) and the table is AVX-512', () => {
    const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
    const hasBf16 = /^flags\s*:.*\bavx512_bf16\b/m.test(cpuinfo);
    for (const isa of isas) {
      const backend = native(isa, 1);
      const expected = hasBf16 && isa === 'avx512' ? 'avx512bf16' : '';
      assert.equal(backend.bf16, expected, `${isa}: bf16 products`);
      const a = new Float32Array(12).fill(1.5), b = new Float32Array(12).fill(-2), out = new Float32Array(9);
      const handled = backend.fused.matmulBf16!(a, b, out, { batch: 1, m: 3, k: 4, n: 3, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 });
      // Declined (false) where there are none, so the reference rounds and runs float32 products.
      assert.equal(handled, expected ? undefined : false, `${isa}: ${expected ? 'runs' : 'declines'}`);
      if (expected) assert.deepEqual(Array.from(out), new Array(9).fill(-12));
      // The bf16 dot-product rate: about twice the float32 FMA peak where it exists (Zen 4: 229 against 116).
      if (expected) assert.ok(backend.bf16PeakGflops() > 1, `bf16 peak ${backend.bf16PeakGflops()} GFLOP/s`);
      else assert.equal(backend.bf16PeakGflops(), 0);
    }
  });

  for (const { isa, threads } of variants) {
    testKernelConformance({ label: `${isa}, ${threads} thread(s)`, kernels: () => kernelsOf(native(isa, threads)), place });
  }

  test('float64, int32 and the kernels native lacks go to the js reference and give its results', () => {
    const backend = native(isas[0], 1);
    const f64 = (values: number[]): StridedView => ({ data: Float64Array.from(values), offset: 0, strides: [1] });
    assert.equal(backend.binary('mul', f64([1]), f64([2]), [1], new Float64Array(1)), false, 'native declines float64');
    assert.equal(backend.binary('pow', { data: new Float32Array(1), offset: 0, strides: [1] }, { data: new Float32Array(1), offset: 0, strides: [1] }, [1], new Float32Array(1)), false, 'native declines pow');
    assert.equal(backend.fused.activation!('gelu', { approximate: 'none' }, new Float32Array(2), new Float32Array(2)), false, 'native declines gelu');
    assert.equal(backend.gatherRows(new Float32Array(6), 2, Int32Array.from([0, 3, 1]), new Float32Array(6)), false, 'an index out of range goes to the reference');
    const ours = kernelsOf(backend);
    const out = new Float64Array(3);
    ours.binary('mul', f64([1.5, -2, 3]), f64([0.25, 4, -1]), [3], out);
    assert.deepEqual(Array.from(out), [0.375, -8, -3]);
    const product = new Float64Array(1);
    ours.matmul(Float64Array.from([1.5, -2, 3]), Float64Array.from([0.25, 4, -1]), product, { batch: 1, m: 1, k: 3, n: 1, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 });
    assert.equal(product[0], 0.375 - 8 - 3);
    const ints = new Int32Array(2);
    ours.unary('neg', Int32Array.from([3, -4]), ints);
    assert.deepEqual(Array.from(ints), [-3, 4]);
  });

  test('the kernels native has run natively on float32 operands (they do not decline)', () => {
    for (const { isa, threads } of variants) {
      const backend = native(isa, threads);
      const x = Float32Array.from([1, -2, 3, 4]), out = new Float32Array(4), view = { data: x, offset: 0, strides: [1] };
      const calls: [string, () => unknown][] = [
        ['matmul', () => backend.matmul(x, x, new Float32Array(4), { batch: 1, m: 2, k: 2, n: 2, transA: false, transB: true, aBatchStride: 0, bBatchStride: 0 })],
        ['binary', () => backend.binary('add', view, view, [4], out)],
        ['unary', () => backend.unary('exp', x, out)],
        ['reduce', () => backend.reduce('sum', x, [2, 2], [1], new Float32Array(2))],
        ['copy', () => backend.copy(view, { data: out, offset: 0, strides: [1] }, [4])],
        ['gatherRows', () => backend.gatherRows(x, 2, Int32Array.from([1, 0]), out)],
        ['scatterAddRows', () => backend.scatterAddRows(x, 2, Int32Array.from([1, 1]), out)],
        ['clip', () => backend.fused.clip!(x, 0, 1, out)],
        ['activation', () => backend.fused.activation!('tanh', {}, x, out)],
        ['activationGrad', () => backend.fused.activationGrad!('sigmoid', {}, x, x, x, out)],
        ['biasActivation', () => backend.fused.biasActivation!('relu', {}, x.slice(), x.subarray(0, 2), out)],
        ['softmaxCrossEntropy', () => backend.fused.softmaxCrossEntropy!(x, 2, Int32Array.from([0, 1]), 0, new Float32Array(2), out)],
        ['softmaxCrossEntropyGrad', () => backend.fused.softmaxCrossEntropyGrad!(x, 2, Int32Array.from([0, 1]), 0, x.subarray(0, 2), out)],
        ['dropout', () => backend.fused.dropout!(Uint32Array.from([1, 2, 3, 4]), 0.5, x, out, new Float32Array(4))],
        ['sgdStep', () => backend.fused.sgdStep!(x.slice(), x, 0.1)],
        ['adamStep', () => backend.fused.adamStep!(x.slice(), x, new Float32Array(4), new Float32Array(4), { beta1: 0.9, beta2: 0.999, eps: 1e-8, stepSize: 0.1, biasCorrection2Sqrt: 0.03 })],
      ];
      for (const [name, call] of calls) assert.notEqual(call(), false, `${name} (${isa}, ${threads} threads)`);
    }
  });

  test('one, two and three threads give bit-identical products, float32 and bf16, on shapes large enough to split', () => {
    const random = generator(12);
    const shapes = [[256, 784, 256], [37, 600, 250], [129, 67, 255], [1000, 33, 9], [5, 300, 1000]] as const;
    for (const isa of isas) {
      const one = native(isa, 1), many = [native(isa, 2), native(isa, 3)];
      assertThreadCountsAgree(random, (...args) => one.matmul(...args), many.map((backend) => ({ threads: backend.threads, product: (...args) => backend.matmul(...args) })), shapes, isa);
      if (one.bf16) assertThreadCountsAgree(random, one.fused.matmulBf16!, many.map((backend) => ({ threads: backend.threads, product: backend.fused.matmulBf16! })), shapes, `${isa} bf16`);
    }
  });

}
