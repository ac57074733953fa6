/**
 * save/load and the layout every file states: files hold Linear weights out × in (PyTorch's) and say
 * so; a file's layout comes from its metadata, never from its shapes, so a square layer (the same
 * shape both ways) is never loaded transposed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { array, Generator, nn, optim, type Tensor } from '../../src/index.js';
import { decodeSafetensors, encodeSafetensors } from '../../src/io/safetensors.js';
import { load, save } from '../../src/io/save-load.js';
import { decodeStateDict, encodeStateDict } from '../../src/io/state-dict-file.js';
import { LayoutError } from '../../src/io/weight-layout.js';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/train/checkpoint.js';

const values = (t: Tensor) => t.toArray();
/** A 2-2-2 MLP: every Linear weight is square, so a transposed load would pass every shape check. */
const squareNet = () => nn.mlp([2, 2, 2], { activation: 'tanh', generator: new Generator(3) });
const temporary = (name: string) => join(mkdtempSync(join(tmpdir(), 'state-dict-')), name);

test("save writes PyTorch's layout and says so; load gives back the module's weights exactly", async () => {
  const net = nn.mlp([3, 4, 2], { generator: new Generator(1) });
  const path = temporary('model.safetensors');
  await save(net.stateDict(), path, { metadata: { note: 'kept' } });
  const raw = decodeSafetensors(new Uint8Array(readFileSync(path)));
  assert.deepEqual(raw.metadata, { note: 'kept', format: 'pt', layout: 'torch', kind: 'weights' });
  const first = net[0] as nn.Linear;
  assert.deepEqual(raw.tensors.get('0.weight')!.shape, [4, 3], 'torch.nn.Linear(3, 4).weight is 4 × 3');
  assert.deepEqual(values(raw.tensors.get('0.weight')!), values(first.weight.T));
  assert.deepEqual(values(raw.tensors.get('0.bias')!), values(first.bias!));
  const copy = nn.mlp([3, 4, 2], { generator: new Generator(2) });
  assert.deepEqual(copy.loadStateDict(await load(path)), { missingKeys: [], unexpectedKeys: [] });
  const x = array([[0.5, -1, 2], [3, 0, -0.25]]);
  assert.deepEqual(values(copy.call(x)), values(net.call(x)));
  // save(module) is save(module.stateDict()).
  assert.deepEqual(encodeStateDict(net), encodeStateDict(net.stateDict()));
});

test('square layers: the layout is read from the metadata, so each file loads the right way round', () => {
  const net = squareNet();
  const weight = (net[0] as nn.Linear).weight;
  assert.notDeepEqual(values(weight), values(weight.T), 'the test needs a weight that differs from its transpose');
  const statedTorch = decodeStateDict(encodeStateDict(net), 'ours.safetensors');
  assert.equal(statedTorch.layout, 'torch');
  assert.deepEqual(values(statedTorch.state.get('0.weight')!), values(weight));
  // A file PyTorch's save_file wrote (no metadata at all) holds out × in: it is transposed on load.
  const fromTorch = encodeSafetensors(nn.toTorchLayout(net));
  assert.deepEqual(values(decodeStateDict(fromTorch, 'torch.safetensors').state.get('0.weight')!), values(weight));
  // The same bytes said to be in × out (a state dict saved by hand) load as they are, when asked.
  const byHand = encodeSafetensors(net.stateDict());
  assert.deepEqual(values(decodeStateDict(byHand, 'hand.safetensors', { layout: 'in-out' }).state.get('0.weight')!), values(weight));
  // A stated layout wins, and an option that contradicts it is refused, naming the file.
  assert.throws(() => decodeStateDict(encodeStateDict(net), 'ours.safetensors', { layout: 'in-out' }),
    (e: Error) => e instanceof LayoutError && /^ours\.safetensors: its metadata says layout 'torch', not 'in-out'/.test(e.message));
});

test('an unknown layout is refused with the file name and the values it may take', () => {
  const bytes = encodeSafetensors(squareNet().stateDict(), { layout: 'column-major' });
  assert.throws(() => decodeStateDict(bytes, 'odd.safetensors'),
    (e: Error) => e instanceof LayoutError && /^odd\.safetensors: unknown weight layout "column-major".*'torch'.*'in-out'/.test(e.message));
});

test("the playground's earlier exports (layout stated in words) read as PyTorch's layout", () => {
  const net = squareNet();
  const bytes = encodeSafetensors(nn.toTorchLayout(net), { format: 'pt', layout: 'PyTorch nn.Linear (out × in); names as nn.Sequential' });
  assert.deepEqual(values(decodeStateDict(bytes).state.get('0.weight')!), values((net[0] as nn.Linear).weight));
});

/** A checkpoint after one Adam step, as runRecipe saves it. */
function checkpointOf(net: nn.Sequential) {
  const optimizer = new optim.Adam(net.parameters(), { lr: 0.01 });
  net.call(array([[1, -2], [0.5, 3]])).square().sum().backward();
  optimizer.step();
  return { weights: net.stateDict(), config: { recipe: { hidden: [2] } }, epoch: 1, optimizer: optimizer.stateDict() };
}

test('checkpoints are written out × in with kind checkpoint; optimizer buffers take their parameter shape and layout', () => {
  const net = squareNet();
  const checkpoint = checkpointOf(net);
  const raw = decodeSafetensors(encodeCheckpoint(checkpoint));
  assert.equal(raw.metadata.layout, 'torch');
  assert.equal(raw.metadata.kind, 'checkpoint');
  assert.equal(raw.metadata.format, 'pt');
  const expAvg = checkpoint.optimizer.state[0].expAvg as Float32Array;
  const weight = (net[0] as nn.Linear).weight;
  assert.deepEqual(raw.tensors.get('optimizer/0/expAvg')!.shape, [2, 2]);
  assert.deepEqual(values(raw.tensors.get('optimizer/0/expAvg')!), values(array([...expAvg], { dtype: 'float32' }).reshape(2, 2).T));
  assert.deepEqual(values(raw.tensors.get('0.weight')!), values(weight.T));
  const back = decodeCheckpoint(encodeCheckpoint(checkpoint), 'c.safetensors');
  assert.deepEqual(values(back.weights.get('0.weight')!), values(weight));
  assert.deepEqual([...(back.optimizer!.state[0].expAvg as Float32Array)], [...expAvg]);
  // load() of a checkpoint gives its weights only.
  assert.deepEqual([...decodeStateDict(encodeCheckpoint(checkpoint)).state.keys()], ['0.weight', '0.bias', '2.weight', '2.bias']);
});

test('checkpoints written before layouts were stated (perceptron metadata, no layout key) still load in × out', () => {
  const net = squareNet();
  const checkpoint = checkpointOf(net);
  // The earlier writer: tensors as they are in memory, buffers flat, only the perceptron metadata.
  const fresh = decodeSafetensors(encodeCheckpoint(checkpoint));
  const perceptron = fresh.metadata.perceptron;
  const old = new Map<string, Tensor>([...checkpoint.weights]);
  for (const [param, state] of Object.entries(checkpoint.optimizer.state)) {
    for (const [key, value] of Object.entries(state)) if (typeof value !== 'number') old.set(`optimizer/${param}/${key}`, array([...value]));
  }
  const bytes = encodeSafetensors(old, { perceptron });
  const back = decodeCheckpoint(bytes, 'old.safetensors');
  for (const [name, t] of checkpoint.weights) assert.deepEqual(values(back.weights.get(name)!), values(t), name);
  assert.deepEqual([...(back.optimizer!.state[0].expAvg as Float32Array)], [...(checkpoint.optimizer.state[0].expAvg as Float32Array)]);
  const weights = decodeStateDict(bytes, 'old.safetensors');
  assert.equal(weights.layout, 'in-out');
  assert.equal(weights.kind, 'checkpoint');
  assert.deepEqual(values(weights.state.get('0.weight')!), values((net[0] as nn.Linear).weight));
});
