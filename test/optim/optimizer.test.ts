/** What every optimizer promises: in-place updates outside autograd, groups, zeroGrad, lr, and its checks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ArgumentError, DTypeError, ShapeError, array, arange, autograd, isGradEnabled, optim, record, zeros, type Tensor,
} from '../../src/index.js';
import { assertClose } from '../helpers.js';
import { golden, makeOptimizer, makeProblem, trainStep } from './golden.js';

const adamCase = golden.cases.find((c) => c.name === 'Adam' && c.dtype === 'float64')!;

test('a parameter without a gradient is skipped, and gets no state (as PyTorch)', () => {
  const { w, v, loss } = makeProblem('float64');
  const unused = array([1, 2, 3], { dtype: 'float64' }).requiresGrad_();
  const optimizer = new optim.Adam([w, v, unused], adamCase.options);
  for (const expected of adamCase.steps) {
    trainStep(optimizer, loss);
    assertClose(w.toArray(), expected.w, { label: 'w' });
  }
  assert.deepEqual(unused.toArray(), [1, 2, 3]);
  assert.equal(unused.grad, null);
  assert.deepEqual(Object.keys(optimizer.stateDict().state), ['0', '1']);
});

test('zeroGrad() sets gradients to null; zeroGrad({setToNone: false}) to zeros, so weight decay still acts', () => {
  const p = array([1, -2]).requiresGrad_();
  const optimizer = new optim.SGD([p], { lr: 0.5, weightDecay: 0.1 });
  p.mul(3).sum().backward();
  optimizer.zeroGrad({ setToNone: false });
  assert.deepEqual(p.grad!.toArray(), [0, 0]);
  optimizer.step();
  assertClose(p.toArray(), [1 - 0.05, -2 + 0.1], { atol: 1e-7, rtol: 0 });
  optimizer.zeroGrad();
  assert.equal(p.grad, null);
  const before = p.toArray();
  optimizer.step();
  assert.deepEqual(p.toArray(), before);
});

test('step() updates the same tensors in place and is not recorded by autograd, even inside record()', () => {
  const { w, v, loss } = makeProblem('float64');
  const [wData, vData] = [w.data, v.data];
  const optimizer = makeOptimizer(adamCase, w, v);
  const y = w.mul(1);
  loss().backward();
  record(() => optimizer.step());
  assert.ok(w.data === wData && v.data === vData);
  assert.ok(w.isLeaf && v.isLeaf && w.requiresGrad && w.gradNode === null);
  assert.equal(isGradEnabled(), true);
  assert.notDeepEqual(w.toArray(), y.toArray(), 'a tensor computed before the step keeps its values');
  assertClose(w.toArray(), adamCase.steps[0].w);
});

test("the book's attachGrad() parameters (gradReq 'write') train the same way", () => {
  const { w, v, loss } = makeProblem('float64');
  w.attachGrad();
  v.attachGrad();
  const optimizer = makeOptimizer(adamCase, w, v);
  for (const expected of adamCase.steps) {
    autograd.record(loss).backward();
    optimizer.step();
    assertClose(w.toArray(), expected.w, { label: 'w' });
    assertClose(v.toArray(), expected.v, { label: 'v' });
  }
});

test('float32 parameters keep float32 state; float64 parameters float64', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const Expected = dtype === 'float32' ? Float32Array : Float64Array;
    const { w, v, loss } = makeProblem(dtype);
    for (const optimizer of [new optim.SGD([w, v], { lr: 0.1, momentum: 0.9 }), new optim.Adam([w, v], { amsgrad: true })]) {
      trainStep(optimizer, loss);
      for (const state of Object.values(optimizer.stateDict().state)) {
        for (const value of Object.values(state)) if (typeof value !== 'number') assert.ok(value instanceof Expected, `${optimizer.name} ${dtype}`);
      }
    }
  }
});

test('the lr getter reads the first group, the setter sets every group', () => {
  const a = zeros([2]).requiresGrad_();
  const b = zeros([2]).requiresGrad_();
  const optimizer = new optim.SGD([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1 });
  assert.equal(optimizer.lr, 0.1);
  assert.deepEqual(optimizer.paramGroups.map((g) => g.lr), [0.1, 0.5]);
  optimizer.lr = 0.01;
  assert.deepEqual(optimizer.paramGroups.map((g) => g.lr), [0.01, 0.01]);
  assert.throws(() => (optimizer.lr = -1), /SGD: lr must be a finite number ≥ 0, got -1 \(in the lr setter\)/);
});

test('param groups: overrides win, the rest come from the options; addParamGroup() joins later', () => {
  const a = array([1, 1]).requiresGrad_();
  const b = array([1, 1]).requiresGrad_();
  const optimizer = new optim.Adam([{ params: [a], lr: 0.1, weightDecay: undefined }], { weightDecay: 0.01, betas: [0.8, 0.9] });
  assert.equal(optimizer.paramGroups[0].weightDecay, 0.01);
  assert.equal(optimizer.paramGroups[0].lr, 0.1);
  optimizer.addParamGroup({ params: b, eps: 1e-3 });
  assert.deepEqual(optimizer.paramGroups[1].betas, [0.8, 0.9]);
  assert.equal(optimizer.paramGroups[1].lr, 1e-3);
  a.add(b).sum().backward();
  optimizer.step();
  assert.ok(b.data[0] < 1, 'the added group is stepped');
  assert.notEqual(optimizer.paramGroups[0].betas, optimizer.defaults.betas, 'groups do not share the default arrays');
});

const p = (): Tensor => array([1, 2]).requiresGrad_();

test('hyper-parameters PyTorch refuses are refused, naming optimizer, option, value and where', () => {
  assert.throws(() => new optim.SGD([p()], { lr: -0.1 }), /SGD: lr must be a finite number ≥ 0, got -0.1 \(in the options\)/);
  assert.throws(() => new optim.SGD([p()], { lr: NaN }), ArgumentError);
  assert.throws(() => new optim.SGD([p()], { lr: 0.1, momentum: -0.9 }), /momentum must be/);
  assert.throws(() => new optim.SGD([p()], { lr: 0.1, weightDecay: -1 }), /weightDecay must be/);
  assert.throws(() => new optim.SGD([p()], { lr: 0.1, nesterov: true }), /Nesterov momentum requires momentum > 0 and dampening 0/);
  assert.throws(() => new optim.SGD([p()], { lr: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 }), /Nesterov/);
  assert.throws(() => new optim.Adam([p()], { lr: -1e-3 }), /Adam: lr must be/);
  assert.throws(() => new optim.Adam([p()], { betas: [1, 0.999] }), /Adam: betas\[0\] must be in \[0, 1\), got 1/);
  assert.throws(() => new optim.AdamW([p()], { betas: [0.9, -0.1] }), /AdamW: betas\[1\] must be in \[0, 1\), got -0.1/);
  assert.throws(() => new optim.Adam([p()], { betas: [0.9] as unknown as [number, number] }), /betas must be a pair/);
  assert.throws(() => new optim.Adam([p()], { eps: -1e-8 }), /eps must be/);
  assert.throws(() => new optim.AdamW([p()], { weightDecay: -0.01 }), /weightDecay must be/);
  assert.throws(() => new optim.Adam([{ params: [p()] }, { params: [p()], lr: -1 }]), /lr must be a finite number ≥ 0, got -1 \(in param group 1\)/);
});

test('parameters must be float leaf tensors, each in one group, and there must be some', () => {
  const shared = p();
  assert.throws(() => new optim.SGD([], { lr: 0.1 }), /SGD: got an empty parameter list/);
  assert.throws(() => new optim.SGD(p() as unknown as Tensor[], { lr: 0.1 }), /got a single Tensor \(wrap it in an array\)/);
  assert.throws(() => new optim.SGD([p(), { params: [p()] }] as unknown as Tensor[], { lr: 0.1 }), /mixes tensors and parameter groups/);
  assert.throws(() => new optim.SGD([shared, shared], { lr: 0.1 }), /SGD: a parameter appears twice in one parameter group \(param group 0, parameter 1\)/);
  assert.throws(() => new optim.SGD([{ params: [shared] }, { params: [shared] }], { lr: 0.1 }), /more than one parameter group \(param group 1, parameter 0\)/);
  assert.throws(() => new optim.SGD([p().mul(2)], { lr: 0.1 }), /non-leaf/);
  assert.throws(() => new optim.SGD([arange(0, 3, 1, { dtype: 'int32' })], { lr: 0.1 }), DTypeError);
  assert.throws(() => new optim.SGD([[1, 2]] as unknown as Tensor[], { lr: 0.1 }), /expected a parameter group \{params, lr\?, …\} or a Tensor, got an array/);
  assert.throws(() => new optim.SGD([{ params: [[1, 2]] }] as unknown as Tensor[], { lr: 0.1 }), /parameters must be Tensors, got object \(param group 0, parameter 0\)/);
});

test('a gradient of the wrong shape is a ShapeError naming both shapes', () => {
  const param = p();
  const optimizer = new optim.SGD([param], { lr: 0.1 });
  param.grad = zeros([3]);
  assert.throws(() => optimizer.step(), (e: unknown) => e instanceof ShapeError && /SGD\.step.*\[2\] and \[3\]/.test(e.message));
});

test('a gradient of another dtype is cast to the parameter dtype', () => {
  const param = array([1, 2], { dtype: 'float64' }).requiresGrad_();
  const optimizer = new optim.SGD([param], { lr: 0.5 });
  param.grad = array([1, 1], { dtype: 'float32' });
  optimizer.step();
  assert.deepEqual(param.toArray(), [0.5, 1.5]);
});
