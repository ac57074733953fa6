/** Batching: shapes and dtypes, batch counts with and without dropLast, seeded shuffling by epoch. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arange, array, Generator, ShapeError, Tensor, data } from '../../src/index.js';

const { DataLoader, TensorDataset, randperm } = data;

/** 10 examples: x row i is [i, 10 + i, 20 + i] reshaped (N, 3); y is i (int32). */
function numbered(n = 10) {
  const x = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) x.set([i, 10 + i, 20 + i], 3 * i);
  return new TensorDataset(new Tensor(x, [n, 3]), arange(n, undefined, 1, { dtype: 'int32' }));
}

const ids = (y: Tensor) => Array.from(y.data);

test('batches in order: X float32 (batch, 3), y int32, rows kept together, last batch smaller', () => {
  const loader = new DataLoader(numbered(), { batchSize: 4 });
  assert.equal(loader.length, 3);
  const batches = [...loader];
  assert.equal(batches.length, 3);
  assert.deepEqual(batches.map(([X]) => X.shape), [[4, 3], [4, 3], [2, 3]]);
  const [X, y] = batches[1];
  assert.equal(X.dtype, 'float32');
  assert.equal(y.dtype, 'int32');
  assert.deepEqual(ids(y), [4, 5, 6, 7]);
  assert.deepEqual((X.toArray() as number[][])[0], [4, 14, 24]);
});

test('dropLast drops the short batch; length counts batches either way', () => {
  assert.equal(new DataLoader(numbered(), { batchSize: 4, dropLast: true }).length, 2);
  assert.equal([...new DataLoader(numbered(), { batchSize: 4, dropLast: true })].length, 2);
  assert.equal(new DataLoader(numbered(), { batchSize: 5, dropLast: true }).length, 2);
  assert.equal(new DataLoader(numbered(), { batchSize: 3 }).length, 4);
  assert.equal(new DataLoader(numbered(), {}).length, 10, 'batchSize 1 by default');
  assert.equal(new DataLoader(numbered(), { batchSize: 20, dropLast: true }).length, 0);
  assert.throws(() => new DataLoader(numbered(), { batchSize: 0 }), /batchSize must be a positive integer/);
});

test('a shuffled epoch is a permutation, rows stay with their labels, and each epoch differs', () => {
  const loader = new DataLoader(numbered(), { batchSize: 3, shuffle: true, generator: new Generator(7) });
  const epochs: number[][] = [];
  for (let epoch = 0; epoch < 3; epoch++) {
    const seen: number[] = [];
    for (const [X, y] of loader) {
      const rows = X.toArray() as number[][];
      ids(y).forEach((id, r) => assert.deepEqual(rows[r], [id, 10 + id, 20 + id]));
      seen.push(...ids(y));
    }
    assert.deepEqual([...seen].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    epochs.push(seen);
  }
  assert.notDeepEqual(epochs[0], epochs[1]);
  assert.notDeepEqual(epochs[1], epochs[2]);
});

test('the same seed replays the same epochs', () => {
  const order = (seed: number) => {
    const loader = new DataLoader(numbered(), { batchSize: 4, shuffle: true, generator: new Generator(seed) });
    return [0, 1].map(() => [...loader].flatMap(([, y]) => ids(y)));
  };
  assert.deepEqual(order(3), order(3));
  assert.notDeepEqual(order(3), order(4));
});

test('randperm is Fisher–Yates: every permutation of 3 appears about equally often', () => {
  const counts = new Map<string, number>();
  const g = new Generator(1);
  for (let i = 0; i < 6000; i++) {
    const key = Array.from(randperm(3, g)).join('');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  assert.equal(counts.size, 6);
  for (const c of counts.values()) assert.ok(Math.abs(c - 1000) < 120, `count ${c}`);
});

test('regression targets stay float32 with their shape; float64 features become float32', () => {
  const x = array([[1, 2], [3, 4], [5, 6]], { dtype: 'float64' });
  const y = array([[0.5], [1.5], [2.5]], { dtype: 'float64' });
  const [[X, Y]] = new DataLoader(new TensorDataset(x, y), { batchSize: 3 });
  assert.equal(X.dtype, 'float32');
  assert.equal(Y.dtype, 'float32');
  assert.deepEqual(Y.shape, [3, 1]);
  assert.deepEqual(Y.toArray(), [[0.5], [1.5], [2.5]]);
});

test('TensorDataset.get returns one sample; mismatched lengths are a ShapeError', () => {
  const ds = numbered();
  const { x, y } = ds.get(2);
  assert.deepEqual(x.toArray(), [2, 12, 22]);
  assert.deepEqual(y.shape, []);
  assert.equal(y.item(), 2);
  assert.throws(() => ds.get(10), RangeError);
  assert.throws(() => new TensorDataset(array([[1], [2]]), array([1, 2, 3])), ShapeError);
});

test('a plain Dataset (get only) is batched by stacking its samples', () => {
  const plain: data.Dataset = {
    length: 5,
    get: (i) => ({ x: array([i, -i]), y: array([i % 2], { dtype: 'int32' }).reshape([]) }),
  };
  const batches = [...new DataLoader(plain, { batchSize: 2, shuffle: true, generator: new Generator(0) })];
  assert.deepEqual(batches.map(([X]) => X.shape), [[2, 2], [2, 2], [1, 2]]);
  const all = batches.flatMap(([X]) => (X.toArray() as number[][]).map((row) => row[0]));
  assert.deepEqual(all.sort(), [0, 1, 2, 3, 4]);
  assert.equal(batches[0][1].dtype, 'int32');
});

test('a TensorDataset is batched with one gather per batch, never sample by sample', () => {
  const n = 60000;
  const x = new Float32Array(n * 784);
  for (let i = 0; i < n; i++) x[i * 784 + 783] = i; // each row ends with its index
  const ds = new TensorDataset(new Tensor(x, [n, 28, 28]), arange(n, undefined, 1, { dtype: 'int32' }));
  ds.get = () => assert.fail('the loader took a sample through get()');
  const loader = new DataLoader(ds, { batchSize: 256, shuffle: true, generator: new Generator(0) });
  const seen = new Int32Array(n);
  let batches = 0;
  for (const [X, y] of loader) {
    batches++;
    const labels = y.data as Int32Array, pixels = X.data as Float32Array;
    for (let r = 0; r < labels.length; r++) {
      assert.equal(pixels[r * 784 + 783], labels[r], 'rows and labels stay together');
      seen[labels[r]]++;
    }
  }
  assert.equal(batches, Math.ceil(n / 256));
  assert.ok(seen.every((count) => count === 1), 'every example exactly once per epoch');
});
