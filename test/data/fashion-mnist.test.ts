/**
 * The real Fashion-MNIST from Debian's dataset-fashion-mnist, when installed: 60 000 + 10 000 images
 * of 28×28, 6000 / 1000 per class. Where it is not installed, the same call must fail with the
 * DatasetError that points to the package — so this test always checks something real.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { data } from '../../src/index.js';
import { tempDir } from './idx-files.js';

const DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

function histogram(labels: ArrayLike<number>): number[] {
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts;
}

test("Debian's Fashion-MNIST loads with the official shapes and class balance (or the DatasetError says how to get it)", async () => {
  const saved = process.env.PERCEPTRON_DATA;
  delete process.env.PERCEPTRON_DATA;
  try {
    const load = data.fashionMnist({ download: false, cacheDir: tempDir() });
    if (!existsSync(DEBIAN_DIR)) {
      await assert.rejects(load, (error: Error) => {
        assert.ok(error instanceof data.DatasetError);
        assert.ok(error.message.includes(DEBIAN_DIR), error.message);
        assert.match(error.message, /apt-get install dataset-fashion-mnist/);
        return true;
      });
      return;
    }
    const set = await load;
    assert.ok(set.files.trainImages.startsWith(DEBIAN_DIR));
    assert.deepEqual(set.train.images.shape, [60000, 28, 28]);
    assert.deepEqual(set.train.labels.shape, [60000]);
    assert.deepEqual(set.test.images.shape, [10000, 28, 28]);
    assert.deepEqual(set.test.labels.shape, [10000]);
    assert.deepEqual(histogram(set.train.labels.data), new Array(10).fill(6000));
    assert.deepEqual(histogram(set.test.labels.data), new Array(10).fill(1000));
    let min = Infinity;
    let max = -Infinity;
    for (const v of set.train.images.data) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    assert.deepEqual([min, max], [0, 1]);
    // The first training image is an ankle boot (label 9), as every Fashion-MNIST copy shows.
    assert.equal(set.classNames[set.train.labels.data[0]], 'ankle boot');
  } finally {
    if (saved !== undefined) process.env.PERCEPTRON_DATA = saved;
  }
});
