/** Checkpoints: what goes in comes out, and a crash while saving never leaves a corrupt file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { array, Generator, nn, optim, train } from '../../src/index.js';

const { encodeCheckpoint, decodeCheckpoint, saveCheckpoint, loadCheckpoint, CheckpointError } = train;

test('weights, config, epoch, history, optimizer buffers and generator state survive a round trip', async () => {
  const model = nn.mlp([3, 4, 2]);
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
  model.call(array([[1, 2, 3]])).sum().backward();
  optimizer.step();
  const generator = new Generator(5);
  generator.normal(); // leaves a spare normal in the state
  const checkpoint = {
    weights: model.stateDict(),
    config: { recipe: { hidden: [4] }, note: 'x' },
    epoch: 7,
    history: { epochs: [{ epoch: 7, trainLoss: 0.5, samplesPerSecond: 10, seconds: 1 }] },
    optimizer: optimizer.stateDict(),
    generatorState: generator.getState(),
  };
  const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
  const path = join(dir, 'model.safetensors');
  await saveCheckpoint(path, checkpoint);
  const loaded = await loadCheckpoint(path);
  assert.deepEqual([...loaded.weights.keys()], [...checkpoint.weights.keys()]);
  for (const [name, t] of checkpoint.weights) assert.deepEqual(loaded.weights.get(name)!.toArray(), t.toArray(), name);
  assert.deepEqual(loaded.config, checkpoint.config);
  assert.equal(loaded.epoch, 7);
  assert.deepEqual(loaded.history, checkpoint.history);
  assert.deepEqual(loaded.generatorState, checkpoint.generatorState);
  // As runRecipe holds it: an optimizer of the recipe's kind, known to the code only as an Optimizer.
  const restored: optim.Optimizer = new optim.Adam(model.parameters(), { lr: 0.5 });
  restored.loadStateDict(loaded.optimizer!);
  assert.equal(restored.lr, 0.01);
  const [a, b] = [optimizer.stateDict().state[0], restored.stateDict().state[0]];
  assert.deepEqual([...(b.expAvg as Float32Array)], [...(a.expAvg as Float32Array)]);
  assert.equal(b.step, a.step);
});

test('a safetensors file without our metadata, or with a foreign format, is refused by name', () => {
  const plain = encodeCheckpoint({ weights: new Map([['w', array([1])]]), config: {}, epoch: 0 });
  assert.equal(decodeCheckpoint(plain, 'ok.safetensors').epoch, 0);
  const header = '{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
  const bytes = new Uint8Array(8 + header.length + 4);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
  bytes.set(new TextEncoder().encode(header), 8);
  assert.throws(() => decodeCheckpoint(bytes, 'weights-only.safetensors'), (e: Error) => e instanceof CheckpointError && /^weights-only\.safetensors: .*without perceptron metadata/.test(e.message));
});

/** A child process that saves a ~16 MB checkpoint to `path` again and again, printing after each save. */
const SAVER = `
import { array, train } from ${JSON.stringify(new URL('../../src/index.js', import.meta.url).href)};
const path = process.argv[2];
for (let i = 1; ; i++) {
  const w = array(new Float32Array(4_000_000).fill(i));
  await train.saveCheckpoint(path, { weights: new Map([['w', w]]), config: { i }, epoch: i });
  process.stdout.write(i + '\\n');
}`;

test('killing the process mid-save leaves the last complete checkpoint, never a torn one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crash-'));
  const path = join(dir, 'model.safetensors');
  const script = join(dir, 'saver.mjs');
  writeFileSync(script, SAVER);
  // A plain writeFile to the same path tears the file in about a quarter of such kills.
  for (let attempt = 0; attempt < 8; attempt++) {
    const child = spawn(process.execPath, [script, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let saved = 0;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        saved = Number(chunk.toString().trim().split('\n').at(-1));
        // Kill at a different moment each attempt, after at least one complete save.
        setTimeout(() => child.kill("SIGKILL"), 5 + attempt * 11);
      });
      child.on('exit', () => resolve());
    });
    assert.ok(saved >= 1);
    const checkpoint = decodeCheckpoint(new Uint8Array(readFileSync(path)), path);
    assert.ok(checkpoint.epoch >= saved, `epoch ${checkpoint.epoch} after save ${saved}`);
    const values = checkpoint.weights.get('w')!.data;
    assert.ok(values.every((v) => v === checkpoint.epoch), 'every value comes from the same save');
  }
});
