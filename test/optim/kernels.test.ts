/** The optimizers' update rules alone, on plain typed arrays (the references a backend's fused kernels are tested against). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { optim, tensor } from '../../src/index.js';
import { adamUpdate } from '../../src/optim/adam.js';
import { sgdUpdate } from '../../src/optim/sgd.js';

const noOptions = { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false };

test('sgdUpdate: the first momentum step copies g into the buffer, later ones decay it', () => {
  const param = new Float64Array([1, -1]);
  const buffer = new Float64Array(2);
  const options = { ...noOptions, lr: 0.5, momentum: 0.9, dampening: 0.5 };
  sgdUpdate(param, new Float64Array([2, 4]), buffer, true, options);
  assert.deepEqual(Array.from(buffer), [2, 4]);
  assert.deepEqual(Array.from(param), [0, -3]);
  sgdUpdate(param, new Float64Array([2, 4]), buffer, false, options);
  assert.deepEqual(Array.from(buffer), [0.9 * 2 + 0.5 * 2, 0.9 * 4 + 0.5 * 4]);
  assert.deepEqual(Array.from(param), [0 - 0.5 * 2.8, -3 - 0.5 * 5.6]);
});

test('adamUpdate: the first step moves each element by lr·g/(|g| + eps) — about lr against the sign of g', () => {
  const param = new Float32Array([1, 1, 1]);
  const grad = new Float32Array([3, -0.5, 0]);
  const m = new Float32Array(3);
  const v = new Float32Array(3);
  adamUpdate(param, grad, m, v, null, 1, { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupledWeightDecay: false, amsgrad: false, maximize: false });
  assert.deepEqual(Array.from(param), [Math.fround(0.9), Math.fround(1.1), 1]);
  assert.deepEqual(Array.from(m), [Math.fround(0.3), Math.fround(-0.05), 0]);
});

test('adamUpdate with decoupled weight decay shrinks the parameter even where the gradient is 0', () => {
  const param = new Float64Array([2]);
  adamUpdate(param, new Float64Array([0]), new Float64Array(1), new Float64Array(1), null, 1,
    { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.5, decoupledWeightDecay: true, amsgrad: false, maximize: false });
  assert.deepEqual(Array.from(param), [2 * (1 - 0.05)]);
});

test('the book\'s sgd: param −= lr·grad / batchSize', () => {
  const param = tensor([1, 2], { dtype: 'float64' }).requiresGrad_();
  param.grad = tensor([10, -20], { dtype: 'float64' });
  optim.sgd([param], 0.1, 10);
  assert.deepEqual(param.toArray(), [1 - 0.1, 2 + 0.2]);
});
