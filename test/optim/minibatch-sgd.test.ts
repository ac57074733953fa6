/** The book's sgd(params, lr, batchSize), for both dialects. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, autograd, optim } from '../../src/index.js';

test("sgd() steps attachGrad() parameters by lr·grad/batchSize, in place (the book's MXNet loop)", () => {
  const w = array([1, 2], { dtype: 'float64' }).attachGrad();
  const data = w.data;
  autograd.record(() => w.mul(w).sum()).backward();
  optim.sgd([w], 0.1, 4);
  assert.deepEqual(w.toArray(), [1 - (0.1 * 2) / 4, 2 - (0.1 * 4) / 4]);
  assert.equal(w.data, data);
});

test('sgd() zeros the gradients afterwards, so requiresGrad parameters do not accumulate across steps', () => {
  const w = array([1, 2], { dtype: 'float64' }).requiresGrad_();
  for (let i = 0; i < 2; i++) {
    w.mul(3).sum().backward();
    optim.sgd([w], 1, 3);
    assert.deepEqual(w.grad!.toArray(), [0, 0]);
  }
  assert.deepEqual(w.toArray(), [-1, 0]);
});

test('sgd() refuses a bad lr or batch size and a parameter without a gradient', () => {
  const w = array([1]).requiresGrad_();
  assert.throws(() => optim.sgd([w], -0.1, 1), /sgd: lr must be a finite number ≥ 0, got -0.1/);
  assert.throws(() => optim.sgd([w], 0.1, 0), /sgd: batchSize must be a positive number, got 0/);
  assert.throws(() => optim.sgd([w], 0.1, 1), /has no gradient/);
});
