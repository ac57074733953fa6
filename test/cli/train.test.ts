/** perceptron train / eval / predict, as a user runs them: the --json line, checkpoints, resume, misuse. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { optim } from '../../src/index.js';
import { runCli } from './run-cli.js';

const jsonLine = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

test('train --json ends with a machine-readable line; eval and predict use the checkpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'train-'));
  const checkpoint = join(dir, 'circle.safetensors');
  const run = runCli(['train', '--dataset', 'circle', '--hidden', '8,8', '--lr', '0.03', '--epochs', '15', '--out', checkpoint, '--json', '--quiet']);
  assert.equal(run.status, 0, run.stderr);
  const summary = jsonLine(run.stdout);
  for (const key of ['testAccuracy', 'trainLoss', 'epochs', 'samplesPerSecond', 'seconds']) assert.ok(key in summary, key);
  assert.equal(summary.epochs, 15);
  assert.ok(summary.testAccuracy > 0.95, run.stdout);
  assert.ok(summary.samplesPerSecond > 0 && summary.seconds > 0);

  const evaluation = runCli(['eval', checkpoint, '--json']);
  assert.equal(evaluation.status, 0, evaluation.stderr);
  const evaluated = jsonLine(evaluation.stdout);
  assert.equal(evaluated.testAccuracy, summary.testAccuracy);
  assert.ok(Math.abs(evaluated.testLoss - summary.testLoss) < 1e-9);

  const prediction = runCli(['predict', checkpoint, '--count', '3']);
  assert.equal(prediction.status, 0, prediction.stderr);
  assert.equal(prediction.stdout.trim().split('\n').filter((l) => /^\d: true \d  predicted \d/.test(l)).length, 3);

  const resumed = runCli(['train', '--resume', checkpoint, '--epochs', '18', '--out', checkpoint, '--json', '--quiet']);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal(jsonLine(resumed.stdout).epochs, 18);
  assert.equal(jsonLine(runCli(['eval', checkpoint, '--json']).stdout).epochs, 18);
});

test('train prints progress per epoch and the result in words, and draws the curves', () => {
  const dir = mkdtempSync(join(tmpdir(), 'train-words-'));
  const curves = join(dir, 'curves.svg');
  const run = runCli(['train', '--dataset', 'plane', '--hidden', '8', '--lr', '0.01', '--epochs', '3', '--curves', curves]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr.split('\n').filter((l) => /^epoch [1-3]\/3  loss /.test(l)).length, 3);
  assert.match(run.stdout, /Trained in [\d.]+ s: test R² [\d.]+, train loss/);
  assert.ok(existsSync(curves));
});

test('--autocast bf16 trains with bf16 products, says so, and lands where float32 does', () => {
  const args = ['train', '--dataset', 'circle', '--hidden', '16', '--lr', '0.05', '--epochs', '20', '--seed', '3'];
  const full = runCli([...args, '--json', '--quiet']);
  const reduced = runCli([...args, '--autocast', 'bf16', '--json', '--quiet']);
  const words = runCli([...args, '--autocast', 'bfloat16', '--epochs', '1']);
  assert.equal(full.status, 0, full.stderr);
  assert.equal(reduced.status, 0, reduced.stderr);
  assert.match(words.stdout + words.stderr, /bfloat16 products \(autocast\)/);
  const [f, r] = [jsonLine(full.stdout), jsonLine(reduced.stdout)];
  // Not the same run (the products round differently), yet as good: both above 0.9, within 0.05.
  assert.notEqual(r.trainLoss, f.trainLoss, 'the products changed');
  assert.ok(f.testAccuracy >= 0.9 && r.testAccuracy >= 0.9 && Math.abs(r.testAccuracy - f.testAccuracy) <= 0.05, `${f.testAccuracy} vs ${r.testAccuracy}`);
});

test('CSV data: a file of your own, label column by name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'train-csv-'));
  const file = join(dir, 'points.csv');
  const rows = ['x1,x2,side'];
  for (let i = 0; i < 200; i++) {
    const [a, b] = [Math.sin(i * 12.9898) * 3, Math.cos(i * 78.233) * 3];
    rows.push(`${a.toFixed(3)},${b.toFixed(3)},${a + b > 0 ? 'right' : 'left'}`);
  }
  writeFileSync(file, rows.join('\n'));
  const run = runCli(['train', '--dataset', file, '--label-column', 'side', '--hidden', '8', '--lr', '0.03', '--epochs', '30', '--json', '--quiet']);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(jsonLine(run.stdout).testAccuracy >= 0.9, run.stdout);
});

const misuse: [string, string[], RegExp][] = [
  ['zero epochs', ['train', '--epochs', '0'], /--epochs expects a positive integer, got '0'/],
  ['an unknown optimizer', ['train', '--optimizer', 'rmsprop'], new RegExp(`argument 'rmsprop' is invalid.*${optim.optimizerNames.join(', ')}`)],
  ['an unknown dataset', ['train', '--dataset', 'cifar'], /--dataset: 'cifar' is neither fashion-mnist, mnist/],
  ['a bad hidden list', ['train', '--hidden', '64,x'], /--hidden expects a number, got 'x'/],
  ['a missing checkpoint argument', ['eval'], /missing required argument 'checkpoint'/],
  // Values training would refuse are caught before any data is read.
  ['a dropout of 2', ['train', '--dropout', '2'], /Dropout: p must be in \[0, 1\), got 2/],
  ['a negative learning rate', ['train', '--lr', '-0.1'], /lr must be a finite number ≥ 0/],
  ['an unknown autocast dtype', ['train', '--autocast', 'fp8'], /argument 'fp8' is invalid.*bfloat16, bf16/],
];
for (const [what, args, message] of misuse) {
  test(`train misuse (${what}) exits 2 with the reason`, () => {
    const run = runCli(args);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, message);
  });
}

test('a missing or corrupt checkpoint is an error naming the file (exit 1)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bad-ckpt-'));
  const missing = runCli(['eval', join(dir, 'nope.safetensors')]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /nope\.safetensors: cannot read the file \(ENOENT\)/);
  const corrupt = join(dir, 'corrupt.safetensors');
  writeFileSync(corrupt, Buffer.from([200, 0, 0, 0, 0, 0, 0, 0, 123]));
  const bad = runCli(['eval', corrupt]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /corrupt\.safetensors: not a valid safetensors file: the header claims 200 bytes/);
});

const FASHION = '/usr/share/datasets/fashion-mnist';
test('one epoch on Fashion-MNIST through the CLI (the short end-to-end check)', { timeout: 600_000 }, () => {
  const run = runCli(['train', '--epochs', '1', '--json', '--quiet'], { timeoutMs: 600_000 });
  if (!existsSync(FASHION)) {
    // Without the Debian package (and no network) the CLI must say where it looked and how to get the data.
    assert.equal(run.status, 1);
    assert.match(run.stderr, /apt-get install dataset-fashion-mnist/);
    return;
  }
  assert.equal(run.status, 0, run.stderr);
  const summary = jsonLine(run.stdout);
  assert.equal(summary.dataset, 'fashion-mnist');
  assert.ok(summary.testAccuracy > 0.8, run.stdout);
});
