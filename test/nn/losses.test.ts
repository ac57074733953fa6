/**
 * Losses against PyTorch (test/golden/losses.json, from scripts/reference/losses.py): values and
 * gradients for every reduction, label smoothing and logits of ±1000, in float64 and float32;
 * gradcheck on each; the errors for labels and shapes that do not fit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  array, ArgumentError, DTypeError, Generator, gradcheck, nn, normal, ShapeError, uniform, type NestedArray, type Tensor,
} from '../../src/index.js';
import { assertClose } from '../helpers.js';
import { readGolden } from '../golden/read.js';

interface LossCase {
  name: string;
  loss: string;
  options: Record<string, string | number | number[]>;
  dtype: 'float64' | 'float32';
  torchCall: string;
  inputs: Record<string, NestedArray>;
  value: NestedArray;
  shape: number[];
  weight: NestedArray;
  grads: Record<string, NestedArray>;
}
const golden = readGolden<{ cases: LossCase[] }>('losses.json');

type LossFunction = (prediction: Tensor, target: Tensor, options: Record<string, unknown>) => Tensor;
const losses: Record<string, LossFunction> = {
  softmaxCrossEntropy: (a, b, o) => nn.softmaxCrossEntropy(a, b, o),
  squaredLoss: (a, b) => nn.squaredLoss(a, b),
  mseLoss: (a, b, o) => nn.mseLoss(a, b, o),
  binaryCrossEntropyWithLogits: (a, b, o) => nn.binaryCrossEntropyWithLogits(a, b, o),
  huberLoss: (a, b, o) => nn.huberLoss(a, b, o),
};

/** float64 to 1e-12; float32 to about 1e-6 (both sides round every step to float32). */
const TOLERANCE = { float64: { atol: 1e-12, rtol: 1e-12 }, float32: { atol: 1e-6, rtol: 1e-6 } };

for (const c of golden.cases) {
  test(`${c.name} (${c.dtype}) matches PyTorch's ${c.torchCall} in value and gradient`, () => {
    const fn = losses[c.loss];
    assert.ok(fn, `no loss function '${c.loss}'`);
    const inputs = Object.entries(c.inputs).map(([name, values]) =>
      name === 'labels' ? array(values, { dtype: 'int32' }) : array(values, { dtype: c.dtype }).requiresGrad_(),
    );
    const options = Object.fromEntries(
      Object.entries(c.options).map(([k, v]) => [k, Array.isArray(v) ? array(v, { dtype: c.dtype }) : v]),
    );
    const out = fn(inputs[0], inputs[1], options);
    const tolerance = TOLERANCE[c.dtype];
    assert.deepEqual(out.shape, c.shape);
    assert.equal(out.dtype, c.dtype);
    assertClose(out.toArray(), c.value, { ...tolerance, label: 'value' });
    out.mul(array(c.weight, { dtype: c.dtype })).sum().backward();
    Object.keys(c.inputs).forEach((name, i) => {
      if (name === 'labels') return;
      assert.ok(inputs[i].grad, `${name} has a gradient`);
      assertClose(inputs[i].grad!.toArray(), c.grads[name], { ...tolerance, label: `grad ${name}` });
    });
  });
}

test('the golden file covers every loss, every reduction of the cross-entropy, both dtypes', () => {
  assert.deepEqual([...new Set(golden.cases.map((c) => c.loss))].sort(), Object.keys(losses).sort());
  const crossEntropy = golden.cases.filter((c) => c.loss === 'softmaxCrossEntropy');
  for (const reduction of ['mean', 'sum', 'none']) {
    assert.ok(crossEntropy.some((c) => c.options.reduction === reduction && c.options.labelSmoothing), reduction);
  }
  assert.ok(crossEntropy.some((c) => JSON.stringify(c.inputs.logits).includes('1000')));
  assert.deepEqual([...new Set(golden.cases.map((c) => c.dtype))].sort(), ['float32', 'float64']);
});

test('softmaxCrossEntropy stays finite for logits of ±1e4 in float32 and float64, loss and gradient', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const logits = array([[1e4, -1e4, 0], [-1e4, -1e4, 1e4]], { dtype }).requiresGrad_();
    const loss = nn.softmaxCrossEntropy(logits, array([1, 0], { dtype: 'int32' }), { labelSmoothing: 0.1 });
    assert.ok(Number.isFinite(loss.item()), dtype);
    loss.backward();
    assert.ok(Array.from(logits.grad!.data).every(Number.isFinite), dtype);
    // The wrong class with certainty: loss ≈ 2e4 per example, gradient softmax − target.
    assert.ok(Math.abs(nn.softmaxCrossEntropy(logits, array([1, 0], { dtype: 'int32' })).item() - 2e4) < 1e-3 * 2e4);
  }
});

test('binaryCrossEntropyWithLogits stays finite for logits of ±1e4', () => {
  const logits = array([1e4, -1e4, 1e4], { dtype: 'float32' }).requiresGrad_();
  const loss = nn.binaryCrossEntropyWithLogits(logits, array([0, 1, 1]), { posWeight: 3 });
  assert.ok(Number.isFinite(loss.item()));
  assertClose(loss.item(), (1e4 + 3 * 1e4 + 0) / 3, { rtol: 1e-6, label: 'loss' });
  loss.backward();
  assertClose(logits.grad!.toArray(), [1 / 3, -1, 0], { atol: 1e-7, label: 'grad' });
});

test('huberLoss stays finite where the quadratic branch overflows', () => {
  const yHat = array([1e200, -3], { dtype: 'float64' }).requiresGrad_();
  const loss = nn.huberLoss(yHat, array([0, 0], { dtype: 'float64' }), { reduction: 'sum' });
  assert.equal(loss.item(), 1e200 - 0.5 + 2.5);
  loss.backward();
  assert.deepEqual(Array.from(yHat.grad!.data), [1, -1]);
});

// ---- gradcheck (float64, central differences) -------------------------------------------------

const generator = new Generator(3);
const randn = (...shape: number[]) => normal(shape, { dtype: 'float64', generator });
const labels = array([2, 0, 3, 3, 1], { dtype: 'int32' });
const probabilities = () => uniform([5, 4], { dtype: 'float64', generator });

const gradchecks: [string, (...t: Tensor[]) => Tensor, Tensor[]][] = [
  ['softmaxCrossEntropy mean', (x) => nn.softmaxCrossEntropy(x, labels), [randn(5, 4)]],
  ['softmaxCrossEntropy sum, label smoothing', (x) => nn.softmaxCrossEntropy(x, labels, { reduction: 'sum', labelSmoothing: 0.25 }), [randn(5, 4)]],
  ['softmaxCrossEntropy none', (x) => nn.softmaxCrossEntropy(x, labels, { reduction: 'none' }), [randn(5, 4).mul(30)]],
  ['squaredLoss', (a, b) => nn.squaredLoss(a, b), [randn(5, 1), randn(5)]],
  ['mseLoss mean', (a, b) => nn.mseLoss(a, b), [randn(3, 4), randn(3, 4)]],
  ['mseLoss none', (a, b) => nn.mseLoss(a, b, { reduction: 'none' }), [randn(3, 4), randn(3, 4)]],
  ['binaryCrossEntropyWithLogits', (x, t) => nn.binaryCrossEntropyWithLogits(x, t), [randn(5, 4).mul(3), probabilities()]],
  ['binaryCrossEntropyWithLogits posWeight none', (x, t) =>
    nn.binaryCrossEntropyWithLogits(x, t, { reduction: 'none', posWeight: array([0.5, 1, 2, 4], { dtype: 'float64' }) }),
    [randn(5, 4), probabilities()]],
  // Differences between 0.05 and 0.95 in size or beyond 1.05: away from the kink at |d| = delta = 1.
  ['huberLoss', (a, b) => nn.huberLoss(a, b, { reduction: 'sum' }),
    [array([0.3, -0.6, 2.5, -4, 1.9], { dtype: 'float64' }), array([0.1, 0.2, 0.3, -0.2, 0.5], { dtype: 'float64' })]],
  ['huberLoss delta 2.5', (a, b) => nn.huberLoss(a, b, { delta: 2.5 }), [randn(6).mul(4), randn(6).mul(0.1)]],
];
for (const [name, fn, inputs] of gradchecks) {
  test(`gradcheck: ${name}`, () => assert.equal(gradcheck(fn, inputs), true));
}

// ---- errors ----------------------------------------------------------------------------------

test('cross-entropy errors name the op and the shapes, the dtype, or the bad label', () => {
  const logits = randn(4, 3);
  assert.throws(
    () => nn.softmaxCrossEntropy(logits, array([0, 1, 2], { dtype: 'int32' })),
    (e: Error) => e instanceof ShapeError && /^softmaxCrossEntropy:/.test(e.message) && /\[4, 3\] and \[3\]/.test(e.message),
  );
  assert.throws(() => nn.softmaxCrossEntropy(logits, array([0, 1, 2, 1])), (e: Error) => e instanceof DTypeError && /int32/.test(e.message));
  assert.throws(
    () => nn.softmaxCrossEntropy(logits, array([0, 3, 1, 1], { dtype: 'int32' })),
    (e: Error) => e instanceof ArgumentError && /label 3 at position 1/.test(e.message) && /3 classes/.test(e.message),
  );
  assert.throws(() => nn.softmaxCrossEntropy(logits, array([0, -1, 1, 1], { dtype: 'int32' })), /label -1/);
  assert.throws(() => nn.softmaxCrossEntropy(logits, array([0, 1, 1, 1], { dtype: 'int32' }), { labelSmoothing: 1.5 }), /labelSmoothing/);
  assert.throws(
    () => nn.softmaxCrossEntropy(logits, array([0, 1, 1, 1], { dtype: 'int32' }), { reduction: 'avg' as nn.Reduction }),
    (e: Error) => e instanceof ArgumentError && /'mean', 'sum' or 'none'/.test(e.message),
  );
});

test('regression losses refuse shapes that would broadcast silently', () => {
  assert.throws(
    () => nn.mseLoss(randn(4, 1), randn(4)),
    (e: Error) => e instanceof ShapeError && /^mseLoss:/.test(e.message) && /\[4, 1\] and \[4\]/.test(e.message),
  );
  assert.throws(() => nn.huberLoss(randn(4, 1), randn(4)), (e: Error) => e instanceof ShapeError && /^huberLoss:/.test(e.message));
  assert.throws(() => nn.binaryCrossEntropyWithLogits(randn(2, 3), randn(3)), (e: Error) => e instanceof ShapeError && /binaryCrossEntropyWithLogits/.test(e.message));
  assert.throws(
    () => nn.binaryCrossEntropyWithLogits(randn(2, 3), randn(2, 3), { posWeight: randn(4) }),
    (e: Error) => e instanceof ShapeError && /binaryCrossEntropyWithLogits/.test(e.message),
  );
  assert.throws(() => nn.squaredLoss(randn(4, 1), randn(5)), (e: Error) => e instanceof ShapeError && /^squaredLoss:/.test(e.message));
  assert.throws(() => nn.huberLoss(randn(2), randn(2), { delta: 0 }), /delta must be positive/);
});

// ---- accuracy and loss modules -----------------------------------------------------------------

test('accuracy is the fraction of rows whose argmax is the label; ties go to the first class', () => {
  const logits = array([[0.1, 0.7, 0.2], [2, 2, 1], [0, 0, 5], [3, 1, 0]]);
  assert.equal(nn.accuracy(logits, array([1, 1, 2, 0], { dtype: 'int32' })), 0.75);
  assert.equal(nn.accuracy(logits, array([1, 0, 2, 0], { dtype: 'int32' })), 1);
  assert.equal(nn.accuracy(logits, array([0, 2, 0, 1], { dtype: 'int32' })), 0);
  assert.throws(() => nn.accuracy(logits, array([1, 1], { dtype: 'int32' })), (e: Error) => e instanceof ShapeError && /^accuracy:/.test(e.message));
});

test('loss modules compute their functions with the options given at construction', () => {
  const logits = randn(5, 4);
  const targets = probabilities();
  const ce = new nn.CrossEntropyLoss({ reduction: 'none', labelSmoothing: 0.1 });
  assert.deepEqual(ce.call(logits, labels).toArray(), nn.softmaxCrossEntropy(logits, labels, { reduction: 'none', labelSmoothing: 0.1 }).toArray());
  assert.equal(new nn.MSELoss().call(logits, targets).item(), nn.mseLoss(logits, targets).item());
  assert.equal(new nn.BCEWithLogitsLoss({ posWeight: 2 }).call(logits, targets).item(), nn.binaryCrossEntropyWithLogits(logits, targets, { posWeight: 2 }).item());
  assert.equal(new nn.HuberLoss({ delta: 0.5, reduction: 'sum' }).call(logits, targets).item(), nn.huberLoss(logits, targets, { delta: 0.5, reduction: 'sum' }).item());
  assert.equal(ce.toString(), "CrossEntropyLoss(reduction='none', labelSmoothing=0.1)");
  assert.equal(new nn.MSELoss().toString(), 'MSELoss()');
  assert.equal(ce.numParameters(), 0);
});
