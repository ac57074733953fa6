/**
 * Every .grad that backward() hands out owns its storage: an op whose rule passes one gradient to
 * several inputs (add, sub's first operand, reshape's view) must not leave two leaves — or a leaf and
 * the caller's head gradient, or a retained intermediate gradient — sharing one array, since an
 * in-place change to one would change the other. A gradient with one consumer is handed over as is.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, ones } from '../../src/index.js';
import { recordOp } from '../../src/autograd/tape.js';

test('after y = a.add(b), a.grad and b.grad have their own storage: changing one leaves the other', () => {
  const a = array([1, 2]).requiresGrad_();
  const b = array([3, 4]).requiresGrad_();
  a.add(b).sum().backward();
  assert.notEqual(a.grad!.data, b.grad!.data);
  a.grad!.copy_(array([7, 7]));
  assert.deepEqual(b.grad!.toArray(), [1, 1]);
});

test("the book's attachGrad() leaves of an add own their gradients too", () => {
  const a = array([1, 2]).attachGrad();
  const b = array([3, 4]).attachGrad();
  a.add(b).backward();
  assert.notEqual(a.grad!.data, b.grad!.data);
  assert.deepEqual([a.grad!.toArray(), b.grad!.toArray()], [[1, 1], [1, 1]]);
});

test("a gradient that reaches two leaves through a reshape (a view of the same array) is not shared", () => {
  const a = ones([1, 2]).requiresGrad_();
  const b = ones([2]).requiresGrad_();
  a.reshape([2]).add(b).sum().backward();
  assert.notEqual(a.grad!.data, b.grad!.data);
});

test("the caller's head gradient is never a leaf's .grad", () => {
  const head = array([1, -1]);
  const x = array([5, 6]).requiresGrad_();
  x.backward(head);
  assert.notEqual(x.grad!.data, head.data);
  const a = array([1, 2]).requiresGrad_();
  a.add(3).backward(head);
  assert.notEqual(a.grad!.data, head.data);
  head.copy_(0);
  assert.deepEqual([x.grad!.toArray(), a.grad!.toArray()], [[1, -1], [1, -1]]);
});

test('a retained intermediate gradient and a leaf gradient do not share storage', () => {
  const a = array([1, 2]).requiresGrad_();
  const b = array([3, 4]).requiresGrad_();
  const h = a.mul(2).retainGrad();
  h.add(b).sum().backward();
  assert.notEqual(h.grad!.data, b.grad!.data);
  assert.deepEqual([h.grad!.toArray(), b.grad!.toArray(), a.grad!.toArray()], [[1, 1], [1, 1], [2, 2]]);
});

test('a gradient with a single consumer is handed over without a copy; a second consumer gets a copy', () => {
  const handedOver = array([5, 6]);
  const a = array([1, 2]).requiresGrad_();
  recordOp('single', [a], array([0, 0]), () => [handedOver]).backward();
  assert.equal(a.grad, handedOver);

  const b = array([1, 2]).requiresGrad_();
  const c = array([1, 2]).requiresGrad_();
  const shared = array([7, 8]);
  recordOp('double', [b, c], array([0, 0]), () => [shared, shared]).backward();
  const [owner, copy] = b.grad === shared ? [b, c] : [c, b];
  assert.equal(owner.grad, shared, 'one of the two gets the tensor itself');
  assert.notEqual(copy.grad!.data, shared.data);
  assert.deepEqual(copy.grad!.toArray(), [7, 8]);
});
