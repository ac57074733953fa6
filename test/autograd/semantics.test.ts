/** The rules of the tape: when ops are recorded, and whether gradients are written or accumulated. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  array, arange, autograd, AutogradError, DTypeError, nd, NanError, noGrad, ones, setDetectAnomaly, ShapeError,
} from '../../src/index.js';

test("attachGrad (MXNet) overwrites x.grad on every backward, so the book's loops need no zeroing", () => {
  const x = nd.arange(0, 4);
  x.attachGrad();
  assert.deepEqual(x.grad!.toArray(), [0, 0, 0, 0]);
  for (let i = 0; i < 2; i++) autograd.record(() => x.mul(x).mul(2)).backward();
  assert.deepEqual(x.grad!.toArray(), [0, 4, 8, 12]); // d(2x²)/dx = 4x, once
});

test('requiresGrad (PyTorch) accumulates until zeroGrad', () => {
  const x = array([1, 2, 3]).requiresGrad_();
  x.mul(x).sum().backward();
  x.mul(x).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [4, 8, 12]);
  x.zeroGrad();
  x.mul(3).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [3, 3, 3]);
});

test('attachGrad("add") accumulates like PyTorch', () => {
  const x = array([1, 2]).attachGrad('add');
  x.mul(5).backward();
  x.mul(5).backward();
  assert.deepEqual(x.grad!.toArray(), [10, 10]);
});

test('a non-scalar output gets a head gradient of ones (MXNet), or the given one', () => {
  const x = array([1, 2, 3]).attachGrad();
  autograd.record(() => x.mul(x)).backward();
  assert.deepEqual(x.grad!.toArray(), [2, 4, 6]);
  x.mul(x).backward(array([1, 0, -1]));
  assert.deepEqual(x.grad!.toArray(), [2, 0, -6]);
  assert.throws(() => x.mul(x).backward(array([1, 2])), ShapeError);
});

test('a tensor used twice gets the sum of both paths', () => {
  const x = array([3]).requiresGrad_();
  const y = x.mul(x).add(x.exp()); // dy/dx = 2x + eˣ
  y.backward();
  assert.ok(Math.abs(x.grad!.item() - (6 + Math.exp(3))) < 1e-4);
});

test('noGrad records nothing, and backward() on an unrecorded tensor says what to do', () => {
  const x = array([1, 2]).requiresGrad_();
  const y = noGrad(() => x.mul(2));
  assert.equal(y.requiresGrad, false);
  assert.equal(autograd.pause(() => x.mul(2)).requiresGrad, false);
  assert.throws(() => y.sum().backward(), (e: Error) => e instanceof AutogradError && /attachGrad/.test(e.message));
  assert.throws(() => arange(3).sum().backward(), AutogradError);
});

test('detach cuts the graph; retainGrad keeps an intermediate gradient', () => {
  const x = array([2]).requiresGrad_();
  const h = x.mul(3).retainGrad();
  const y = h.mul(h.detach());
  y.backward();
  assert.equal(h.grad!.item(), 6); // dy/dh with the second factor constant = h = 6
  assert.equal(x.grad!.item(), 18);
});

test('int32 tensors cannot require gradients; the error names the dtype', () => {
  assert.throws(() => array([1, 2], { dtype: 'int32' }).requiresGrad_(), (e: Error) => e instanceof DTypeError && /int32/.test(e.message));
});

test('anomaly detection turns a NaN from log/sqrt into an error naming the op', () => {
  // Default: IEEE semantics, as PyTorch.
  assert.ok(Number.isNaN(array([-1]).log().item()));
  assert.equal(array([0]).log().item(), -Infinity);
  setDetectAnomaly(true);
  try {
    assert.throws(() => array([1, -1]).log(), (e: Error) => e instanceof NanError && /^log:/.test(e.message));
    assert.throws(() => array([-4]).sqrt(), (e: Error) => e instanceof NanError && /^sqrt:/.test(e.message));
    assert.equal(array([4]).sqrt().item(), 2);
  } finally {
    setDetectAnomaly(false);
  }
});

test('anomaly detection also catches ±Infinity made from finite inputs (log(0), an overflowing exp), and lets existing ones pass', () => {
  setDetectAnomaly(true);
  try {
    assert.throws(() => array([1, 0]).log(), (e: Error) => e instanceof NanError && /^log: produced -Infinity from finite inputs/.test(e.message));
    assert.throws(() => array([1, 100]).exp(), (e: Error) => e instanceof NanError && /^exp: produced Infinity from finite inputs/.test(e.message));
    assert.throws(() => array([3e38]).mul(10), (e: Error) => e instanceof NanError && /^mul:/.test(e.message));
    // An input that already holds ±Infinity or NaN is not this op's doing.
    assert.equal(array([Infinity]).exp().item(), Infinity);
    assert.ok(Number.isNaN(array([Number.NaN]).log().item()));
    assert.equal(array([88]).exp().dtype, 'float32', 'a finite result passes');
  } finally {
    setDetectAnomaly(false);
  }
});

test("the chapter's gradient facts: sigmoid'(0) = 0.25, tanh'(0) = 1, relu'(0) = 0", () => {
  for (const [name, expected] of [['sigmoid', 0.25], ['tanh', 1], ['relu', 0]] as const) {
    const x = nd.array([0]);
    x.attachGrad();
    autograd.record(() => x.activation(name)).backward();
    assert.equal(x.grad!.item(), expected, name);
  }
});

test('gradients of float32 leaves stay float32; float64 stay float64', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const x = ones([2], { dtype }).requiresGrad_();
    x.exp().sum().backward();
    assert.equal(x.grad!.dtype, dtype);
  }
});

test('a long chain of ops back-propagates without overflowing the stack', () => {
  const x = array([1]).requiresGrad_();
  let y = x;
  for (let i = 0; i < 20000; i++) y = y.add(1);
  y.backward();
  assert.equal(x.grad!.item(), 1);
});
