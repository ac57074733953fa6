/**
 * The one conformance suite every accelerated backend passes: each kernel, primitive and fused,
 * against the js reference on seeded random shapes and values — odd sizes, 1×N, N×1 and empty
 * ones, NaN and ±Infinity, strided and offset views, sizes that split over threads. A backend's
 * test file calls testKernelConformance once per variant (build, instruction set, thread count)
 * and keeps only what is its own (what it declines, how its threads split work).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActivationParams } from '../../src/activation/table.js';
import type { BinaryKernel, MatmulLayout, Primitives, FusedKernels, Storage, StridedView, UnaryKernel } from '../../src/backend/backend.js';
import { kernelsOf } from '../../src/backend/index.js';
import { jsBackend } from '../../src/backend/js/index.js';
import { contiguousStrides as contiguous } from '../../src/backend/strided.js';
import '../../src/index.js'; // declares every fused kernel with its reference
import { assertNear, assertSame, generator, pick, randomF32, SIZES, type Product } from './kernels.js';

/** The js reference of every kernel, primitives and fused. */
const reference = kernelsOf(jsBackend);
const sizeOf = (shape: readonly number[]): number => shape.reduce((p, q) => p * q, 1);

export interface KernelSubject {
  /** Names the variant in every test title. */
  label: string;
  /** Its kernels (through the dispatch, so a declined call runs the reference), once it is ready. */
  kernels(): Promise<Primitives & FusedKernels> | (Primitives & FusedKernels);
  /**
   * The same values as an operand the backend may meet: in its own memory, a window of a larger
   * buffer, or as they are — chosen at random, so that every operand path runs.
   */
  place<T extends Storage>(random: () => number, values: T): T;
  /** Sums may differ from the reference by this much (summation order); exact when absent. */
  sumTolerance?: { rtol: number; atol: number };
}

/**
 * ours against the reference product `want` on one layout, operands and output placed as the
 * subject places them: within float32 accumulation's error, `rtol` of Σ|a||b| per element.
 */
function assertProductNear(random: () => number, place: KernelSubject['place'], ours: Product, want: Product, a: Float32Array, b: Float32Array, layout: MatmulLayout, rtol: number, label: string): void {
  const size = layout.batch * layout.m * layout.n;
  const expected = new Float32Array(size);
  want(a, b, expected, layout);
  const bound = new Float32Array(size);
  jsBackend.matmul(a.map(Math.abs), b.map(Math.abs), bound, layout);
  const out = place(random, new Float32Array(size).fill(NaN));
  ours(place(random, a), place(random, b), out, layout);
  assertNear(out, expected, label, { rtol, atol: 1e-30, scale: bound });
}

export function testKernelConformance(subject: KernelSubject): void {
  const { label, place } = subject;

  test(`matmul matches js in all transpose combinations, odd and empty sizes (${label})`, async () => {
    const ours = await subject.kernels();
    const random = generator(1);
    for (let trial = 0; trial < 150; trial++) {
      const [m, k, n] = [pick(random, SIZES), pick(random, [...SIZES, 300]), pick(random, SIZES)];
      const batch = pick(random, [1, 1, 2, 3]);
      const transA = random() < 0.5, transB = random() < 0.5;
      const shareA = batch > 1 && random() < 0.3, shareB = batch > 1 && !shareA && random() < 0.3;
      const a = randomF32(random, (shareA ? 1 : batch) * m * k);
      const b = randomF32(random, (shareB ? 1 : batch) * k * n);
      const layout = { batch, m, k, n, transA, transB, aBatchStride: shareA ? 0 : m * k, bBatchStride: shareB ? 0 : k * n };
      // float32 accumulation over k terms: error within a few ulps of Σ|a||b| per step.
      assertProductNear(random, place, ours.matmul, jsBackend.matmul, a, b, layout, 2e-7 * (k + 4), `${batch}×${m}×${k}×${n} tA=${transA} tB=${transB}`);
    }
  });

  test(`matmul on the MLP's shapes matches js (${label})`, async () => {
    const ours = await subject.kernels();
    const random = generator(2);
    for (const [m, k, n, transA, transB] of [[256, 784, 256, false, false], [784, 256, 256, true, false], [256, 256, 784, false, true], [256, 256, 10, false, false], [67, 301, 45, true, true], [401, 530, 97, false, false]] as const) {
      const a = randomF32(random, m * k), b = randomF32(random, k * n);
      const layout = { batch: 1, m, k, n, transA, transB, aBatchStride: 0, bBatchStride: 0 };
      const expected = new Float32Array(m * n);
      jsBackend.matmul(a, b, expected, layout);
      const bound = new Float32Array(m * n);
      jsBackend.matmul(a.map(Math.abs), b.map(Math.abs), bound, layout);
      const out = new Float32Array(m * n);
      ours.matmul(a, b, out, layout);
      assertNear(out, expected, `${m}×${k}×${n}`, { rtol: 2e-7 * Math.sqrt(k) * 4, scale: bound });
    }
  });

  test(`bf16 products (autocast) match js's rounded operands in float32, all layouts and odd sizes (${label})`, async () => {
    const ours = await subject.kernels();
    const random = generator(21);
    const shapes: [number, number, number][] = [[256, 784, 256], [256, 256, 10], [67, 301, 45]];
    for (let trial = 0; trial < 60; trial++) shapes.push([pick(random, SIZES), pick(random, [...SIZES, 300]), pick(random, SIZES)]);
    for (const [m, k, n] of shapes) {
      const batch = pick(random, [1, 1, 2]);
      const transA = random() < 0.5, transB = random() < 0.5;
      const a = randomF32(random, batch * m * k), b = randomF32(random, batch * k * n);
      const layout = { batch, m, k, n, transA, transB, aBatchStride: m * k, bBatchStride: k * n };
      // Products of bf16 values are exact in float32: only the order of the float32 sums differs.
      assertProductNear(random, place, ours.matmulBf16, reference.matmulBf16, a, b, layout, 2e-7 * (k + 4), `${batch}×${m}×${k}×${n} tA=${transA} tB=${transB}`);
    }
  });

  test(`binary kernels match js exactly, with every broadcast pattern (${label})`, async () => {
    const ours = await subject.kernels();
    const random = generator(3);
    const kernels: BinaryKernel[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'pow'];
    for (let trial = 0; trial < 300; trial++) {
      const rank = pick(random, [0, 1, 2, 2, 3, 4]);
      const outShape = Array.from({ length: rank }, () => pick(random, rank > 2 ? [0, 1, 2, 3, 5] : SIZES));
      // Each operand keeps or broadcasts each axis, and may have fewer axes.
      const operand = (): { shape: number[]; view: (data: Storage) => StridedView } => {
        const lead = Math.floor(random() * (rank + 1)) === 0 ? Math.floor(random() * (rank + 1)) : 0;
        const shape = outShape.slice(lead).map((d) => (random() < 0.3 ? 1 : d));
        const own = contiguous(shape);
        const strides = outShape.map((_, d) => (d < lead || shape[d - lead] === 1 ? 0 : own[d - lead]));
        return { shape, view: (data) => ({ data, offset: 0, strides }) };
      };
      const [pa, pb] = [operand(), operand()];
      const a = randomF32(random, sizeOf(pa.shape)), b = randomF32(random, sizeOf(pb.shape));
      if (a.length > 2) [a[0], a[1]] = [NaN, -0];
      const kernel = pick(random, kernels);
      const expected = new Float32Array(sizeOf(outShape));
      jsBackend.binary(kernel, pa.view(a), pb.view(b), outShape, expected);
      const out = place(random, new Float32Array(expected.length));
      ours.binary(kernel, pa.view(place(random, a)), pb.view(place(random, b)), outShape, out);
      assertSame(out, expected, `${kernel} [${pa.shape}] ∘ [${pb.shape}] → [${outShape}]`);
    }
  });

  test(`binary kernels read offset and transposed views, and split large ones over threads (${label})`, async () => {
    const ours = await subject.kernels();
    const random = generator(4);
    const a = randomF32(random, 7 * 5 + 3), b = randomF32(random, 5 * 7);
    const va: StridedView = { data: a, offset: 3, strides: [5, 1] };
    const vb: StridedView = { data: b, offset: 0, strides: [1, 7] };
    const expected = new Float32Array(35), out = new Float32Array(35);
    jsBackend.binary('sub', va, vb, [7, 5], expected);
    ours.binary('sub', va, vb, [7, 5], out);
    assertSame(out, expected, 'offset a − transposed b');
    // 300×301 and 1×90001: above the size that uses every thread, rows split and one long row split.
    for (const shape of [[300, 301], [90001]]) {
      const x = randomF32(random, sizeOf(shape)), bias = randomF32(random, shape[shape.length - 1]);
      const strides = shape.length === 2 ? [0, 1] : [1];
      const want = new Float32Array(x.length), got = new Float32Array(x.length);
      jsBackend.binary('mul', { data: x, offset: 0, strides: contiguous(shape) }, { data: bias, offset: 0, strides }, shape, want);
      ours.binary('mul', { data: x, offset: 0, strides: contiguous(shape) }, { data: bias, offset: 0, strides }, shape, got);
      assertSame(got, want, `[${shape}] · row`);
    }
  });

  test(`unary kernels and clip match js (${label})`, async () => {
    const ours = await subject.kernels();
    const random = generator(5);
    const exact: UnaryKernel[] = ['neg', 'abs', 'sqrt', 'square', 'reciprocal', 'floor', 'ceil', 'round', 'sign'];
    for (let trial = 0; trial < 120; trial++) {
      const n = pick(random, [...SIZES, 70000]);
      const x = randomF32(random, n);
      if (n > 3) [x[0], x[1], x[2]] = [NaN, random() < 0.5 ? Infinity : 2.5, -1.5];
      const kernel = pick(random, [...exact, 'exp', 'log', 'sin', 'cos'] as UnaryKernel[]);
      const expected = new Float32Array(n);
      jsBackend.unary(kernel, x, expected);
      const out = place(random, new Float32Array(n));
      ours.unary(kernel, place(random, x), out);
      // exp and log run in float64 and round once, as js does: equal but for a rare 1-ulp tie.
      if (exact.includes(kernel)) assertSame(out, expected, `${kernel} of ${n}`);
      else assertNear(out, expected, `${kernel} of ${n}`, { rtol: 1.2e-7, atol: 1e-44 });
      const [lo, hi] = [random() * 2 - 1.5, random() * 2 - 0.5];
      const clipped = new Float32Array(n);
      reference.clip(x, lo, hi, clipped);
      ours.clip(place(random, x), lo, hi, out);
      assertSame(out, clipped, `clip of ${n} to [${lo}, ${hi}]`);
    }
  });

  test(`reductions over the last axis, the first axis and middle runs match js (${label})`, async () => {
    const ours = await subject.kernels();
    const random = generator(6);
    for (let trial = 0; trial < 200; trial++) {
      const rank = pick(random, [1, 2, 2, 2, 3, 4]);
      const shape = Array.from({ length: rank }, () => pick(random, rank > 2 ? [1, 2, 3, 5, 8] : SIZES));
      const first = Math.floor(random() * rank);
      const last = first + Math.floor(random() * (rank - first));
      let axes = Array.from({ length: last - first + 1 }, (_, i) => first + i);
      if (rank > 2 && random() < 0.2) axes = [0, rank - 1];
      const kernel = pick(random, ['sum', 'sum', 'max', 'min', 'argmax'] as const);
      if (kernel !== 'sum' && axes.some((d) => shape[d] === 0)) continue;
      const x = randomF32(random, sizeOf(shape));
      if (x.length > 4 && random() < 0.2) x[3] = NaN;
      const outSize = sizeOf(shape.filter((_, d) => !axes.includes(d)));
      const expected = kernel === 'argmax' ? new Int32Array(outSize) : new Float32Array(outSize);
      jsBackend.reduce(kernel, x, shape, axes, expected);
      const out = kernel === 'argmax' ? new Int32Array(outSize) : place(random, new Float32Array(outSize));
      ours.reduce(kernel, place(random, x), shape, axes, out);
      const what = `${kernel} of [${shape}] over [${axes}]`;
      if (kernel === 'sum' && subject.sumTolerance) assertNear(out, expected, what, subject.sumTolerance);
      else assertSame(out, expected, what);
    }
  });

  test(`copy moves float32 and int32 through any strides, offsets included (${label})`, async () => {
    const ours = await subject.kernels();
    const random = generator(7);
    for (let trial = 0; trial < 150; trial++) {
      const rank = pick(random, [0, 1, 2, 3, 4]);
      const shape = Array.from({ length: rank }, () => pick(random, [0, 1, 2, 3, 5, 9]));
      const perm = shape.map((_, i) => i).sort(() => random() - 0.5);
      const srcShape = perm.map((p) => shape[p]);
      const own = contiguous(srcShape);
      const srcStrides = shape.map((_, axis) => (random() < 0.2 ? 0 : own[perm.indexOf(axis)]));
      const offset = pick(random, [0, 1, 4]);
      const int = random() < 0.3;
      const source = int ? Int32Array.from(randomF32(random, sizeOf(srcShape) + offset), (v) => Math.round(v * 10)) : randomF32(random, sizeOf(srcShape) + offset);
      const dstOffset = pick(random, [0, 2]);
      const dstStrides = contiguous(shape).map((s) => s * pick(random, [1, 1, 2]));
      const dstSize = dstOffset + shape.reduce((total, d, i) => total + (d - 1) * dstStrides[i], 1);
      const make = () => (int ? new Int32Array(Math.max(dstSize, 0)) : new Float32Array(Math.max(dstSize, 0)));
      const expected = make();
      jsBackend.copy({ data: source, offset, strides: srcStrides }, { data: expected, offset: dstOffset, strides: dstStrides }, shape);
      const out = place(random, make());
      ours.copy({ data: place(random, source), offset, strides: srcStrides }, { data: out, offset: dstOffset, strides: dstStrides }, shape);
      assertSame(out, expected, `copy of [${shape}] strides [${srcStrides}] → [${dstStrides}]`);
    }
  });

  test(`activations and their gradients match js (${label})`, async () => {
    const ours = await subject.kernels();
    const random = generator(8);
    for (let trial = 0; trial < 100; trial++) {
      const n = pick(random, [...SIZES, 70000]);
      const name = pick(random, ['relu', 'sigmoid', 'tanh', 'leakyRelu', 'gelu']);
      const params: ActivationParams = name === 'leakyRelu' ? { negativeSlope: pick(random, [0.01, 0.2]) } : name === 'gelu' ? { approximate: 'none' } : {};
      const x = randomF32(random, n).map((v) => v * pick(random, [1, 10]));
      if (n > 2) x[1] = NaN;
      const y = new Float32Array(n), expectedDx = new Float32Array(n);
      reference.activation(name, params, x, y);
      const dy = randomF32(random, n);
      reference.activationGrad(name, params, x, y, dy, expectedDx);
      const out = place(random, new Float32Array(n));
      ours.activation(name, params, place(random, x), out);
      const dx = place(random, new Float32Array(n));
      ours.activationGrad(name, params, place(random, x), y, place(random, dy), dx);
      // relu and leakyRelu are exact; σ and tanh go through float64 exp/tanh (glibc's, not V8's),
      // which may round a rare tie the other way (1 ulp).
      if (name === 'relu' || name === 'leakyRelu') {
        assertSame(out, y, `${name} of ${n}`);
        assertSame(dx, expectedDx, `${name}′ of ${n}`);
      } else {
        assertNear(out, y, `${name} of ${n}`, { rtol: 1.2e-7, atol: 1e-44 });
        assertNear(dx, expectedDx, `${name}′ of ${n}`, { rtol: 1.2e-7, atol: 1e-44 });
      }
    }
  });

  test(`gatherRows and scatterAddRows match js, repeated indices included (${label})`, async () => {
    const ours = await subject.kernels();
    const random = generator(9);
    for (let trial = 0; trial < 100; trial++) {
      const rows = pick(random, [1, 2, 5, 17]), rowSize = pick(random, [...SIZES, 784]), count = pick(random, [0, 1, 3, 8, 40, 256]);
      const indices = Int32Array.from({ length: count }, () => Math.floor(random() * rows));
      const x = randomF32(random, rows * rowSize);
      const expected = new Float32Array(count * rowSize);
      jsBackend.gatherRows(x, rowSize, indices, expected);
      const out = place(random, new Float32Array(count * rowSize));
      ours.gatherRows(place(random, x), rowSize, place(random, indices), out);
      assertSame(out, expected, `gather ${count} of ${rows}×${rowSize}`);
      const dy = randomF32(random, count * rowSize);
      const summed = new Float32Array(rows * rowSize);
      jsBackend.scatterAddRows(dy, rowSize, indices, summed);
      const into = place(random, new Float32Array(rows * rowSize));
      ours.scatterAddRows(place(random, dy), rowSize, indices, into);
      assertSame(into, summed, `scatter-add ${count} into ${rows}×${rowSize}`);
    }
  });

  test(`fused bias + activation and softmax cross-entropy match js (${label})`, async () => {
    const ours = await subject.kernels();
    const random = generator(11);
    const params = { negativeSlope: 0.03 };
    for (let trial = 0; trial < 60; trial++) {
      const rows = pick(random, [0, 1, 2, 5, 33, 300]), cols = pick(random, SIZES.filter((s) => s > 0));
      const name = pick(random, ['relu', 'sigmoid', 'tanh', 'leakyRelu', 'gelu', null]);
      const x = randomF32(random, rows * cols), bias = randomF32(random, cols);
      const expectedX = x.slice(), expectedY = new Float32Array(rows * cols);
      reference.biasActivation(name, params, expectedX, bias, expectedY);
      const ourX = place(random, x.slice()), ourY = place(random, new Float32Array(rows * cols));
      ours.biasActivation(name, params, ourX, place(random, bias), ourY);
      assertSame(ourX, expectedX, `x + bias, ${rows}×${cols}`);
      if (name) assertNear(ourY, expectedY, `${name}(x + bias), ${rows}×${cols}`, { rtol: 1.2e-7, atol: 1e-44 });

      const classes = cols, smoothing = pick(random, [0, 0, 0.1]);
      const logits = randomF32(random, rows * classes).map((v) => v * pick(random, [1, 10, 300]));
      if (rows > 1 && random() < 0.3) logits[classes] = pick(random, [NaN, Infinity, -Infinity]);
      const labels = Int32Array.from({ length: rows }, () => Math.floor(random() * classes));
      const losses = new Float32Array(rows), probabilities = new Float32Array(rows * classes);
      reference.softmaxCrossEntropy(logits, classes, labels, smoothing, losses, probabilities);
      const ourLosses = place(random, new Float32Array(rows)), ourProbabilities = place(random, new Float32Array(rows * classes));
      ours.softmaxCrossEntropy(place(random, logits), classes, place(random, labels), smoothing, ourLosses, ourProbabilities);
      assertNear(ourLosses, losses, `cross-entropy losses ${rows}×${classes}`, { rtol: 2.4e-7, atol: 1e-30 });
      assertNear(ourProbabilities, probabilities, `softmax ${rows}×${classes}`, { rtol: 2.4e-7, atol: 1e-44 });
      const dlosses = randomF32(random, rows), dlogits = new Float32Array(rows * classes);
      reference.softmaxCrossEntropyGrad(probabilities, classes, labels, smoothing, dlosses, dlogits);
      const ourDlogits = place(random, new Float32Array(rows * classes));
      ours.softmaxCrossEntropyGrad(place(random, probabilities), classes, labels, smoothing, place(random, dlosses), ourDlogits);
      assertSame(ourDlogits, dlogits, `cross-entropy gradient ${rows}×${classes}`);
    }
  });

  test(`dropout draws the same mask as js from the same state, and leaves the same state (${label})`, async () => {
    const ours = await subject.kernels();
    const random = generator(12);
    for (let trial = 0; trial < 40; trial++) {
      const n = pick(random, [...SIZES, 1000]), p = pick(random, [0, 0.1, 0.5, 0.99]);
      const x = randomF32(random, n);
      const seed = Uint32Array.from({ length: 4 }, () => Math.floor(random() * 2 ** 32));
      const jsState = seed.slice(), ourState = seed.slice();
      const out = new Float32Array(n), mask = new Float32Array(n);
      reference.dropout(jsState, p, x, out, mask);
      const ourOut = place(random, new Float32Array(n)), ourMask = place(random, new Float32Array(n));
      ours.dropout(ourState, p, place(random, x), ourOut, ourMask);
      assertSame(ourMask, mask, `mask of ${n}, p=${p}`);
      assertSame(ourOut, out, `output of ${n}, p=${p}`);
      assert.deepEqual(Array.from(ourState), Array.from(jsState), `state after ${n} draws`);
    }
  });

  test(`plain SGD and Adam steps match js bit for bit (${label})`, async () => {
    const ours = await subject.kernels();
    const random = generator(10);
    for (let trial = 0; trial < 40; trial++) {
      const n = pick(random, [...SIZES, 1001, 70000]);
      const grad = randomF32(random, n);
      const lr = random();
      const start = randomF32(random, n);
      const expected = start.slice();
      const param = place(random, start.slice());
      for (let step = 0; step < 3; step++) {
        reference.sgdStep(expected, grad, lr);
        ours.sgdStep(param, place(random, grad), lr);
      }
      assertSame(param, expected, `SGD lr=${lr} on ${n}`);
      const js = [start.slice(), new Float32Array(n), new Float32Array(n)];
      const ourArrays = [place(random, start.slice()), place(random, new Float32Array(n)), place(random, new Float32Array(n))];
      const adamLr = random() * 0.1;
      for (let step = 1; step <= 3; step++) {
        const scalars = { beta1: 0.9, beta2: 0.999, eps: 1e-8, stepSize: adamLr / (1 - 0.9 ** step), biasCorrection2Sqrt: Math.sqrt(1 - 0.999 ** step) };
        reference.adamStep(js[0], grad, js[1], js[2], scalars);
        ours.adamStep(ourArrays[0], grad, ourArrays[1], ourArrays[2], scalars);
      }
      ['param', 'expAvg', 'expAvgSq'].forEach((name, i) => assertSame(ourArrays[i], js[i], `Adam ${name} lr=${adamLr} on ${n}`));
    }
  });
}
