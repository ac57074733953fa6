/**
 * backward() frees the graph it went through, as PyTorch does: a second backward() through it is
 * an AutogradError that says to pass `{ retainGraph: true }`, instead of silently accumulating
 * gradients a second time; with retainGraph the second one accumulates, as in PyTorch. The book's
 * loops, where every backward() follows a fresh autograd.record(), are unaffected.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, autograd, AutogradError, nd } from '../../src/index.js';

const secondBackward = (e: Error) => e instanceof AutogradError && e.message.includes('{ retainGraph: true }');

test('a second backward() through the same graph throws, saying to pass { retainGraph: true }', () => {
  const x = array([1, 2, 3]).requiresGrad_();
  const y = x.mul(x).sum();
  y.backward();
  assert.throws(() => y.backward(), secondBackward);
  assert.deepEqual(x.grad!.toArray(), [2, 4, 6], 'the refused backward accumulated nothing');
});

test('the error names the op whose saved tensors were freed', () => {
  const x = array([1, 2]).requiresGrad_();
  const y = x.exp().sum();
  y.backward();
  assert.throws(() => y.backward(), (e: Error) => secondBackward(e) && /'sum'/.test(e.message));
});

test('with retainGraph the second backward accumulates, as in PyTorch; a third without it after a non-retaining one throws', () => {
  const x = array([1, 2, 3]).requiresGrad_();
  const y = x.mul(x).sum();
  y.backward({ retainGraph: true });
  y.backward(undefined, { retainGraph: true });
  y.backward();
  assert.deepEqual(x.grad!.toArray(), [6, 12, 18]); // 3 · 2x
  assert.throws(() => y.backward(), secondBackward);
});

test('retainGraph with an explicit head gradient', () => {
  const x = array([1, 2]).requiresGrad_();
  const y = x.mul(3);
  y.backward(array([1, 0]), { retainGraph: true });
  y.backward(array([0, 1]));
  assert.deepEqual(x.grad!.toArray(), [3, 3]);
});

test('two losses sharing part of a graph: the second backward needs the first to retain it', () => {
  const x = array([0, 1], { dtype: 'float64' }).requiresGrad_();
  const h = x.exp();
  const first = h.sum();
  const second = h.mul(2).sum();
  first.backward();
  assert.throws(() => second.backward(), (e: Error) => secondBackward(e) && /'exp'/.test(e.message));

  const z = array([0, 1], { dtype: 'float64' }).requiresGrad_();
  const shared = z.exp();
  shared.sum().backward({ retainGraph: true });
  shared.mul(2).sum().backward();
  assert.deepEqual(z.grad!.toArray(), [3, 3 * Math.E]);
});

test("the book's loops: every backward after a fresh autograd.record() works, with attachGrad's overwrite", () => {
  const x = nd.arange(-2, 2, 1);
  x.attachGrad();
  for (let i = 0; i < 3; i++) {
    const y = autograd.record(() => x.relu());
    y.backward();
    assert.deepEqual(x.grad!.toArray(), [0, 0, 0, 1]);
  }
  let y = autograd.record(() => x.sigmoid());
  y.backward();
  y = autograd.record(() => x.mul(x));
  y.backward();
  assert.deepEqual(x.grad!.toArray(), [-4, -2, 0, 2]);
});

test("autograd.backward(heads) back-propagates from several heads sharing a graph at once (MXNet's sum)", () => {
  const x = nd.array([0, 1]);
  x.attachGrad();
  const [a, b] = autograd.record(() => {
    const h = x.exp();
    return [h.sum(), h.mul(2).sum()];
  });
  autograd.backward([a, b]);
  assert.ok(Math.abs((x.grad!.toArray() as number[])[1] - 3 * Math.E) < 1e-5);
  assert.equal((x.grad!.toArray() as number[])[0], 3);
  assert.throws(() => autograd.backward([a]), secondBackward);
});

test('backward() on a leaf has no graph to free and may be repeated', () => {
  const x = array([1, 2]).requiresGrad_();
  x.backward();
  x.backward();
  assert.deepEqual(x.grad!.toArray(), [2, 2]);
});
