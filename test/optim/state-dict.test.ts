/**
 * Checkpointing an optimizer: 3 steps, stateDict(), a new optimizer on the saved parameters,
 * loadStateDict(), 2 more steps — the same numbers as 5 steps straight (and as PyTorch's).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, ShapeError, array, optim } from '../../src/index.js';
import { assertClose } from '../helpers.js';
import { golden, makeOptimizer, makeProblem, trainStep, type OptimizerCase } from './golden.js';

/** Typed arrays become plain arrays, as a JSON checkpoint writer would store them. */
const toJson = (dict: unknown): optim.OptimizerStateDict =>
  JSON.parse(JSON.stringify(dict, (_key, value: unknown) => (ArrayBuffer.isView(value) ? Array.from(value as Float64Array) : value)));

function resumed(c: OptimizerCase, save: (dict: optim.OptimizerStateDict) => optim.OptimizerStateDict): { w: number[]; v: number[] } {
  const first = makeProblem(c.dtype);
  const before = makeOptimizer(c, first.w, first.v);
  for (let i = 0; i < 3; i++) trainStep(before, first.loss);
  const saved = save(before.stateDict());
  const second = makeProblem(c.dtype);
  second.w.copy_(first.w);
  second.v.copy_(first.v);
  const after = makeOptimizer(c, second.w, second.v);
  after.loadStateDict(saved);
  for (let i = 0; i < 2; i++) trainStep(after, second.loss);
  return { w: Array.from(second.w.data), v: Array.from(second.v.data) };
}

function straight(c: OptimizerCase): { w: number[]; v: number[] } {
  const { w, v, loss } = makeProblem(c.dtype);
  const optimizer = makeOptimizer(c, w, v);
  for (let i = 0; i < 5; i++) trainStep(optimizer, loss);
  return { w: Array.from(w.data), v: Array.from(v.data) };
}

const roundTripCases = ['SGD nesterov', 'SGD param groups', 'Adam amsgrad', 'AdamW param groups']
  .flatMap((name) => golden.cases.filter((c) => c.name === name));

for (const c of roundTripCases) {
  test(`${c.name} (${c.dtype}): 3 steps, save, load into a new optimizer, 2 steps = 5 straight`, () => {
    const expected = straight(c);
    assert.deepEqual(resumed(c, (dict) => dict), expected);
    assertClose(expected.w, c.steps[4].w, { atol: c.dtype === 'float64' ? 1e-12 : 1e-6, rtol: 1e-6 });
  });
}

test('a state dict written to JSON (buffers as plain arrays) resumes exactly too', () => {
  for (const c of roundTripCases) assert.deepEqual(resumed(c, toJson), straight(c), `${c.name} ${c.dtype}`);
});

test('the state dict holds copies, the step count and every group hyper-parameter', () => {
  const { w, v, loss } = makeProblem('float64');
  const optimizer = new optim.Adam([{ params: [w] }, { params: [v], lr: 0.1 }], { amsgrad: true });
  trainStep(optimizer, loss);
  const dict = optimizer.stateDict();
  assert.equal(dict.optimizer, 'Adam');
  assert.deepEqual(dict.paramGroups.map((g) => g.params), [[0], [1]]);
  assert.deepEqual(dict.paramGroups[1], { lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: true, maximize: false, params: [1] });
  const state = dict.state[0] as optim.AdamState;
  assert.equal(state.step, 1);
  assert.deepEqual(Object.keys(state).sort(), ['expAvg', 'expAvgSq', 'maxExpAvgSq', 'step']);
  const saved = Array.from(state.expAvg);
  trainStep(optimizer, loss);
  assert.deepEqual(Array.from(state.expAvg), saved, 'training on leaves a saved dict alone');
});

test('loading restores hyper-parameters a scheduler changed, and casts buffers to the parameter dtype', () => {
  const a = array([1, 2], { dtype: 'float64' }).requiresGrad_();
  const source = new optim.SGD([a], { lr: 1, momentum: 0.9 });
  new optim.StepLR(source, { stepSize: 1, gamma: 0.5 }).step();
  a.sum().backward();
  source.step();
  const b = array([1, 2], { dtype: 'float32' }).requiresGrad_();
  const target = new optim.SGD([b], { lr: 1, momentum: 0.9 });
  target.loadStateDict(source.stateDict());
  assert.equal(target.lr, 0.5);
  assert.equal(target.paramGroups[0].initialLr, 1);
  const buffer = (target.stateDict().state[0] as optim.SGDState).momentumBuffer;
  assert.ok(buffer instanceof Float32Array);
  assert.deepEqual(Array.from(buffer), [1, 1]);
});

test('loading refuses a state dict of another optimizer or another parameter layout', () => {
  const { w, v, loss } = makeProblem('float64');
  const adam = new optim.Adam([w, v]);
  trainStep(adam, loss);
  const dict = adam.stateDict();
  assert.throws(() => new optim.AdamW([w, v]).loadStateDict(dict), /AdamW\.loadStateDict: the state dict was saved by Adam, not AdamW/);
  assert.throws(() => new optim.Adam([{ params: [w] }, { params: [v] }]).loadStateDict(dict), /has 1 parameter groups, this optimizer 2/);
  assert.throws(() => new optim.Adam([w]).loadStateDict({ ...dict, paramGroups: [{ ...dict.paramGroups[0], params: [0] }] }), /state for parameter 1, but there are 1 parameters/);
  assert.throws(() => new optim.Adam([v, w]).loadStateDict(dict), (e: unknown) => e instanceof ShapeError && /state 'expAvg' of parameter 0/.test(e.message));
  assert.throws(() => new optim.Adam([w, v]).loadStateDict({ ...dict, paramGroups: [{ ...dict.paramGroups[0], lr: -1 }] }), ArgumentError);
});

test('a hyper-parameter missing from a loaded dict keeps its current value', () => {
  const { w, v } = makeProblem('float64');
  const sgd = new optim.SGD([w, v], { lr: 0.1, momentum: 0.9 });
  const { momentum: _momentum, ...group } = sgd.stateDict().paramGroups[0];
  const target = new optim.SGD([w, v], { lr: 0.2, momentum: 0.5 });
  target.loadStateDict({ optimizer: 'SGD', state: {}, paramGroups: [group as optim.OptimizerStateDict<optim.SGDHyperParams>['paramGroups'][0]] });
  assert.equal(target.paramGroups[0].lr, 0.1);
  assert.equal(target.paramGroups[0].momentum, 0.5);
});
