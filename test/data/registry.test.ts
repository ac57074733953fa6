/**
 * The registry of synthetic data sets that the CLI's recipes and the playground share: every set
 * draws its own size with the shapes, dtypes and labels of its task, reproducibly from a seed, and
 * the draws are the functions the registry names (TensorFlow Playground's sets, D2L's linear data).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, data } from '../../src/index.js';

const { syntheticDatasets, syntheticDatasetNames, drawSyntheticDataset, isSyntheticDataset } = data;

test('every set draws its default size: x (N, 2) float32, y (N) int32 classes or (N, 1) float32 targets', () => {
  for (const name of syntheticDatasetNames) {
    const set = syntheticDatasets[name];
    const { x, y } = drawSyntheticDataset(name, new Generator(3));
    assert.deepEqual(x.shape, [set.samples, 2], name);
    assert.equal(x.dtype, 'float32', name);
    if (set.task === 'classification') {
      assert.deepEqual([y.shape, y.dtype], [[set.samples], 'int32'], name);
      const classes = set.classes?.default ?? 2;
      assert.deepEqual([...new Set(y.data)].sort(), Array.from({ length: classes }, (_, k) => k), `${name}: classes 0…${classes - 1}`);
    } else {
      assert.deepEqual([y.shape, y.dtype], [[set.samples, 1], 'float32'], name);
    }
  }
});

test('draws are reproducible from the seed and follow the options asked for', () => {
  for (const name of syntheticDatasetNames) {
    const first = drawSyntheticDataset(name, new Generator(11), { samples: 40, noise: 0.2 });
    const again = drawSyntheticDataset(name, new Generator(11), { samples: 40, noise: 0.2 });
    assert.deepEqual([...again.x.data], [...first.x.data], name);
    assert.deepEqual([...again.y.data], [...first.y.data], name);
    assert.equal(first.x.shape[0], 40, name);
  }
  const fiveArms = drawSyntheticDataset('multi-spiral', new Generator(1), { classes: 5 });
  assert.deepEqual([...new Set(fiveArms.y.data)].sort(), [0, 1, 2, 3, 4]);
});

test("the sets are the library's own draws: the playground's at its sizes, D2L's y = X·[2, −3.4] + 4.2", () => {
  const same = (name: data.SyntheticDatasetName, expected: data.LabeledData) => {
    const drawn = drawSyntheticDataset(name, new Generator(4));
    assert.deepEqual([...drawn.x.data], [...expected.x.data], name);
    assert.deepEqual([...drawn.y.data], [...expected.y.data], name);
  };
  same('circle', data.circle(500, 0, new Generator(4)));
  same('multi-spiral', data.multiSpiral(600, 3, 0, new Generator(4)));
  same('multi-gaussian', data.multiGaussian(1200, 0, new Generator(4)));
  same('linear', data.syntheticLinear([2, -3.4], 4.2, 1000, 0.01, new Generator(4)));
  // Without noise the linear targets are the plane itself (float32 rounding aside).
  const { x, y } = drawSyntheticDataset('linear', new Generator(9), { noise: 0 });
  for (let i = 0; i < 1000; i++) {
    const expected = 2 * x.data[2 * i] - 3.4 * x.data[2 * i + 1] + 4.2;
    assert.ok(Math.abs(y.data[i] - expected) <= 1e-6 * (1 + Math.abs(expected)), `row ${i}: ${y.data[i]} vs ${expected}`);
  }
});

test('isSyntheticDataset knows the names, and nothing inherited from Object', () => {
  assert.ok(syntheticDatasetNames.every(isSyntheticDataset));
  for (const name of ['fashion-mnist', 'multiSpiral', 'toString', '__proto__']) assert.equal(isSyntheticDataset(name), false, name);
});
