/**
 * TensorFlow Playground's sets, the k-armed spiral and D2L's linear data: shapes, dtypes, class
 * balance, determinism under a seed, and the geometry each set is defined by.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, Generator, type Tensor, data } from '../../src/index.js';

const { circle, xor, gauss, spiral, multiSpiral, plane, multiGaussian, syntheticLinear, trainTestSplit } = data;

const points = (x: Tensor): [number, number][] => x.toArray() as [number, number][];
const labels = (y: Tensor): number[] => Array.from(y.data);
const count = (ys: number[], c: number) => ys.filter((v) => v === c).length;

const CLASSIFIERS = { circle, xor, gauss, spiral } as const;

for (const [name, make] of Object.entries(CLASSIFIERS)) {
  test(`${name}: x (N, 2) float32, y (N) int32 in {0, 1}, seeded`, () => {
    const d = make(200, 0.1, new Generator(5));
    assert.deepEqual(d.x.shape, [200, 2]);
    assert.equal(d.x.dtype, 'float32');
    assert.deepEqual(d.y.shape, [200]);
    assert.equal(d.y.dtype, 'int32');
    assert.ok(labels(d.y).every((v) => v === 0 || v === 1));
    const again = make(200, 0.1, new Generator(5));
    assert.deepEqual(Array.from(again.x.data), Array.from(d.x.data));
    assert.deepEqual(labels(again.y), labels(d.y));
    assert.notDeepEqual(Array.from(make(200, 0.1, new Generator(6)).x.data), Array.from(d.x.data));
  });
}

test('circle without noise: class 1 inside radius 2.5, class 0 in the ring 3.5…5, half each', () => {
  const d = circle(500, 0, new Generator(1));
  const ys = labels(d.y);
  assert.equal(count(ys, 1), 250);
  points(d.x).forEach(([px, py], i) => {
    const r = Math.hypot(px, py);
    if (ys[i] === 1) assert.ok(r < 2.5 + 1e-6, `point ${i} at r=${r}`);
    else assert.ok(r >= 3.5 - 1e-6 && r <= 5 + 1e-6, `point ${i} at r=${r}`);
  });
});

test('circle with noise: labels follow the noisy point, so some cross the boundary', () => {
  const d = circle(500, 0.5, new Generator(1));
  const ys = labels(d.y);
  const insideButZero = points(d.x).filter(([px, py], i) => Math.hypot(px, py) < 2.5 && ys[i] === 0).length;
  assert.ok(insideButZero > 0);
});

test('xor without noise: class 1 exactly where x·y ≥ 0, nothing within 0.3 of an axis, roughly balanced', () => {
  const d = xor(1000, 0, new Generator(2));
  const ys = labels(d.y);
  points(d.x).forEach(([px, py], i) => {
    assert.equal(ys[i], px * py >= 0 ? 1 : 0);
    assert.ok(Math.abs(px) >= 0.3 - 1e-6 && Math.abs(py) >= 0.3 - 1e-6 && Math.abs(px) <= 5.3 && Math.abs(py) <= 5.3);
  });
  assert.ok(Math.abs(count(ys, 1) - 500) < 80);
});

test('gauss: class 1 centred at (2, 2), class 0 at (−2, −2), variance 0.5 + 7·noise', () => {
  const d = gauss(4000, 0.5, new Generator(3));
  const ys = labels(d.y);
  assert.equal(count(ys, 1), 2000);
  const ps = points(d.x);
  const mean = (c: number, axis: 0 | 1) => ps.filter((_, i) => ys[i] === c).reduce((s, p) => s + p[axis], 0) / 2000;
  for (const axis of [0, 1] as const) {
    assert.ok(Math.abs(mean(1, axis) - 2) < 0.15);
    assert.ok(Math.abs(mean(0, axis) + 2) < 0.15);
  }
  const variance = ps.filter((_, i) => ys[i] === 1).reduce((s, p) => s + (p[0] - 2) ** 2, 0) / 2000;
  assert.ok(Math.abs(variance - 4) < 0.4, `variance ${variance}`);
});

test('spiral without noise: arm 1 at radius 5·i/n and angle 3.5π·i/n, arm 0 its point reflection', () => {
  const n = 100;
  const d = spiral(2 * n, 0, new Generator(4));
  const ps = points(d.x);
  const ys = labels(d.y);
  assert.equal(count(ys, 1), n);
  for (const i of [0, 13, 57, 99]) {
    const r = (5 * i) / n;
    const t = (3.5 * Math.PI * i) / n;
    assert.ok(Math.abs(ps[i][0] - r * Math.sin(t)) < 1e-5 && Math.abs(ps[i][1] - r * Math.cos(t)) < 1e-5);
    assert.equal(ys[i], 1);
    assert.ok(Math.abs(ps[n + i][0] + ps[i][0]) < 1e-5 && Math.abs(ps[n + i][1] + ps[i][1]) < 1e-5);
    assert.equal(ys[n + i], 0);
  }
});

test('multiSpiral: k arms with k classes, balanced, arm k rotated by 2πk/K', () => {
  const d = multiSpiral(301, 3, 0, new Generator(0));
  const ys = labels(d.y);
  assert.deepEqual([0, 1, 2].map((c) => count(ys, c)), [101, 100, 100]);
  const ps = points(d.x);
  // Point i of arm 0 and of arm 1 lie at the same radius, 2π/3 apart in angle.
  const a = ps[50];
  const b = ps[101 + 50];
  assert.ok(Math.abs(Math.hypot(...a) - Math.hypot(...b)) < 1e-5);
  const angle = (p: [number, number]) => Math.atan2(p[0], p[1]);
  const turn = (((angle(b) - angle(a)) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
  assert.ok(Math.abs(turn - (2 * Math.PI) / 3) < 1e-4, `turn ${turn}`);
  assert.throws(() => multiSpiral(10, 0), /numClasses/);
});

test('plane: y (N, 1) float32 equals (x₁ + x₂)/10 without noise, inputs in (−6, 6)²', () => {
  const d = plane(300, 0, new Generator(8));
  assert.deepEqual(d.y.shape, [300, 1]);
  assert.equal(d.y.dtype, 'float32');
  points(d.x).forEach(([px, py], i) => {
    assert.ok(Math.abs(px) <= 6 && Math.abs(py) <= 6);
    assert.ok(Math.abs(d.y.data[i] - (px + py) / 10) < 1e-6);
  });
  const noisy = plane(300, 0.5, new Generator(8));
  assert.ok(points(noisy.x).some(([px, py], i) => Math.abs(noisy.y.data[i] - (px + py) / 10) > 0.05));
});

test('multiGaussian: ±1 at the six centres, 0 far from all of them, values in [−1, 1]', () => {
  const d = multiGaussian(2000, 0, new Generator(9));
  assert.deepEqual(d.y.shape, [2000, 1]);
  const centres = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]];
  points(d.x).forEach(([px, py], i) => {
    const y = d.y.data[i];
    assert.ok(y >= -1 && y <= 1);
    const nearest = centres.reduce((best, c) => (Math.hypot(px - c[0], py - c[1]) < Math.hypot(px - best[0], py - best[1]) ? c : best));
    const dist = Math.hypot(px - nearest[0], py - nearest[1]);
    if (dist >= 2) assert.equal(y, 0);
    else if (dist < 1) assert.ok(Math.sign(y) === nearest[2] && Math.abs(Math.abs(y) - (1 - dist / 2)) < 1e-6);
  });
});

test('syntheticLinear: y = Xw + b + ε with D2L\'s shapes; least squares recovers w and b', () => {
  const { x, y } = syntheticLinear([2, -3.4], 4.2, 1000, 0.01, new Generator(0));
  assert.deepEqual(x.shape, [1000, 2]);
  assert.deepEqual(y.shape, [1000, 1]);
  const rows = x.toArray() as number[][];
  let maxResidual = 0;
  rows.forEach(([a, b], i) => (maxResidual = Math.max(maxResidual, Math.abs(y.data[i] - (2 * a - 3.4 * b + 4.2)))));
  assert.ok(maxResidual < 0.06 && maxResidual > 0.01, `max |ε| ${maxResidual}`);
  const exact = syntheticLinear(array([1, 1]), 0, 5, 0, new Generator(1));
  const xr = exact.x.toArray() as number[][];
  xr.forEach(([a, b], i) => assert.ok(Math.abs(exact.y.data[i] - (a + b)) < 1e-6));
});

test('trainTestSplit: floor(N·fraction) for training, a partition of the examples, rows kept with labels, seeded', () => {
  const d = { x: array(Array.from({ length: 10 }, (_, i) => [i, 10 + i])), y: array(Array.from({ length: 10 }, (_, i) => i), { dtype: 'int32' }) };
  const { train, test: held } = trainTestSplit(d, 0.75, new Generator(3));
  assert.deepEqual(train.x.shape, [7, 2]);
  assert.deepEqual(held.y.shape, [3]);
  const all = [...labels(train.y), ...labels(held.y)].sort((a, b) => a - b);
  assert.deepEqual(all, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  (train.x.toArray() as number[][]).forEach((row, r) => assert.deepEqual(row, [train.y.data[r], 10 + train.y.data[r]]));
  assert.deepEqual(labels(trainTestSplit(d, 0.75, new Generator(3)).train.y), labels(train.y));
  assert.throws(() => trainTestSplit(d, 1.5), /trainFraction/);
});
