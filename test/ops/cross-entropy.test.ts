/**
 * The fused softmax cross-entropy op against the composition it replaces (logSoftmax, pick, neg,
 * and the label-smoothing term) in float64, at extreme logits, and its errors. Values and
 * gradients against PyTorch: test/nn/losses.test.ts (golden), gradcheck there too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, ArgumentError, DTypeError, Generator, normal, ShapeError, softmaxCrossEntropyPerExample, type Tensor } from '../../src/index.js';
import { assertClose } from '../helpers.js';

const generator = new Generator(21);
const labels = array([2, 0, 3, 3, 1, 0], { dtype: 'int32' });

function composed(logits: Tensor, smoothing: number): Tensor {
  const logP = logits.logSoftmax(-1);
  const nll = logP.pick(labels, -1).neg();
  return smoothing === 0 ? nll : nll.mul(1 - smoothing).sub(logP.mean(-1).mul(smoothing));
}

for (const smoothing of [0, 0.1, 1]) {
  test(`per-example losses and gradient equal the composition (float64, smoothing ${smoothing})`, () => {
    const logits = normal([6, 4], { dtype: 'float64', generator }).mul(3).requiresGrad_();
    const weights = normal([6], { dtype: 'float64', generator });
    const fused = softmaxCrossEntropyPerExample(logits, labels, smoothing);
    fused.mul(weights).sum().backward();
    const fusedGrad = logits.grad!.toArray();
    logits.zeroGrad();
    const reference = composed(logits, smoothing);
    reference.mul(weights).sum().backward();
    assertClose(fused.toArray(), reference.toArray(), { atol: 1e-13, rtol: 1e-13, label: 'losses' });
    assertClose(fusedGrad, logits.grad!.toArray(), { atol: 1e-13, rtol: 1e-13, label: 'gradient' });
  });
}

test('logits of ±1000 give finite losses and softmax − one-hot as the gradient (float32)', () => {
  const logits = array([[1000, -1000, 0], [-1000, -1000, -999]], { dtype: 'float32' }).requiresGrad_();
  const loss = softmaxCrossEntropyPerExample(logits, array([1, 2], { dtype: 'int32' }));
  assertClose(loss.toArray(), [2000, Math.log(1 + 2 * Math.exp(-1))], { atol: 1e-3, rtol: 1e-6 });
  loss.sum().backward();
  const e = Math.exp(-1) / (1 + 2 * Math.exp(-1)), top = 1 / (1 + 2 * Math.exp(-1));
  assertClose(logits.grad!.toArray(), [[1, -1, 0], [e, e, top - 1]], { atol: 1e-6, rtol: 1e-6 });
});

test('a single example (C) with a () label, and an empty batch', () => {
  const one = softmaxCrossEntropyPerExample(array([1, 2, 3], { dtype: 'float64' }), array(2, { dtype: 'int32' }));
  assert.deepEqual(one.shape, []);
  assertClose(one.toArray() as number, Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3, { atol: 1e-15, rtol: 1e-15 });
  const none = softmaxCrossEntropyPerExample(normal([0, 4], { generator }), array([], { dtype: 'int32' }));
  assert.deepEqual(none.shape, [0]);
});

test('bad labels and smoothing are named', () => {
  const logits = normal([6, 4], { generator });
  assert.throws(() => softmaxCrossEntropyPerExample(logits, array([0, 1], { dtype: 'int32' })), (e: unknown) => e instanceof ShapeError && /\[6, 4\]/.test(e.message) && /\[2\]/.test(e.message));
  assert.throws(() => softmaxCrossEntropyPerExample(logits, labels.astype('float32')), DTypeError);
  assert.throws(() => softmaxCrossEntropyPerExample(logits, array([0, 1, 2, 3, 4, 0], { dtype: 'int32' })), (e: unknown) => e instanceof ArgumentError && /label 4 at position 4/.test(e.message));
  assert.throws(() => softmaxCrossEntropyPerExample(logits, labels, 1.5), /labelSmoothing/);
});
