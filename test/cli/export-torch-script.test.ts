/** perceptron export --format torch-script as a user types it: what it writes, and the command lines it refuses (exit 2) and why. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveCheckpoint } from '../../src/train/checkpoint.js';
import { buildModel, DEFAULT_RECIPE, type Recipe } from '../../src/train/recipe.js';
import { runCli } from './run-cli.js';

const TIMEOUT = { timeout: 120_000 };

/** A checkpoint of `epochs` epochs of `recipe` (untrained weights: only the file's contents matter here). */
async function checkpointOf(dir: string, recipe: Recipe, epochs: number, inputs = 784, outputs = 10): Promise<string> {
  const path = join(dir, `${recipe.dataset}-${epochs}.safetensors`);
  const model = buildModel(recipe, inputs, outputs);
  await saveCheckpoint(path, { weights: new Map(model.namedParameters()), config: { recipe, task: 'classification', inputs, outputs }, epoch: epochs });
  return path;
}

const recipeOf = (script: string) => JSON.parse(/^RECIPE = json\.loads\(r"""([\s\S]*?)"""\)$/m.exec(script)![1]) as Recipe;

test('export --format torch-script writes an executable script of the recipe the flags describe', TIMEOUT, () => {
  const dir = mkdtempSync(join(tmpdir(), 'export-script-'));
  const out = join(dir, 'train.py');
  const run = runCli(['export', '--format', 'torch-script', '--out', out, '--hidden', '32', '--optimizer', 'momentum', '--lr', '0.01', '--seed', '3']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^Wrote .*train\.py: 20 epochs of the recipe, from the recipe's init\./);
  assert.match(run.stdout, /python3 .*train\.py --nproc 2/);
  const script = readFileSync(out, 'utf8');
  assert.ok(script.startsWith('#!/usr/bin/env python3\n'));
  assert.ok((statSync(out).mode & 0o111) !== 0, 'the script is executable');
  assert.deepEqual(recipeOf(script), { ...DEFAULT_RECIPE, hidden: [32], optimizer: 'momentum', lr: 0.01, seed: 3, download: true });
  assert.match(script, /^INITIAL_CHECKPOINT = None$/m);
});

test('export --format torch-script refuses a recipe it cannot write, with the reason and exit 2', TIMEOUT, () => {
  const dir = mkdtempSync(join(tmpdir(), 'export-script-misuse-'));
  const out = join(dir, 'train.py');
  const cases: [string[], RegExp][] = [
    [['export', '--format', 'torch-script'], /--out/],
    [['export', '--out', out], /--format/],
    [['export', '--format', 'torch-script', '--out', out, '--dataset', 'circle'], /loads fashion-mnist and mnist from their IDX files; 'circle'/],
    [['export', '--format', 'torch-script', '--out', out, '--dropout', '2'], /dropout/i],
    [['export', '--format', 'torch-script', '--out', out, '--optimizer', 'rmsprop'], /rmsprop/],
  ];
  for (const [args, reason] of cases) {
    const run = runCli(args);
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, reason, args.join(' '));
  }
});

test('export of a checkpoint embeds it and trains to --epochs in all; recipe flags and too few epochs are refused', TIMEOUT, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'export-script-checkpoint-'));
  const recipe: Recipe = { ...DEFAULT_RECIPE, hidden: [16], epochs: 2 };
  const checkpoint = await checkpointOf(dir, recipe, 2);
  const out = join(dir, 'more.py');
  const refused: [string[], RegExp][] = [
    [[], /has all 2 epochs of its recipe; pass --epochs/],
    [['--epochs', '2'], /--epochs 2: .* already has 2 epochs/],
    [['--lr', '0.1'], /--lr: a checkpoint carries its recipe; of the recipe flags only --epochs/],
  ];
  for (const [flags, reason] of refused) {
    const run = runCli(['export', checkpoint, '--format', 'torch-script', '--out', out, ...flags]);
    assert.equal(run.status, 2, `${flags.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, reason);
  }
  const run = runCli(['export', checkpoint, '--format', 'torch-script', '--out', out, '--epochs', '5']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /5 epochs of the recipe, from .* \(2 epochs: weights and optimizer state\)/);
  const script = readFileSync(out, 'utf8');
  assert.deepEqual(recipeOf(script), { ...recipe, epochs: 5 });
  assert.match(script, /^INITIAL_CHECKPOINT = """\n[A-Za-z0-9+/=]{100}\n/m);

  // A run on data the script cannot load: the checkpoint is fine, the export is not possible (exit 1).
  const circle = await checkpointOf(dir, { ...DEFAULT_RECIPE, dataset: 'circle', hidden: [4] }, 1, 2, 2);
  const unsupported = runCli(['export', circle, '--format', 'torch-script', '--out', out, '--epochs', '3']);
  assert.equal(unsupported.status, 1, unsupported.stderr);
  assert.match(unsupported.stderr, /'circle' \(drawn or read by perceptron itself\) is not supported/);
});
