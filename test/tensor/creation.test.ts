/** Making tensors: shapes, dtypes, values, seeded randomness and the errors for bad arguments. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  arange, array, ArgumentError, eye, full, Generator, linspace, manualSeed, nd, normal, ones, randint, ShapeError, uniform, zeros,
} from '../../src/index.js';
import { assertClose } from '../helpers.js';

test("nd.arange(-8.0, 8.0, 0.1) has the chapter's 160 points, float32", () => {
  const x = nd.arange(-8.0, 8.0, 0.1);
  assert.deepEqual(x.shape, [160]);
  assert.equal(x.dtype, 'float32');
  assert.equal(x.data[0], -8);
  assert.equal(x.data[159], Math.fround(-8 + 159 * 0.1));
});

test('arange with one argument and with integer dtype', () => {
  assert.deepEqual(arange(5, undefined, 1, { dtype: 'int32' }).toArray(), [0, 1, 2, 3, 4]);
  assert.deepEqual(arange(5, 0, -2).toArray(), [5, 3, 1]);
  assert.throws(() => arange(0, 1, 0), ArgumentError);
});

test('linspace includes both ends; eye is the identity', () => {
  assertClose(linspace(0, 1, 5, { dtype: 'float64' }).toArray(), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(eye(2, 3).toArray(), [[1, 0, 0], [0, 1, 0]]);
});

test('zeros, ones, full take a number or a shape and a dtype', () => {
  assert.deepEqual(zeros([2, 2]).toArray(), [[0, 0], [0, 0]]);
  assert.deepEqual(ones(3, { dtype: 'int32' }).toArray(), [1, 1, 1]);
  assert.equal(ones(3, { dtype: 'int32' }).dtype, 'int32');
  assert.deepEqual(full([2], 7, { dtype: 'float64' }).toArray(), [7, 7]);
  assert.throws(() => zeros([2, -3]), ArgumentError);
});

test('array reads nested arrays and typed arrays, and rejects ragged input', () => {
  const t = array([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.equal(array(new Float64Array([1, 2])).dtype, 'float64');
  assert.deepEqual(array(new Float32Array([1, 2, 3, 4]), { shape: [2, 2] }).shape, [2, 2]);
  assert.throws(() => array([[1, 2], [3]]), ShapeError);
  assert.equal(array(3.5).item(), 3.5);
  assert.deepEqual(array(3.5).shape, []);
});

test('manualSeed makes draws repeat; separate generators are independent of it', () => {
  manualSeed(7);
  const a = normal([5]).toArray();
  manualSeed(7);
  assert.deepEqual(normal([5]).toArray(), a);
  const g = new Generator(7);
  assert.deepEqual(normal([5], { generator: g }).toArray(), a);
});

test('normal and uniform have the right moments (100k draws, fixed seed)', () => {
  const g = new Generator(1);
  const n = normal([100000], { mean: 2, std: 3, dtype: 'float64', generator: g });
  const mean = n.mean().item();
  const std = Math.sqrt(n.sub(mean).square().mean().item());
  assert.ok(Math.abs(mean - 2) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(std - 3) < 0.03, `std ${std}`);
  const u = uniform([100000], { low: -1, high: 3, dtype: 'float64', generator: g });
  assert.ok(u.min().item() >= -1 && u.max().item() < 3);
  assert.ok(Math.abs(u.mean().item() - 1) < 0.02);
  const r = randint(0, 10, [10000], { generator: g });
  assert.equal(r.dtype, 'int32');
  assert.ok(r.min().item() === 0 && r.max().item() === 9);
});

test('nd.random.normal takes MXNet-style loc/scale/shape', () => {
  manualSeed(0);
  const w = nd.random.normal({ scale: 0.01, shape: [784, 256] });
  assert.deepEqual(w.shape, [784, 256]);
  const std = Math.sqrt(w.square().mean().item());
  assert.ok(Math.abs(std - 0.01) < 0.0002, `std ${std}`);
});

test('printing looks like PyTorch', () => {
  assert.equal(String(array([[1, 2], [3, 4]])), 'tensor([[1., 2.],\n        [3., 4.]])');
  assert.equal(String(array([0.5, -1.25], { dtype: 'float64' })), 'tensor([ 0.5000, -1.2500], dtype=float64)');
  assert.equal(String(array([1, 2]).requiresGrad_().mul(2)), 'tensor([2., 4.], gradFn=mul)');
  assert.match(String(arange(2000)), /^tensor\(\[   0\.,    1\.,    2\., \.\.\., 1997\., 1998\., 1999\.\], shape=\[2000\]\)$/);
});
