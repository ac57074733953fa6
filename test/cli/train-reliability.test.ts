/** perceptron train when things go wrong: divergence, --out that would destroy a file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { train } from '../../src/index.js';
import { runCli } from './run-cli.js';

test('a run whose loss turns non-finite stops with the epoch, the step, the last finite loss and a hint, exits 1, and keeps the last good checkpoint', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'diverge-'));
  const out = join(dir, 'ck.safetensors');
  const run = runCli(['train', '--dataset', 'circle', '--hidden', '8', '--optimizer', 'sgd', '--lr', '300', '--epochs', '6', '--out', out, '--json']);
  assert.equal(run.status, 1, run.stderr);
  const match = /perceptron: training diverged at epoch (\d+), step (\d+) of \d+: the (?:test )?loss is (NaN|Infinity|-Infinity); the last finite loss was (\S+) \(epoch \d+, step \d+\)\. Try a smaller learning rate \(--lr\)/.exec(run.stderr);
  assert.ok(match, run.stderr);
  const epoch = Number(match[1]);
  assert.ok(Number.isFinite(Number(match[4])));
  assert.doesNotMatch(run.stdout, /"trainLoss"/, 'no --json summary of a failed run');
  if (epoch === 1) {
    assert.equal(existsSync(out), false, 'nothing was saved before the first epoch ended');
  } else {
    const checkpoint = await train.loadCheckpoint(out);
    assert.equal(checkpoint.epoch, epoch - 1, 'the checkpoint of the last epoch that ended finite');
    for (const [name, weight] of checkpoint.weights) assert.ok(Array.from(weight.data).every(Number.isFinite), name);
    assert.ok(checkpoint.history!.epochs.every((r) => Number.isFinite(r.trainLoss) && Number.isFinite(r.testLoss!)));
  }
});
