/**
 * Finding and fetching IDX image sets: the search order (path option, $PERCEPTRON_DATA, Debian's
 * folder, the cache), the DatasetError that lists every place, and downloads through an injected
 * fetch — verified, atomic, and leaving nothing behind when the checksum is wrong.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { data } from '../../src/index.js';
import { fakeImageSet, tempDir, writeBytes } from './idx-files.js';

const { loadImageDataset, fashionMnist, DatasetError, downloadVerified, FASHION_MNIST_CLASSES } = data;
type ImageDatasetSpec = data.ImageDatasetSpec;

const md5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex');

/** A spec like MNIST's, with a folder name no system has, and the digests of `gz` files. */
function fakeSpec(gz: Record<string, Uint8Array>): ImageDatasetSpec {
  const file = (name: string) => ({ name, md5: md5(gz[name]) });
  return {
    title: 'Fake-MNIST',
    folder: `fake-mnist-${process.pid}`,
    mirrors: ['https://mirror-one.invalid/fake/', 'https://mirror-two.invalid/fake/'],
    files: {
      trainImages: file('train-images-idx3-ubyte'),
      trainLabels: file('train-labels-idx1-ubyte'),
      testImages: file('t10k-images-idx3-ubyte'),
      testLabels: file('t10k-labels-idx1-ubyte'),
    },
    classNames: FASHION_MNIST_CLASSES,
    debianPackage: 'dataset-fake-mnist',
  };
}

const gzipAll = (files: Record<string, Uint8Array>) =>
  Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, gzipSync(bytes)]));

/** Writes a fake set into `dir`, gzipped (name.gz) or plain (name). */
function install(dir: string, fill: number, gzip = true): void {
  for (const [name, bytes] of Object.entries(fakeImageSet(4, 2, fill))) writeBytes(join(dir, gzip ? `${name}.gz` : name), bytes, gzip);
}

/** Runs `body` with PERCEPTRON_DATA set to `value` (or unset), restoring it afterwards. */
async function withDataEnv<T>(value: string | undefined, body: () => Promise<T>): Promise<T> {
  const saved = process.env.PERCEPTRON_DATA;
  if (value === undefined) delete process.env.PERCEPTRON_DATA;
  else process.env.PERCEPTRON_DATA = value;
  try {
    return await body();
  } finally {
    if (saved === undefined) delete process.env.PERCEPTRON_DATA;
    else process.env.PERCEPTRON_DATA = saved;
  }
}

const spec = fakeSpec(gzipAll(fakeImageSet(4, 2, 0)));
const pixel = (set: data.ImageClassificationData) => set.train.images.data[0] * 255;

test('search order: the path option, then $PERCEPTRON_DATA (subfolder or direct), then the cache', async () => {
  const explicit = tempDir();
  const envRoot = tempDir();
  const cache = tempDir();
  install(explicit, 10);
  install(join(envRoot, spec.folder), 20);
  install(join(cache, spec.folder), 30, false);
  const options = { cacheDir: cache, download: false };

  await withDataEnv(envRoot, async () => {
    assert.equal(Math.round(pixel(await loadImageDataset(spec, { ...options, path: explicit }))), 10);
    const fromEnv = await loadImageDataset(spec, options);
    assert.equal(Math.round(pixel(fromEnv)), 20);
    assert.equal(fromEnv.files.trainImages, join(envRoot, spec.folder, 'train-images-idx3-ubyte.gz'));
  });
  await withDataEnv(join(envRoot, spec.folder), async () => {
    assert.equal(Math.round(pixel(await loadImageDataset(spec, options))), 20, 'files directly in $PERCEPTRON_DATA');
  });
  await withDataEnv(undefined, async () => {
    const cached = await loadImageDataset(spec, options);
    assert.equal(Math.round(pixel(cached)), 30, 'un-gzipped files in the cache');
    assert.equal(cached.files.testLabels, join(cache, spec.folder, 't10k-labels-idx1-ubyte'));
  });
});

test('the loaded set: (N, rows, cols) float32 in [0, 1], int32 labels, class names', async () => {
  const dir = tempDir();
  install(dir, 255);
  const set = await loadImageDataset(spec, { path: dir, download: false, cacheDir: tempDir() });
  assert.deepEqual(set.train.images.shape, [4, 2, 3]);
  assert.equal(set.train.images.dtype, 'float32');
  assert.ok(set.train.images.data.every((v) => v === 1));
  assert.deepEqual(set.test.images.shape, [2, 2, 3]);
  assert.equal(set.train.labels.dtype, 'int32');
  assert.deepEqual(Array.from(set.train.labels.data), [0, 1, 2, 3]);
  assert.equal(set.classNames[9], 'ankle boot');
});

test('nothing found and download: false → a DatasetError naming the file, every place, and the remedies', async () => {
  const explicit = tempDir();
  const envRoot = tempDir();
  const cache = tempDir();
  await withDataEnv(envRoot, async () => {
    await assert.rejects(loadImageDataset(spec, { path: explicit, cacheDir: cache, download: false }), (error: Error) => {
      assert.ok(error instanceof DatasetError);
      const m = error.message;
      for (const place of [explicit, join(explicit, spec.folder), envRoot, join(envRoot, spec.folder), join('/usr/share/datasets', spec.folder), join(cache, spec.folder)]) {
        assert.ok(m.includes(place), `lists ${place}:\n${m}`);
      }
      assert.match(m, /train-images-idx3-ubyte/);
      assert.match(m, /download: false/);
      assert.match(m, /apt-get install dataset-fake-mnist/);
      assert.match(m, /PERCEPTRON_DATA/);
      return true;
    });
  });
  await withDataEnv(undefined, async () => {
    await assert.rejects(loadImageDataset(spec, { cacheDir: cache, download: false }), /\$PERCEPTRON_DATA is not set/);
  });
});

test('download through an injected fetch: checksums verified, files cached, the cache used next time', async () => {
  const gz = gzipAll(fakeImageSet(6, 3, 77));
  const goodSpec = fakeSpec(gz);
  const cache = tempDir();
  const asked: string[] = [];
  const fetch = async (url: string) => {
    asked.push(url);
    return gz[url.slice(url.lastIndexOf('/') + 1).replace(/\.gz$/, '')];
  };
  await withDataEnv(undefined, async () => {
    const set = await loadImageDataset(goodSpec, { cacheDir: cache, fetch });
    assert.deepEqual(set.train.images.shape, [6, 2, 3]);
    assert.equal(Math.round(pixel(set)), 77);
    assert.equal(asked.length, 4);
    assert.ok(asked.every((url) => url.startsWith('https://mirror-one.invalid/fake/')));
    assert.deepEqual(readdirSync(join(cache, goodSpec.folder)).sort(), Object.keys(gz).map((n) => `${n}.gz`).sort());
    await loadImageDataset(goodSpec, { cacheDir: cache, fetch });
    assert.equal(asked.length, 4, 'the second load reads the cache');
  });
});

test('a checksum mismatch is a DatasetError and leaves no file in the cache', async () => {
  const cache = tempDir();
  const wrongBytes = gzipSync(new Uint8Array([1, 2, 3]));
  await withDataEnv(undefined, async () => {
    await assert.rejects(loadImageDataset(spec, { cacheDir: cache, fetch: async () => wrongBytes }), (error: Error) => {
      assert.ok(error instanceof DatasetError);
      assert.match(error.message, /MD5 checksum mismatch/);
      assert.match(error.message, /train-images-idx3-ubyte/);
      assert.match(error.message, /mirror-one\.invalid.*mirror-two\.invalid/s);
      return true;
    });
  });
  const folder = join(cache, spec.folder);
  assert.deepEqual(existsSync(folder) ? readdirSync(folder) : [], []);
});

test('a failed download is a DatasetError with the cause, the places and the remedies; mirrors are tried in turn', async () => {
  const cache = tempDir();
  await withDataEnv(undefined, async () => {
    await assert.rejects(
      loadImageDataset(spec, { cacheDir: cache, fetch: async () => { throw new Error('getaddrinfo ENOTFOUND'); } }),
      (error: Error) => {
        assert.ok(error instanceof DatasetError);
        assert.match(error.message, /ENOTFOUND/);
        assert.ok(error.message.includes(join(cache, spec.folder)));
        assert.match(error.message, /apt-get install/);
        return true;
      },
    );
    const gz = gzipAll(fakeImageSet(4, 2, 0));
    const secondMirrorOnly = async (url: string) => {
      if (url.includes('mirror-one')) throw new Error('HTTP 503 Service Unavailable');
      return gz[url.slice(url.lastIndexOf('/') + 1, -3)];
    };
    const set = await loadImageDataset(spec, { cacheDir: cache, fetch: secondMirrorOnly });
    assert.deepEqual(set.test.labels.shape, [2]);
  });
});

test('downloadVerified checks SHA-256 as well as MD5 and writes nothing on a mismatch', async () => {
  const dir = tempDir();
  const bytes = new Uint8Array([9, 8, 7]);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const destination = join(dir, 'sub', 'file.bin');
  await downloadVerified(['u'], destination, { sha256, md5: md5(bytes) }, async () => bytes);
  assert.ok(existsSync(destination));
  const other = join(dir, 'other.bin');
  await assert.rejects(downloadVerified(['u'], other, { sha256 }, async () => new Uint8Array([1])), /SHA256 checksum mismatch/);
  assert.deepEqual(readdirSync(dir), ['sub']);
});

test('a corrupt file where the loader looks is a DatasetError naming it, with the remedies', async () => {
  const dir = tempDir();
  install(dir, 1);
  const broken = join(dir, 't10k-images-idx3-ubyte.gz');
  writeFileSync(broken, gzipSync(new Uint8Array([0, 0, 8, 3, 0, 0])));
  await assert.rejects(loadImageDataset(spec, { path: dir, download: false, cacheDir: tempDir() }), (error: Error) => {
    assert.ok(error instanceof DatasetError);
    assert.ok(error.message.includes(broken), error.message);
    assert.match(error.message, /truncated header/);
    assert.match(error.message, /PERCEPTRON_DATA/);
    return true;
  });
});

test('labels that do not match the images in count are a DatasetError naming both files', async () => {
  const dir = tempDir();
  install(dir, 1);
  writeBytes(join(dir, 'train-labels-idx1-ubyte.gz'), fakeImageSet(3, 2, 1)['train-labels-idx1-ubyte'], true);
  await assert.rejects(loadImageDataset(spec, { path: dir, download: false, cacheDir: tempDir() }), /holds 3 labels but .*train-images-idx3-ubyte\.gz holds 4 images/);
});

test('fashionMnist reads a folder given by path, with the book\'s class names', async () => {
  const dir = tempDir();
  install(dir, 128);
  const set = await fashionMnist({ path: dir, download: false });
  assert.deepEqual(set.classNames, ['t-shirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle boot']);
  assert.equal(set.files.trainImages, join(dir, 'train-images-idx3-ubyte.gz'));
  assert.deepEqual(set.train.images.shape, [4, 2, 3]);
});
