/**
 * `export --format torch` and `eval`/`predict` of weights-only files, without PyTorch (the round
 * trips with PyTorch are in test/integration/torch-roundtrip.test.ts): what is written, what is
 * printed, and each refusal naming the file and saying how to fix it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Generator, nn } from '../../src/index.js';
import { decodeSafetensors, encodeSafetensors } from '../../src/io/safetensors.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'export-torch-'));
const run = (...args: string[]) => runCli(args, { cwd: dir, timeoutMs: 120_000 });
/** A checkpoint of a 2-3-2 tanh MLP trained 3 epochs on xor, shared by the tests. */
const trained = run('train', '--dataset', 'xor', '--hidden', '3', '--activation', 'tanh', '--dropout', '0', '--epochs', '3', '--out', 'xor.safetensors', '--quiet');

test('export --format torch writes the weights out × in with the layout and the recipe stated, and prints the PyTorch that loads them', () => {
  assert.equal(trained.status, 0, trained.stderr);
  const result = run('export', 'xor.safetensors', '--format', 'torch', '--out', 'xor-torch.safetensors');
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(result.stdout.trim().split('\n'), [
    '# xor-torch.safetensors: the 2-3-2 MLP (tanh) of xor.safetensors, weights only, out × in; in PyTorch:',
    'import torch; from safetensors.torch import load_file',
    'model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 2))',
    "model.load_state_dict(load_file('xor-torch.safetensors'))",
  ]);
  const file = decodeSafetensors(new Uint8Array(readFileSync(join(dir, 'xor-torch.safetensors'))));
  const checkpoint = decodeSafetensors(new Uint8Array(readFileSync(join(dir, 'xor.safetensors'))));
  assert.deepEqual([file.metadata.format, file.metadata.layout, file.metadata.kind], ['pt', 'torch', 'weights']);
  assert.equal(JSON.parse(file.metadata.recipe).dataset, 'xor');
  assert.deepEqual([...file.tensors.keys()], ['0.weight', '0.bias', '2.weight', '2.bias'], 'weights only: no optimizer buffers');
  // Both files are out × in; the weights-only file holds the checkpoint's very values.
  assert.deepEqual(file.tensors.get('0.weight')!.shape, [3, 2]);
  for (const name of file.tensors.keys()) assert.deepEqual(file.tensors.get(name)!.toArray(), checkpoint.tensors.get(name)!.toArray(), name);
});

test('eval and predict give a weights-only export the same figures as its checkpoint', () => {
  const fromCheckpoint = JSON.parse(run('eval', 'xor.safetensors', '--json').stdout);
  const fromExport = JSON.parse(run('eval', 'xor-torch.safetensors', '--json').stdout);
  assert.equal(fromExport.testAccuracy, fromCheckpoint.testAccuracy);
  assert.equal(fromExport.testLoss, fromCheckpoint.testLoss);
  assert.equal(fromExport.epochs, null);
  assert.equal(fromCheckpoint.epochs, 3);
  const predicted = JSON.parse(run('predict', 'xor-torch.safetensors', '--count', '1000', '--json').stdout);
  assert.deepEqual(predicted, { ...JSON.parse(run('predict', 'xor.safetensors', '--count', '1000', '--json').stdout), file: 'xor-torch.safetensors' });
  assert.equal(predicted.predicted.length, 100, "xor's test split");
});

test('the flags of weights-only files are a usage error on a checkpoint, which holds its recipe', () => {
  const result = run('eval', 'xor.safetensors', '--hidden', '3', '--activation', 'relu');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /xor\.safetensors is a checkpoint, which holds its recipe; --hidden, --activation are for weights-only files only/);
});

test('a weights-only file on data of other widths is refused, naming the file and --dataset', () => {
  writeFileSync(join(dir, 'wide.safetensors'), encodeSafetensors(nn.toTorchLayout(nn.mlp([5, 4, 3], { generator: new Generator(1) }))));
  const result = run('eval', 'wide.safetensors', '--dataset', 'xor');
  assert.equal(result.status, 1);
  assert.match(result.stderr, /wide\.safetensors: the model takes 5 inputs and gives 3 outputs, but synthetic 'xor' .* has 2 features and 2 targets; name the data it was trained on with --dataset/);
});

test('weights whose shapes do not chain as the stated layout are refused with the layout to try; --hidden that does not fit names the widths', () => {
  // Written in × out by hand, with no metadata: read as PyTorch's out × in, the layers do not chain.
  writeFileSync(join(dir, 'by-hand.safetensors'), encodeSafetensors(nn.mlp([5, 4, 3], { generator: new Generator(1) }).stateDict()));
  const wrong = run('eval', 'by-hand.safetensors', '--dataset', 'xor');
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /by-hand\.safetensors: '2\.weight' \(stored 4 × 3\) takes 3 inputs but the layer before gives 5: .*out × in.*--layout in-out/);
  const stated = run('eval', 'by-hand.safetensors', '--dataset', 'xor', '--layout', 'in-out');
  assert.match(stated.stderr, /by-hand\.safetensors: the model takes 5 inputs and gives 3 outputs/, 'read in × out, the widths are right');
  const hidden = run('eval', 'xor-torch.safetensors', '--hidden', '4');
  assert.equal(hidden.status, 1);
  assert.match(hidden.stderr, /xor-torch\.safetensors: the weights do not fit a 2-4-2 MLP .*'0\.weight'.*drop --hidden/);
});

test('export --format torch needs a checkpoint (usage, exit 2)', () => {
  const result = run('export', '--format', 'torch', '--out', 'x.safetensors');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--format torch exports a trained model: name a checkpoint/);
});
