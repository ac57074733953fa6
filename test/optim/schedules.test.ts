/** Learning-rate schedules against PyTorch's lr sequences (test/golden/optim.json), and their rules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, array, optim } from '../../src/index.js';
import { assertClose } from '../helpers.js';
import { golden } from './golden.js';

/** SGD over two groups with the golden learning rates, as scripts/reference/optim.py builds it. */
function twoGroups(): optim.SGD {
  const [lr0, lr1] = golden.scheduleLrs;
  return new optim.SGD([{ params: [array([0, 0]).requiresGrad_()], lr: lr0 }, { params: [array([0, 0]).requiresGrad_()], lr: lr1 }], { lr: 1 });
}

type Options = Record<string, number>;
const schedulers: Record<string, (o: optim.Optimizer, options: Record<string, number | Options>) => optim.LRScheduler> = {
  StepLR: (o, options) => new optim.StepLR(o, options as unknown as optim.StepLROptions),
  'StepLR default gamma': (o, options) => new optim.StepLR(o, options as unknown as optim.StepLROptions),
  CosineAnnealingLR: (o, options) => new optim.CosineAnnealingLR(o, options as unknown as optim.CosineAnnealingLROptions),
  'CosineAnnealingLR default etaMin': (o, options) => new optim.CosineAnnealingLR(o, options as unknown as optim.CosineAnnealingLROptions),
  LinearLR: (o, options) => new optim.LinearLR(o, options),
  'LinearLR decay': (o, options) => new optim.LinearLR(o, options),
  warmup: (o, options) => optim.warmup(o, options as unknown as optim.WarmupOptions),
  'warmup then CosineAnnealingLR': (o, { then, ...options }) =>
    optim.warmup(o, options as unknown as optim.WarmupOptions, new optim.CosineAnnealingLR(o, then as unknown as optim.CosineAnnealingLROptions)),
  'warmup then StepLR': (o, { then, ...options }) =>
    optim.warmup(o, options as unknown as optim.WarmupOptions, new optim.StepLR(o, then as unknown as optim.StepLROptions)),
};

for (const c of golden.schedules) {
  test(`${c.name} gives PyTorch's learning rates over ${c.lrs.length - 1} steps, in every group`, () => {
    const optimizer = twoGroups();
    const scheduler = schedulers[c.name](optimizer, c.options);
    c.lrs.forEach((expected, epoch) => {
      if (epoch > 0) {
        optimizer.step();
        scheduler.step();
      }
      assertClose(scheduler.getLastLr(), expected, { atol: 1e-15, rtol: 1e-13, label: `epoch ${epoch}` });
      assert.deepEqual(optimizer.paramGroups.map((g) => g.lr), scheduler.getLastLr(), 'the optimizer runs with the scheduled lr');
    });
  });
}

test('every golden schedule has a scheduler and vice versa', () => {
  assert.deepEqual(Object.keys(schedulers).sort(), golden.schedules.map((c) => c.name).sort());
});

test('a scheduler sets the lr from each group initial lr, which a second scheduler reuses', () => {
  const optimizer = twoGroups();
  new optim.StepLR(optimizer, { stepSize: 1, gamma: 0.5 }).step();
  assert.deepEqual(optimizer.paramGroups.map((g) => g.lr), [0.05, 0.25]);
  const cosine = new optim.CosineAnnealingLR(optimizer, { tMax: 4 });
  assert.deepEqual(cosine.baseLrs, golden.scheduleLrs);
  assert.deepEqual(optimizer.paramGroups.map((g) => g.initialLr), golden.scheduleLrs);
  assert.equal(optimizer.lr, 0.1, 'optimizer.lr reads the first group');
});

test('LRScheduler takes any closed form, e.g. exponential decay (LambdaLR)', () => {
  const optimizer = twoGroups();
  const scheduler = new optim.LRScheduler(optimizer, (epoch, base) => base * 0.9 ** epoch);
  scheduler.step();
  scheduler.step();
  assertClose(scheduler.getLastLr(), [0.1 * 0.81, 0.5 * 0.81], { atol: 0, rtol: 1e-15 });
  assert.equal(scheduler.lastEpoch, 2);
});

test('a scheduler restored from stateDict() continues the schedule where it stopped', () => {
  const straight = twoGroups();
  const reference = optim.warmup(straight, { warmupSteps: 3, startFactor: 0.1 }, new optim.CosineAnnealingLR(straight, { tMax: 5 }));
  const first = twoGroups();
  const interrupted = optim.warmup(first, { warmupSteps: 3, startFactor: 0.1 }, new optim.CosineAnnealingLR(first, { tMax: 5 }));
  for (let i = 0; i < 4; i++) {
    reference.step();
    interrupted.step();
  }
  const saved = JSON.parse(JSON.stringify(interrupted.stateDict()));
  const resumed = twoGroups();
  const scheduler = optim.warmup(resumed, { warmupSteps: 3, startFactor: 0.1 }, new optim.CosineAnnealingLR(resumed, { tMax: 5 }));
  scheduler.loadStateDict(saved);
  assert.deepEqual(scheduler.getLastLr(), reference.getLastLr());
  for (let i = 0; i < 4; i++) {
    reference.step();
    scheduler.step();
    assert.deepEqual(resumed.paramGroups.map((g) => g.lr), straight.paramGroups.map((g) => g.lr));
  }
});

test('schedules refuse options PyTorch refuses, naming the scheduler and the value', () => {
  const optimizer = twoGroups();
  assert.throws(() => new optim.StepLR(optimizer, { stepSize: 0 }), /StepLR: stepSize must be a positive integer, got 0/);
  assert.throws(() => new optim.StepLR(optimizer, { stepSize: 2, gamma: -1 }), ArgumentError);
  assert.throws(() => new optim.CosineAnnealingLR(optimizer, { tMax: 0 }), /CosineAnnealingLR: tMax/);
  assert.throws(() => new optim.LinearLR(optimizer, { startFactor: 1.5 }), /LinearLR: startFactor must be in \[0, 1\], got 1.5/);
  assert.throws(() => new optim.LinearLR(optimizer, { totalIters: 0 }), ArgumentError);
  assert.throws(() => optim.warmup(optimizer, { warmupSteps: -2 }), /totalIters must be a positive integer/);
  const ramp = new optim.LinearLR(optimizer);
  assert.throws(() => new optim.SequentialLR(optimizer, [ramp, new optim.StepLR(optimizer, { stepSize: 1 })], []), /one milestone fewer/);
  assert.throws(() => new optim.SequentialLR(optimizer, [ramp, ramp, ramp], [3, 2]), /increasing/);
  assert.throws(() => new optim.SequentialLR(twoGroups(), [ramp], []), /belong to the optimizer/);
});
