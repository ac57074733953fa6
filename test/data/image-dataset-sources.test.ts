/** An image set is read from one place: a folder holding only some of the four files is an error, never topped up from another. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { data } from '../../src/index.js';
import { fakeImageSet, tempDir, writeBytes } from './idx-files.js';

const { loadImageDataset, DatasetError, FASHION_MNIST_CLASSES } = data;

const spec: data.ImageDatasetSpec = {
  title: 'Fake-MNIST',
  folder: `fake-sources-${process.pid}`,
  mirrors: ['https://mirror.invalid/fake/'],
  files: {
    trainImages: { name: 'train-images-idx3-ubyte', md5: '0' },
    trainLabels: { name: 'train-labels-idx1-ubyte', md5: '0' },
    testImages: { name: 't10k-images-idx3-ubyte', md5: '0' },
    testLabels: { name: 't10k-labels-idx1-ubyte', md5: '0' },
  },
  classNames: FASHION_MNIST_CLASSES,
};

test('a folder with two of the four files is refused, naming it and the missing files, instead of mixing in another copy', async () => {
  const partial = tempDir();
  const complete = tempDir();
  const trainOnly = fakeImageSet(4, 2, 7);
  for (const name of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte']) writeBytes(join(partial, name), trainOnly[name]);
  for (const [name, bytes] of Object.entries(fakeImageSet(6, 3, 200))) writeBytes(join(complete, name), bytes);
  const previous = process.env.PERCEPTRON_DATA;
  process.env.PERCEPTRON_DATA = complete;
  try {
    await assert.rejects(loadImageDataset(spec, { path: partial, download: false, cacheDir: tempDir() }), (error: Error) => {
      assert.ok(error instanceof DatasetError, error.message);
      assert.match(error.message, new RegExp(`${partial}.*holds train-images-idx3-ubyte, train-labels-idx1-ubyte but not t10k-images-idx3-ubyte\\(\\.gz\\), t10k-labels-idx1-ubyte\\(\\.gz\\)`));
      assert.match(error.message, /all four files from one copy/);
      return true;
    });
    // The complete copy alone is read, all four files from it.
    const whole = await loadImageDataset(spec, { download: false, cacheDir: tempDir() });
    assert.deepEqual(Object.values(whole.files).map((path) => path.startsWith(complete)), [true, true, true, true]);
    assert.equal(whole.train.images.shape[0], 6);
  } finally {
    if (previous === undefined) delete process.env.PERCEPTRON_DATA;
    else process.env.PERCEPTRON_DATA = previous;
  }
});
