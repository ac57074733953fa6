/**
 * The version counter (PyTorch's `_version`): every in-place write to a tensor's storage bumps it,
 * views of the same storage share it, each recorded op remembers the versions of the tensors it
 * keeps, and backward() refuses to use a tensor that was written since — instead of silently
 * computing the gradient from the new values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, AutogradError, Generator, nn, ones, optim, zeros } from '../../src/index.js';

const modifiedInPlace = (op: string, version: number, expected: number) => (e: Error) =>
  e instanceof AutogradError &&
  e.message.includes(`one of the tensors needed by '${op}' was modified in place (version ${version}, expected ${expected})`);

test('copy_ bumps the version; views of the same storage (reshape, detach) share it, a clone does not', () => {
  const x = zeros([2, 2]);
  const view = x.reshape([4]);
  const detached = x.detach();
  const copy = x.clone();
  assert.deepEqual([x.version, view.version, detached.version, copy.version], [0, 0, 0, 0]);
  x.copy_(1);
  assert.deepEqual([x.version, view.version, detached.version, copy.version], [1, 1, 1, 0]);
  detached.copy_(2);
  assert.deepEqual([x.version, view.version, detached.version, copy.version], [2, 2, 2, 0]);
});

test('optimizer.step() bumps the version of each parameter it updates, and only those', () => {
  const stepped = array([1, 2]).requiresGrad_();
  const withoutGrad = array([3, 4]).requiresGrad_();
  const optimizer = new optim.SGD([stepped, withoutGrad], { lr: 0.1 });
  stepped.mul(2).sum().backward();
  optimizer.step();
  assert.deepEqual([stepped.version, withoutGrad.version], [1, 0]);
  optimizer.step();
  assert.deepEqual([stepped.version, withoutGrad.version], [2, 0]);
});

test("copy_ into an input saved by 'mul' between forward and backward: backward() throws naming the op", () => {
  const w = array([1, 2]).requiresGrad_();
  const x = array([3, 4]);
  const y = w.mul(x).sum();
  x.copy_(array([10, 10])); // without the check, w.grad would silently be [10, 10] instead of [3, 4]
  assert.throws(() => y.backward(), modifiedInPlace('mul', 1, 0));
  assert.equal(w.grad, null, 'nothing was accumulated before the error');
});

test('a write through a view (detach) of a saved tensor is caught as well', () => {
  const w = array([1, 2]).requiresGrad_();
  const y = w.mul(w).sum();
  w.detach().copy_(0);
  assert.throws(() => y.backward(), modifiedInPlace('mul', 1, 0));
});

test("copy_ into an op's own output (exp keeps its result for the gradient) is caught", () => {
  const w = array([0, 1]).requiresGrad_();
  const y = w.exp();
  y.copy_(5);
  assert.throws(() => y.backward(), modifiedInPlace('exp', 1, 0));
});

test("an optimizer step between forward and backward: backward() throws naming 'linear+relu'", () => {
  const linear = new nn.Linear(3, 4, { generator: new Generator(1) });
  const net = new nn.Sequential(linear, new nn.ReLU());
  const optimizer = new optim.SGD(net.parameters(), { lr: 0.1 });
  const x = ones([2, 3]);
  net.call(x).sum().backward();
  const loss = net.call(x).sum();
  const recorded = linear.weight.version; // initialisation wrote the weights in place, too
  optimizer.step(); // uses the first backward's gradients, and changes the weights the loss was computed from
  assert.equal(linear.weight.version, recorded + 1);
  assert.throws(
    () => loss.backward(),
    (e: Error) => modifiedInPlace('linear+relu', recorded + 1, recorded)(e) && /optimizer step/.test(e.message),
  );
});

test('the ordinary loop (forward, backward, step, zeroGrad) never trips the check, and gives the right gradients', () => {
  const w = array([1, 2], { dtype: 'float64' }).requiresGrad_();
  const optimizer = new optim.SGD([w], { lr: 0.25 });
  for (let step = 0; step < 3; step++) {
    optimizer.zeroGrad();
    const before = w.toArray() as number[];
    w.mul(w).sum().backward();
    assert.deepEqual(w.grad!.toArray(), before.map((v) => 2 * v)); // d(Σw²)/dw = 2w, from the current w
    optimizer.step();
  }
  assert.equal(w.version, 3);
});

test('writing to a tensor the graph does not hold does not trip the check', () => {
  const w = array([1, 2]).requiresGrad_();
  const unrelated = array([3, 4]);
  const y = w.mul(w).sum();
  unrelated.copy_(0);
  y.backward();
  assert.deepEqual(w.grad!.toArray(), [2, 4]);
});
