/** Every differentiable op's gradient against central finite differences in float64. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  activations, concat, gradcheck, GradcheckError, Generator, normal, stack, uniform, where, Tensor, array,
  type Activation, type ActivationParams,
} from '../../src/index.js';
import { readGolden, type ActivationsGolden } from '../golden/read.js';

const generator = new Generator(42);
const randn = (...shape: number[]) => normal(shape, { dtype: 'float64', generator });
/** Values bounded away from zero (for log, sqrt, division, kinks at 0). */
const positive = (...shape: number[]) => uniform(shape, { low: 0.5, high: 2, dtype: 'float64', generator });

const cases: [string, (...t: Tensor[]) => Tensor, Tensor[]][] = [
  ['add (broadcast)', (a, b) => a.add(b), [randn(3, 1), randn(4)]],
  ['sub (broadcast)', (a, b) => a.sub(b), [randn(2, 3), randn(3)]],
  ['mul (broadcast)', (a, b) => a.mul(b), [randn(2, 1, 3), randn(4, 1)]],
  ['div', (a, b) => a.div(b), [randn(3, 2), positive(3, 2)]],
  ['pow', (a, b) => a.pow(b), [positive(5), randn(5)]],
  ['maximum', (a, b) => a.maximum(b), [randn(6), randn(6)]],
  ['minimum', (a, b) => a.minimum(b), [randn(6), randn(6)]],
  ['neg', (a) => a.neg(), [randn(4)]],
  ['exp', (a) => a.exp(), [randn(4)]],
  ['log', (a) => a.log(), [positive(4)]],
  ['sqrt', (a) => a.sqrt(), [positive(4)]],
  ['abs', (a) => a.abs(), [positive(4).mul(array([1, -1, 1, -1], { dtype: 'float64' }))]],
  ['square', (a) => a.square(), [randn(4)]],
  ['reciprocal', (a) => a.reciprocal(), [positive(4)]],
  ['sin', (a) => a.sin(), [randn(4)]],
  ['cos', (a) => a.cos(), [randn(4)]],
  ['clip', (a) => a.clip(-0.5, 0.5), [array([-1.2, -0.3, 0.1, 0.4, 0.9], { dtype: 'float64' })]],
  ['where', (a, b) => where(a.gt(0), a, b), [randn(5), randn(5)]],
  ['clone', (a) => a.clone(), [randn(3)]],
  ['matmul 2-D', (a, b) => a.matmul(b), [randn(3, 4), randn(4, 2)]],
  ['matmul batched with broadcast', (a, b) => a.matmul(b), [randn(2, 3, 4), randn(4, 5)]],
  ['matmul batched both', (a, b) => a.matmul(b), [randn(2, 1, 3, 4), randn(3, 4, 2)]],
  ['matmul vector·vector', (a, b) => a.matmul(b), [randn(4), randn(4)]],
  ['dot', (a, b) => a.dot(b), [randn(4), randn(4, 3)]],
  ['transpose-matmul', (a, b) => a.T.matmul(b.T), [randn(4, 3), randn(2, 4)]],
  ['sum all', (a) => a.sum(), [randn(3, 4)]],
  ['sum axes keepdims', (a) => a.sum([0, 2], { keepdims: true }), [randn(2, 3, 4)]],
  ['mean axis', (a) => a.mean(1), [randn(3, 4)]],
  ['max axis', (a) => a.max(1), [randn(3, 4)]],
  ['min all', (a) => a.min(), [randn(3, 4)]],
  ['logsumexp', (a) => a.logsumexp(-1), [randn(3, 5)]],
  ['reshape', (a) => a.reshape(4, -1).mul(a.reshape(4, 3)), [randn(2, 6)]],
  ['transpose axes', (a) => a.transpose(2, 0, 1), [randn(2, 3, 4)]],
  ['broadcastTo', (a) => a.broadcastTo([3, 2, 4]), [randn(2, 1)]],
  ['squeeze/unsqueeze', (a) => a.unsqueeze(1).squeeze(), [randn(3)]],
  ['slice with step', (a) => a.slice(1, 1, 6, 2), [randn(3, 7)]],
  ['take repeated rows', (a) => a.take([2, 0, 2]), [randn(3, 2)]],
  ['take along axis 1', (a) => a.take(array([[1, 0], [1, 1]], { dtype: 'int32' }), 1), [randn(3, 2)]],
  ['index', (a) => a.index(1), [randn(3, 2)]],
  ['pick', (a) => a.pick(array([2, 0, 1], { dtype: 'int32' })), [randn(3, 4)]],
  ['pick axis 0', (a) => a.pick(array([1, 0, 2], { dtype: 'int32' }), 0), [randn(3, 3)]],
  ['concat', (a, b) => concat([a, b], 1), [randn(2, 3), randn(2, 2)]],
  ['stack', (a, b) => stack([a, b], 1), [randn(2, 3), randn(2, 3)]],
  ['softmax', (a) => a.softmax(-1), [randn(3, 4)]],
  ['logSoftmax axis 0', (a) => a.logSoftmax(0), [randn(3, 4)]],
  ['prelu per channel', (a, w) => a.prelu(w), [randn(4, 3, 2), positive(3)]],
  ['prelu shared', (a, w) => a.prelu(w), [randn(5), positive(1)]],
];

for (const [name, fn, inputs] of cases) {
  test(`gradcheck: ${name}`, () => assert.equal(gradcheck(fn, inputs), true));
}

// Every activation of the table, on points away from its kinks (x = 0, ±0.5, ±1, ±3, 6).
const smoothPoints = array([-4.3, -2.2, -1.7, -0.8, -0.3, 0.2, 0.7, 1.3, 2.4, 4.1, 7.2], { dtype: 'float64' });
// Options where PyTorch has none (threshold): the first set the golden file ran, its kink at 0.5.
const goldenCases = readGolden<ActivationsGolden>('activations.json').cases;
for (const a of Object.values(activations as Record<string, Activation>)) {
  const options = a.required.length === 0 ? {} : (goldenCases.find((c) => c.name === a.name)!.params as ActivationParams);
  test(`gradcheck: activation ${a.name}`, () => assert.equal(gradcheck((x) => x.activation(a.name, options), [smoothPoints]), true));
}

test('gradcheck catches a wrong gradient', () => {
  // x·x computed as x·detach(x) loses half the gradient: gradcheck must notice.
  assert.throws(() => gradcheck((x) => x.mul(x.detach()), [randn(3)]), GradcheckError);
});

test('gradcheck refuses float32 inputs', () => {
  assert.throws(() => gradcheck((x) => x.exp(), [array([1, 2])]), /float64/);
});
