/** perceptron train when things go wrong: divergence, --out that would destroy a file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
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

/** A small CSV of two classes. */
function pointsCsv(dir: string): string {
  const file = join(dir, 'v.csv');
  const rows = ['x1,x2,side'];
  for (let i = 0; i < 60; i++) rows.push(`${Math.sin(i * 12.9898).toFixed(3)},${Math.cos(i * 78.233).toFixed(3)},${i % 2 ? 'a' : 'b'}`);
  writeFileSync(file, rows.join('\n'));
  return file;
}

test('--out refuses the training data itself and any existing file that is not a checkpoint (unless --force), before training', () => {
  const dir = mkdtempSync(join(tmpdir(), 'out-'));
  const csv = pointsCsv(dir);
  const original = readFileSync(csv, 'utf8');
  const small = ['--hidden', '4', '--epochs', '1', '--quiet'];
  const intoData = runCli(['train', '--dataset', csv, ...small, '--out', csv]);
  assert.equal(intoData.status, 2, intoData.stderr);
  assert.match(intoData.stderr, /--out .*v\.csv is the training data \(--dataset\)/);
  assert.equal(readFileSync(csv, 'utf8'), original, 'the data is untouched');
  // The same file by another name is the same file.
  const sameByAnotherName = runCli(['train', '--dataset', csv, ...small, '--out', join(dir, '.', 'v.csv')], { cwd: dir });
  assert.equal(sameByAnotherName.status, 2);

  const notes = join(dir, 'notes.txt');
  writeFileSync(notes, 'my notes');
  const overNotes = runCli(['train', '--dataset', 'circle', ...small, '--out', notes]);
  assert.equal(overNotes.status, 2, overNotes.stderr);
  assert.match(overNotes.stderr, /--out .*notes\.txt exists and is not a perceptron checkpoint; .*--force/);
  assert.equal(readFileSync(notes, 'utf8'), 'my notes');
  const forced = runCli(['train', '--dataset', 'circle', ...small, '--out', notes, '--force']);
  assert.equal(forced.status, 0, forced.stderr);

  const checkpoint = join(dir, 'ck.safetensors');
  assert.equal(runCli(['train', '--dataset', 'circle', ...small, '--out', checkpoint]).status, 0);
  assert.equal(runCli(['train', '--dataset', 'circle', ...small, '--out', checkpoint]).status, 0, 'a checkpoint is replaced without --force');
});

test('--out and --curves that cannot be written are refused before training, naming the flag and the path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unwritable-'));
  const small = ['train', '--dataset', 'circle', '--hidden', '4', '--epochs', '1', '--quiet'];
  const asFolder = runCli([...small, '--out', dir]);
  assert.equal(asFolder.status, 2);
  assert.match(asFolder.stderr, /--out .* is a folder/);
  const file = join(dir, 'file');
  writeFileSync(file, 'x');
  const underFile = runCli([...small, '--curves', join(file, 'curves.svg')]);
  assert.equal(underFile.status, 2, underFile.stderr);
  assert.match(underFile.stderr, /--curves .*file\/curves\.svg cannot be written: .*file is not a folder/);
  assert.doesNotMatch(underFile.stderr, /epoch 1\/1|\.tmp/);
});

const outOfRange: [string[], RegExp][] = [
  [['--noise', '-1'], /--noise expects a number from 0 to 0\.5, got '-1'/],
  [['--noise', '1e15'], /--noise expects a number from 0 to 0\.5, got '1e15'/],
  [['--test-fraction', '-1'], /--test-fraction expects a number between 0 and 1 \(exclusive\), got '-1'/],
  [['--test-fraction', '1'], /--test-fraction expects a number between 0 and 1/],
  [['--samples', '1e15'], /--samples expects a positive integer up to 10000000, got '1e15'/],
  [['--seed', '-1'], /--seed expects an integer from 0 to 4294967295, got '-1'/],
  [['--seed', '0.5'], /--seed expects an integer from 0 to 4294967295, got '0.5'/],
  [['--seed', '4294967297'], /--seed expects an integer from 0 to 4294967295, got '4294967297'/],
  [['--hidden', '1000000000'], /--hidden: a network of these widths has over 268435456 weights \(at least 3000000001 with one input and one output\)/],
  [['--hidden', '100000,100000'], /--hidden: a network of these widths has over 268435456 weights/],
];
for (const [flags, message] of outOfRange) {
  test(`train ${flags.join(' ')}: out of range, refused at once with exit 2`, () => {
    const run = runCli(['train', '--dataset', 'circle', '--epochs', '1', ...flags], { timeoutMs: 20_000 });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, message);
    assert.doesNotMatch(run.stderr, /epoch 1\/1/);
  });
}

test('--label-column -1 is the last column (negative indices count from the end), not a column named "-1"', () => {
  const dir = mkdtempSync(join(tmpdir(), 'label-'));
  const csv = pointsCsv(dir);
  const last = runCli(['train', '--dataset', csv, '--label-column', '-1', '--hidden', '4', '--epochs', '1', '--json', '--quiet']);
  assert.equal(last.status, 0, last.stderr);
  assert.equal(JSON.parse(last.stdout.trim().split('\n').at(-1)!).task, 'classification');
  const beyond = runCli(['train', '--dataset', csv, '--label-column', '-4', '--hidden', '4', '--epochs', '1', '--quiet']);
  assert.match(beyond.stderr, /labelColumn -4 is out of range: the table has 3 columns/);
});

test('--resume without --out saves back to the resumed checkpoint (atomically); with --out, there', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'resume-'));
  const ck = join(dir, 'ck.safetensors');
  const base = ['--dataset', 'circle', '--hidden', '8', '--lr', '0.03', '--quiet'];
  assert.equal(runCli(['train', ...base, '--epochs', '2', '--out', ck]).status, 0);
  const resumed = runCli(['train', '--resume', ck, '--epochs', '3']);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`Checkpoint: ${ck.replace(/[.]/g, '\\.')}`));
  assert.equal((await train.loadCheckpoint(ck)).epoch, 3);
  const elsewhere = join(dir, 'more.safetensors');
  assert.equal(runCli(['train', '--resume', ck, '--epochs', '4', '--out', elsewhere, '--quiet']).status, 0);
  assert.equal((await train.loadCheckpoint(elsewhere)).epoch, 4);
  assert.equal((await train.loadCheckpoint(ck)).epoch, 3, 'the resumed file is left as it was');
});

test('--resume with options that differ from the checkpoint\'s recipe is refused, naming both values; the same values are fine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'resume-conflict-'));
  const ck = join(dir, 'ck.safetensors');
  assert.equal(runCli(['train', '--dataset', 'circle', '--hidden', '8', '--lr', '0.03', '--epochs', '1', '--out', ck, '--quiet']).status, 0);
  const conflicts: [string[], RegExp][] = [
    [['--lr', '0.5'], /--lr 0\.5 differs from the checkpoint's recipe \(lr 0\.03\)/],
    [['--dataset', 'plane'], /--dataset plane differs from the checkpoint's recipe \(dataset circle\)/],
    [['--hidden', '16'], /--hidden 16 differs from the checkpoint's recipe \(hidden 8\)/],
    [['--optimizer', 'sgd'], /--optimizer sgd differs from the checkpoint's recipe \(optimizer adam\)/],
  ];
  for (const [flags, message] of conflicts) {
    const run = runCli(['train', '--resume', ck, '--epochs', '2', ...flags, '--quiet']);
    assert.equal(run.status, 2, `${flags.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message);
  }
  const same = runCli(['train', '--resume', ck, '--epochs', '2', '--lr', '0.03', '--dataset', 'circle', '--hidden', '8', '--quiet']);
  assert.equal(same.status, 0, same.stderr);
});

test('a CSV run stores the file resolved and its SHA-256: eval works from another folder and refuses a changed file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'csv-hash-'));
  pointsCsv(dir);
  const ck = join(dir, 'ck.safetensors');
  const trained = runCli(['train', '--dataset', 'v.csv', '--hidden', '4', '--epochs', '1', '--out', ck, '--quiet'], { cwd: dir });
  assert.equal(trained.status, 0, trained.stderr);
  const recipe = (await train.loadCheckpoint(ck)).config.recipe as { dataset: string; datasetSha256?: string };
  assert.equal(recipe.dataset, join(dir, 'v.csv'));
  assert.equal(recipe.datasetSha256, createHash('sha256').update(readFileSync(join(dir, 'v.csv'))).digest('hex'));
  const elsewhere = runCli(['eval', ck, '--json'], { cwd: tmpdir() });
  assert.equal(elsewhere.status, 0, elsewhere.stderr);
  writeFileSync(join(dir, 'v.csv'), `${readFileSync(join(dir, 'v.csv'), 'utf8')}\n0.5,0.5,a`);
  for (const args of [['eval', ck], ['predict', ck], ['train', '--resume', ck, '--epochs', '2']]) {
    const changed = runCli(args);
    assert.equal(changed.status, 1, `${args[0]}: ${changed.stderr}`);
    assert.match(changed.stderr, /v\.csv has changed since the checkpoint was trained on it \(SHA-256 [0-9a-f]{12}…, was [0-9a-f]{12}…\)/);
  }
});

test('extending a cosine run re-plans the schedule over the new total from the resumed epoch on, and says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'extend-'));
  const [short, fresh] = [join(dir, 'short.safetensors'), join(dir, 'fresh.safetensors')];
  const recipe = ['--dataset', 'circle', '--hidden', '4', '--schedule', 'cosine', '--lr', '0.1'];
  assert.equal(runCli(['train', ...recipe, '--epochs', '2', '--out', short, '--quiet']).status, 0);
  const extended = runCli(['train', '--resume', short, '--epochs', '4']);
  assert.equal(extended.status, 0, extended.stderr);
  assert.match(extended.stdout, /the cosine schedule was planned for 2 epochs; epochs 3–4 follow the curve planned for 4 \(epochs 1–2 keep their rates\), so this run differs from a fresh 4-epoch one/);
  assert.equal(runCli(['train', ...recipe, '--epochs', '4', '--out', fresh, '--quiet']).status, 0);
  const lrs = async (path: string) => (await train.loadCheckpoint(path)).history!.epochs.map((r) => r.lr!);
  const [resumedLrs, freshLrs] = [await lrs(short), await lrs(fresh)];
  // The rate set after each epoch: 2-epoch cosine for epochs 1–2, then the 4-epoch curve: 0.1·(1 + cos(πt/4))/2.
  const cosine = (t: number, total: number) => (0.1 * (1 + Math.cos((Math.PI * t) / total))) / 2;
  assert.deepEqual(resumedLrs.map((lr) => lr.toFixed(6)), [cosine(1, 2), cosine(2, 2), cosine(3, 4), cosine(4, 4)].map((lr) => lr.toFixed(6)));
  assert.deepEqual(resumedLrs.slice(2), freshLrs.slice(2));
});
