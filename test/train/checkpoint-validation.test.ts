/**
 * Checkpoint metadata is checked against a schema: any field of the wrong kind or range is a
 * CheckpointError naming the file and the field, never a raw JavaScript error or a silent default.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { array, Generator, nn, optim, train } from '../../src/index.js';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from '../../src/io/safetensors.js';

const { encodeCheckpoint, decodeCheckpoint, CheckpointError } = train;

/** A checkpoint as runRecipe writes it: weights, recipe, epoch, history, Adam's state, generator. */
function validCheckpoint(): Uint8Array {
  const model = nn.mlp([2, 3, 2]);
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
  model.call(array([[1, 2]])).sum().backward();
  optimizer.step();
  return encodeCheckpoint({
    weights: model.stateDict(),
    config: { recipe: { hidden: [3] }, task: 'classification', inputs: 2, outputs: 2 },
    epoch: 2,
    history: { epochs: [{ epoch: 1, trainLoss: 0.7, samplesPerSecond: 10, seconds: 1 }, { epoch: 2, trainLoss: 0.6, testLoss: 0.65, samplesPerSecond: 10, seconds: 1 }] },
    optimizer: optimizer.stateDict(),
    generatorState: new Generator(3).getState(),
  });
}

/** The checkpoint with its metadata changed by `edit` (the weights and buffers kept). */
function withMeta(bytes: Uint8Array, edit: (meta: Record<string, any>) => unknown): Uint8Array {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const meta = JSON.parse(metadata.perceptron);
  const replaced = edit(meta);
  return encodeSafetensors(tensors, { perceptron: JSON.stringify(replaced === undefined ? meta : replaced) });
}

const refused = (bytes: Uint8Array, message: RegExp) =>
  assert.throws(() => decodeCheckpoint(bytes, 'ck.safetensors'), (e: Error) => {
    assert.ok(e instanceof CheckpointError, `${e.constructor.name}: ${e.message}`);
    assert.match(e.message, /^ck\.safetensors: /);
    assert.match(e.message, message);
    return true;
  });

test('the issue\'s malformed metadata: null, a generatorState that is not a list, epoch "abc" or -5', () => {
  const good = validCheckpoint();
  refused(withMeta(good, () => null), /the perceptron metadata: expected object, got null/);
  refused(withMeta(good, (m) => void (m.generatorState = 'abc')), /field 'generatorState'/);
  refused(withMeta(good, (m) => void (m.epoch = 'abc')), /field 'epoch'.*"abc"/);
  refused(withMeta(good, (m) => void (m.epoch = -5)), /field 'epoch'.*-5/);
  refused(withMeta(good, (m) => void (m.epoch = 1.5)), /field 'epoch'/);
  refused(withMeta(good, (m) => void delete m.epoch), /field 'epoch'/);
  refused(withMeta(good, (m) => void (m.config = null)), /field 'config'/);
  refused(withMeta(good, (m) => void (m.history.epochs[1].trainLoss = 'low')), /field 'history\.epochs\.1\.trainLoss'/);
  refused(withMeta(good, (m) => void (m.optimizer.paramGroups = {})), /field 'optimizer\.paramGroups'/);
  refused(withMeta(good, (m) => void (m.optimizer.scalars = { 0: { step: 'x' } })), /field 'optimizer\.scalars\.0\.step'/);
  refused(withMeta(good, (m) => void (m.format = 'other')), /format "other"/);
  assert.equal(decodeCheckpoint(good, 'ck.safetensors').epoch, 2, 'the unedited checkpoint reads');
});

test('integer tensors are not weights: an I32 tensor in a checkpoint is refused, naming it', () => {
  const { tensors, metadata } = decodeSafetensors(validCheckpoint());
  const name = [...tensors.keys()].find((n) => !n.startsWith('optimizer/'))!;
  const shape = tensors.get(name)!.shape;
  tensors.set(name, array(Array(shape.reduce((p, q) => p * q, 1)).fill(1), { dtype: 'int32' }).reshape([...shape]));
  refused(encodeSafetensors(tensors, metadata), new RegExp(`tensor '${name.replace('.', '\\.')}' is I32`));
});

test('optimizer buffers must name a parameter index and a key', () => {
  const { tensors, metadata } = decodeSafetensors(validCheckpoint());
  tensors.set('optimizer/x/m', array([1]));
  refused(encodeSafetensors(tensors, metadata), /tensor 'optimizer\/x\/m'/);
});

const counts = { tried: 0, read: 0, refused: 0 };

test('property: any value in any metadata field gives a checkpoint or a CheckpointError naming the file (fast-check, 500 files)', (t) => {
  const good = validCheckpoint();
  const fields = ['format', 'config', 'epoch', 'history', 'history.epochs', 'history.epochs.0', 'history.epochs.0.trainLoss', 'history.epochs.1.epoch', 'optimizer', 'optimizer.optimizer', 'optimizer.paramGroups', 'optimizer.paramGroups.0', 'optimizer.paramGroups.0.params', 'optimizer.paramGroups.0.lr', 'optimizer.scalars', 'optimizer.scalars.0', 'generatorState', 'generatorState.0', 'config.recipe'];
  const value = fc.oneof(fc.constantFrom(null, 'abc', 'NaN', -5, 0, 1.5, 2 ** 60, [], {}, [1, 'x'], { a: 1 }, true), fc.jsonValue({ maxDepth: 2 }));
  fc.assert(
    fc.property(fc.constantFrom(...fields), value, (field, replacement) => {
      const bytes = withMeta(good, (meta) => {
        const path = field.split('.');
        let at = meta;
        for (const key of path.slice(0, -1)) at = at?.[key];
        if (at && typeof at === 'object') at[path.at(-1)!] = replacement;
      });
      counts.tried++;
      try {
        const checkpoint = decodeCheckpoint(bytes, 'p.safetensors');
        counts.read++;
        assert.ok(Number.isInteger(checkpoint.epoch) && checkpoint.epoch >= 0);
        assert.ok(checkpoint.config !== null && typeof checkpoint.config === 'object');
        assert.ok(checkpoint.generatorState === undefined || checkpoint.generatorState.every((v) => typeof v === 'number'));
      } catch (error) {
        assert.ok(error instanceof CheckpointError || error instanceof SafetensorsError, `${(error as Error).constructor.name}: ${(error as Error).message}`);
        assert.match((error as Error).message, /^p\.safetensors: /);
        counts.refused++;
      }
    }),
    { numRuns: 500, seed: 8 },
  );
  t.diagnostic(`checkpoint metadata: ${counts.tried} mutated files, ${counts.read} read, ${counts.refused} refused cleanly, 0 crashes`);
});
