/**
 * A new backend needs only the primitives: one written here from scratch (float32 only, declining
 * whatever it does not handle) trains the D2L MLP, with every fused kernel falling back to its
 * reference and every declined call to js, to the same weights as the js backend within float32
 * rounding (its products sum in another order).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { data, getBackend, manualSeed, nn, optim, randint, randn, registerBackend, setBackend, type Backend } from '../../src/index.js';
import type { Handled, MatmulLayout, Storage, StridedView, UnaryKernel } from '../../src/backend/backend.js';

/** Calls each primitive handled (rather than declined), by name. */
const handled = new Map<string, number>();
const count = (name: string): void => void handled.set(name, (handled.get(name) ?? 0) + 1);
const isF32 = (...arrays: Storage[]): boolean => arrays.every((a) => a instanceof Float32Array);

const UNARY: Partial<Record<UnaryKernel, (x: number) => number>> = { neg: (x) => -x, exp: Math.exp, log: Math.log, sqrt: Math.sqrt, square: (x) => x * x };

/** out[i] = f(a[i], b[i]) over a rank ≤ 2 shape, read through strides (broadcasting included). */
function stridedPairs(a: StridedView, b: StridedView, shape: readonly number[], out: Storage, f: (x: number, y: number) => number): Handled {
  if (shape.length > 2) return false;
  const [rows, cols] = shape.length === 2 ? shape : [1, shape[0] ?? 1];
  const [ar, ac] = shape.length === 2 ? a.strides : [0, a.strides[0] ?? 0];
  const [br, bc] = shape.length === 2 ? b.strides : [0, b.strides[0] ?? 0];
  for (let r = 0, o = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, o++) out[o] = f(a.data[a.offset + r * ar + c * ac], b.data[b.offset + r * br + c * bc]);
  }
  count('binary');
}

const BINARY: Record<string, (x: number, y: number) => number> = { add: (x, y) => x + y, sub: (x, y) => x - y, mul: (x, y) => x * y, div: (x, y) => x / y };

const minimal: Backend = {
  name: 'minimal',
  unary(kernel, x, out) {
    const f = UNARY[kernel];
    if (!f || !isF32(x, out)) return false;
    for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
    count('unary');
  },
  binary(kernel, a, b, outShape, out) {
    const f = BINARY[kernel];
    if (!f || !isF32(a.data, b.data, out)) return false;
    return stridedPairs(a, b, outShape, out, f);
  },
  where: () => false,
  reduce(kernel, x, shape, axes, out) {
    // Sums over the first axis of a matrix only (a bias gradient); everything else declined.
    if (kernel !== 'sum' || shape.length !== 2 || axes.length !== 1 || axes[0] !== 0 || !isF32(x, out)) return false;
    const [rows, cols] = shape;
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += x[r * cols + c];
      out[c] = sum;
    }
    count('reduce');
  },
  matmul(a, b, out, { batch, m, k, n, transA, transB, aBatchStride, bBatchStride }: MatmulLayout) {
    if (!isF32(a, b, out)) return false;
    // i-j-p order with one float64 sum per output: the textbook loop.
    for (let t = 0; t < batch; t++) {
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let sum = 0;
          for (let p = 0; p < k; p++) {
            sum += a[t * aBatchStride + (transA ? p * m + i : i * k + p)] * b[t * bBatchStride + (transB ? j * k + p : p * n + j)];
          }
          out[t * m * n + i * n + j] = sum;
        }
      }
    }
    count('matmul');
  },
  copy: () => false,
  gatherRows(x, rowSize, indices, out) {
    for (let r = 0; r < indices.length; r++) out.set(x.subarray(indices[r] * rowSize, (indices[r] + 1) * rowSize), r * rowSize);
    count('gatherRows');
  },
  scatterAddRows(dy, rowSize, indices, out) {
    for (let r = 0; r < indices.length; r++) for (let j = 0; j < rowSize; j++) out[indices[r] * rowSize + j] += dy[r * rowSize + j];
    count('scatterAddRows');
  },
};

/** Two epochs (ten SGD steps) of the D2L MLP (784-256-10, N(0, 0.01²), lr 0.1, batch 256) on a seeded synthetic set. */
function trainD2lMlp(backend: string): { losses: number[]; weights: Float32Array[] } {
  const previous = getBackend().name;
  setBackend(backend);
  try {
    manualSeed(7);
    const y = randint(0, 10, [1280]);
    // Noise plus a learnable signal: class c lights up features 10c … 10c + 9.
    const x = randn([1280, 784]).mul(0.1);
    for (let r = 0; r < 1280; r++) for (let f = 0; f < 10; f++) x.data[r * 784 + 10 * y.data[r] + f] += 1;
    const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 256, shuffle: true });
    const net = nn.mlp([784, 256, 10], { activation: 'relu', init: 'normal:0.01' });
    const optimizer = new optim.SGD(net.parameters(), { lr: 0.1 });
    const losses: number[] = [];
    for (let epoch = 0; epoch < 2; epoch++) {
      for (const [batchX, batchY] of loader) {
        const loss = nn.softmaxCrossEntropy(net.forward(batchX), batchY);
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
        losses.push(loss.item());
      }
    }
    return { losses, weights: [...net.parameters()].map((p) => Float32Array.from(p.data)) };
  } finally {
    setBackend(previous);
  }
}

test('a backend with only its own primitives trains the D2L MLP to the js backend’s weights', () => {
  registerBackend(minimal);
  const ours = trainD2lMlp('minimal');
  const reference = trainD2lMlp('js');
  for (const name of ['matmul', 'gatherRows', 'binary', 'reduce']) assert.ok((handled.get(name) ?? 0) > 0, `the minimal backend ran ${name}`);
  assert.equal(ours.losses.length, 10);
  assert.ok(ours.losses[9] < ours.losses[0] - 0.01, `the loss falls: ${ours.losses.map((l) => l.toFixed(4)).join(', ')}`);
  ours.losses.forEach((loss, i) => assert.ok(Math.abs(loss - reference.losses[i]) <= 1e-5 * reference.losses[i], `step ${i}: ${loss} vs ${reference.losses[i]}`));
  ours.weights.forEach((w, i) => {
    let worst = 0;
    for (let j = 0; j < w.length; j++) worst = Math.max(worst, Math.abs(w[j] - reference.weights[i][j]));
    assert.ok(worst <= 1e-6, `parameter ${i}: largest difference ${worst}`);
  });
});

test('registerBackend refuses a backend without every primitive, naming what it lacks', () => {
  const { copy: _copy, where: _where, ...partial } = minimal;
  assert.throws(() => registerBackend({ ...partial, name: 'partial' } as Backend), /backend 'partial' lacks the primitive kernel\(s\) where, copy/);
});
