/** runRecipe: regression targets met, seeded reproducibility, and resume continuing the same run. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError, train } from '../../src/index.js';

const { runRecipe, loadCheckpoint, DEFAULT_RECIPE } = train;

test('an MLP with squared loss fits the plane (R² ≥ 0.99) and multi-gaussian (R² ≥ 0.95) sets', async () => {
  // Batches of 128: the step count these epochs were chosen for (the default recipe's batch is 256).
  const plane = await runRecipe({ ...DEFAULT_RECIPE, dataset: 'plane', hidden: [8], dropout: 0, lr: 0.01, batchSize: 128, epochs: 30 });
  assert.equal(plane.data.task, 'regression');
  assert.ok(plane.testR2! >= 0.99, `plane R² ${plane.testR2}`);
  const gaussian = await runRecipe({ ...DEFAULT_RECIPE, dataset: 'multi-gaussian', hidden: [32, 32], dropout: 0, lr: 0.01, batchSize: 128, epochs: 100 });
  assert.ok(gaussian.testR2! >= 0.95, `multi-gaussian R² ${gaussian.testR2}`);
});

test('classification on the spiral: a deeper MLP learns what a linear model cannot', async () => {
  const linear = await runRecipe({ ...DEFAULT_RECIPE, dataset: 'spiral', samples: 1000, hidden: [], lr: 0.03, epochs: 30 });
  const deep = await runRecipe({ ...DEFAULT_RECIPE, dataset: 'spiral', samples: 1000, hidden: [32, 32], dropout: 0, lr: 0.01, epochs: 200 });
  assert.ok(linear.testAccuracy! < 0.75, `linear ${linear.testAccuracy}`);
  assert.ok(deep.testAccuracy! > 0.9, `deep ${deep.testAccuracy}`);
});

test('resuming from a checkpoint continues exactly the run that was interrupted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'resume-'));
  const recipe = { ...DEFAULT_RECIPE, dataset: 'gauss', hidden: [6], dropout: 0.1, optimizer: 'momentum' as const, lr: 0.05, schedule: 'step' as const, batchSize: 32, epochs: 6 };
  const straight = await runRecipe(recipe);
  const path = join(dir, 'run.safetensors');
  // The same run, crashing right after epoch 3 was saved.
  const crash = (record: { epoch: number }) => {
    if (record.epoch === 3) throw new Error('simulated crash');
  };
  await assert.rejects(runRecipe(recipe, { checkpointPath: path, onEpochEnd: crash }), /simulated crash/);
  const checkpoint = await loadCheckpoint(path);
  assert.equal(checkpoint.epoch, 3);
  const resumed = await runRecipe({ ...recipe, epochs: 6 }, { resume: checkpoint, checkpointPath: path });
  assert.deepEqual(resumed.history.epochs.map((r) => r.trainLoss), straight.history.epochs.map((r) => r.trainLoss));
  for (const [[name, a], [, b]] of resumed.model.namedParameters().map((p, i) => [p, straight.model.namedParameters()[i]])) {
    assert.deepEqual([...a.data], [...b.data], name);
  }
  assert.equal((await loadCheckpoint(path)).epoch, 6);
});

test('buildModel refuses a network over MAX_WEIGHTS counted with its real input width, before allocating anything', () => {
  // 784 inputs × 400,000 units is 313.6M weights (1.25 GB of float32): over the bound, although
  // the same widths with one input (what the CLI can check before the data loads) are 0.8M.
  assert.throws(
    () => train.buildModel({ ...train.DEFAULT_RECIPE, hidden: [400_000] }, 784, 10),
    (e: Error) => e instanceof ArgumentError && /784-400000-10/.test(e.message) && /318000010 weights/.test(e.message) && new RegExp(String(train.MAX_WEIGHTS)).test(e.message),
  );
  const model = train.buildModel({ ...train.DEFAULT_RECIPE, hidden: [64] }, 784, 10);
  assert.equal([...model.parameters()].reduce((n, p) => n + p.size, 0), 785 * 64 + 65 * 10);
});
