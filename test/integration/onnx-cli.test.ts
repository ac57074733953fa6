/**
 * `perceptron export <checkpoint> --format onnx --out m.onnx`: the file ONNX Runtime runs gives the
 * checkpoint's outputs; a command line without a checkpoint or --out is a usage error (exit 2).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { noGrad, randn } from '../../src/index.js';
import { loadTrainedModel } from '../../src/train/recipe.js';
import { runCli } from '../cli/run-cli.js';
import { assertClose } from '../helpers.js';

ort.env.wasm.numThreads = 1;

test('a trained checkpoint exported to ONNX, directly or through a weights-only file, runs in ONNX Runtime with the checkpoint\'s outputs', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'perceptron-onnx-'));
  try {
    const checkpoint = join(dir, 'spiral.safetensors');
    const trained = runCli(['train', '--dataset', 'spiral', '--hidden', '16,8', '--activation', 'elu', '--dropout', '0.1', '--epochs', '2', '--out', checkpoint, '--quiet']);
    assert.equal(trained.status, 0, trained.stderr);
    const out = join(dir, 'm.onnx');
    const exported = runCli(['export', checkpoint, '--format', 'onnx', '--out', out]);
    assert.equal(exported.status, 0, exported.stderr);
    assert.match(exported.stdout, /^Wrote .*m\.onnx \(\d+ bytes\): the 2-16-8-2 MLP \(elu\) of .*spiral\.safetensors after 2 epochs, as ONNX opset 20: input 'input' \(batch, 2\) → output 'output' \(batch, 2\)\.\n$/);

    const { model } = await loadTrainedModel(checkpoint);
    model.eval();
    const x = randn([6, 2]);
    const expected = noGrad(() => model.call(x));
    const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(out)));
    const result = await session.run({ input: new ort.Tensor('float32', Float32Array.from(x.data), [6, 2]) });
    assertClose(result.output.data as Float32Array, expected.data, { atol: 1e-5, rtol: 1e-5, label: 'ONNX Runtime vs checkpoint' });
    await session.release();

    // The same model through a weights-only file (--format torch, PyTorch's layout) gives the same ONNX outputs.
    const weights = join(dir, 'weights.safetensors');
    assert.equal(runCli(['export', checkpoint, '--format', 'torch', '--out', weights]).status, 0);
    const fromWeights = join(dir, 'w.onnx');
    const again = runCli(['export', weights, '--format', 'onnx', '--out', fromWeights]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /the 2-16-8-2 MLP \(elu\) of .*weights\.safetensors, as ONNX opset 20/);
    const second = await ort.InferenceSession.create(new Uint8Array(readFileSync(fromWeights)));
    const secondResult = await second.run({ input: new ort.Tensor('float32', Float32Array.from(x.data), [6, 2]) });
    assertClose(secondResult.output.data as Float32Array, expected.data, { atol: 1e-5, rtol: 1e-5, label: 'from a weights-only file' });
    await second.release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('export --format onnx without a checkpoint or without --out is a usage error; a file that is no checkpoint is named', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'perceptron-onnx-'));
  try {
    const noCheckpoint = runCli(['export', '--format', 'onnx', '--out', join(dir, 'm.onnx')]);
    assert.equal(noCheckpoint.status, 2);
    assert.match(noCheckpoint.stderr, /--format onnx exports a trained model: name a checkpoint/);
    const noOut = runCli(['export', join(dir, 'x.safetensors'), '--format', 'onnx']);
    assert.equal(noOut.status, 2);
    assert.match(noOut.stderr, /required option '--out <file>' not specified/);
    const notes = join(dir, 'notes.safetensors');
    writeFileSync(notes, 'not a checkpoint');
    const bad = runCli(['export', notes, '--format', 'onnx', '--out', join(dir, 'm.onnx')]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /notes\.safetensors/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
