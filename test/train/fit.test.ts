/** fit and evaluate: what they compute, checked against direct computation on small problems. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, Generator, manualSeed, nn, optim, data, train, noGrad } from '../../src/index.js';

const { fit, evaluate, countCorrect, formatEpoch, ProgressReporter } = train;

function twoBlobs(n: number, seed: number) {
  const g = new Generator(seed);
  const x = new Float32Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    x[2 * i] = (y[i] ? 2 : -2) + g.normal();
    x[2 * i + 1] = g.normal();
  }
  return { x: array(x, { shape: [n, 2] }), y: array(y) };
}

test('countCorrect counts rows whose argmax is the label', () => {
  const out = array([[0.1, 0.9], [2, -1], [0.3, 0.2], [0, 5]]);
  assert.equal(countCorrect(out, array([1, 0, 1, 1], { dtype: 'int32' })), 3);
});

test('evaluate averages the loss over examples (not batches) and measures accuracy', () => {
  manualSeed(3);
  const { x, y } = twoBlobs(50, 1);
  const model = nn.mlp([2, 4, 2]);
  const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 16 });
  const loss = (o: ReturnType<typeof model.call>, t: typeof y) => nn.softmaxCrossEntropy(o, t);
  const result = evaluate(model, loader, { loss });
  const direct = noGrad(() => nn.softmaxCrossEntropy(model.call(x), y).item());
  assert.ok(Math.abs(result.loss - direct) < 1e-6, `${result.loss} vs ${direct}`);
  assert.equal(result.accuracy, noGrad(() => countCorrect(model.call(x), y)) / 50);
  assert.equal(result.samples, 50);
});

test('fit lowers the loss, records every epoch, and reaches high accuracy on separable blobs', async () => {
  manualSeed(0);
  const { x, y } = twoBlobs(200, 2);
  const model = nn.mlp([2, 8, 2]);
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
  const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 20, shuffle: true });
  const batches: number[] = [];
  const history = await fit(model, loader, {
    loss: (o, t) => nn.softmaxCrossEntropy(o, t), optimizer, epochs: 5, testData: loader,
    onBatch: (e) => batches.push(e.batch),
  });
  assert.equal(history.epochs.length, 5);
  assert.deepEqual(history.epochs.map((r) => r.epoch), [1, 2, 3, 4, 5]);
  assert.equal(batches.length, 50);
  assert.ok(history.epochs[4].trainLoss < history.epochs[0].trainLoss / 2);
  assert.ok(history.epochs[4].testAccuracy! > 0.95);
  assert.ok(history.epochs.every((r) => r.samplesPerSecond > 0 && r.seconds > 0));
});

test('fit with the same seed gives the same run', async () => {
  const run = async () => {
    manualSeed(11);
    const { x, y } = twoBlobs(64, 5);
    const model = nn.mlp([2, 5, 2], { dropout: 0.2 });
    const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
    const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 8, shuffle: true });
    const history = await fit(model, loader, { loss: (o, t) => nn.softmaxCrossEntropy(o, t), optimizer, epochs: 3 });
    return [history.epochs.map((r) => r.trainLoss), [...model.parameters()[0].data]];
  };
  assert.deepEqual(await run(), await run());
});

test('progress: one summary line per epoch when not a terminal, a bar redrawn in place on one', () => {
  const record = { epoch: 2, trainLoss: 0.51234, trainAccuracy: 0.8, testAccuracy: 0.79, samplesPerSecond: 12345.6, seconds: 4.93 };
  assert.equal(formatEpoch(record, 10), 'epoch  2/10  loss 0.5123  train acc 0.8000  test acc 0.7900  12,346 samples/s  4.9 s');
  const plain: string[] = [];
  const reporter = new ProgressReporter(10, { write: (t: string) => plain.push(t), isTTY: false });
  reporter.batch({ epoch: 2, batch: 5, batches: 10, loss: 0.5, samples: 100, seconds: 0.1 });
  reporter.epoch(record);
  assert.deepEqual(plain, [formatEpoch(record, 10) + '\n']);
  const tty: string[] = [];
  const bar = new ProgressReporter(10, { write: (t: string) => tty.push(t), isTTY: true });
  bar.batch({ epoch: 2, batch: 5, batches: 10, loss: 0.5, samples: 100, seconds: 0.1 });
  assert.match(tty[0], /^\r\x1b\[2Kepoch 2\/10 █{12}░{12} 5\/10  loss 0\.5000  1,000 samples\/s$/);
});

test('predictLabels: argmax of the output in eval mode, without recording', () => {
  manualSeed(4);
  const model = nn.mlp([2, 3, 4], { dropout: 0.5 });
  const x = array([[1, -2], [0.5, 3]]);
  const labels = train.predictLabels(model, x);
  assert.equal(model.training, false);
  assert.equal(labels.dtype, 'int32');
  const expected = noGrad(() => model.call(x)).argmax(-1); // eval mode: dropout is the identity
  assert.deepEqual(labels.toArray(), expected.toArray());
  assert.equal(labels.requiresGrad, false);
});

test('fit without test data: a last step that makes the weights non-finite stops training before the epoch is recorded or saved', async () => {
  manualSeed(0);
  // One batch an epoch, so every step is an epoch's last; its loss (1e20) is finite, its update (lr 1e30 · 2e10) is not.
  const loader = new data.DataLoader(new data.TensorDataset(array([[1]]), array([[1e10]])), { batchSize: 1 });
  const model = new nn.Linear(1, 1);
  const saved: number[] = [];
  await assert.rejects(
    train.fit(model, loader, {
      loss: (o, t) => nn.mseLoss(o, t),
      optimizer: new optim.SGD(model.parameters(), { lr: 1e30 }),
      epochs: 3,
      task: 'regression',
      onEpochEnd: (record) => void saved.push(record.epoch),
    }),
    (e: Error) =>
      e instanceof train.TrainingDivergedError && e.epoch === 1 && e.which === 'weights' && /the weights are not finite after its update/.test(e.message) &&
      Math.abs(e.lastFinite!.loss / 1e20 - 1) < 1e-6,
  );
  assert.deepEqual(saved, [], 'no epoch with non-finite weights reached onEpochEnd (where checkpoints are saved)');
});
