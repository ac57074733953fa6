/** The IDX reader: every type code, plain and gzip files, and an error naming the file for each defect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { data } from '../../src/index.js';
import { encodeIdx, IDX_CODES, tempDir, writeBytes, type IdxTypeName } from './idx-files.js';

const { readIdx, parseIdx, IdxError, DatasetError } = data;

const SAMPLES: Record<IdxTypeName, number[]> = {
  ubyte: [0, 1, 127, 128, 255, 42],
  sbyte: [-128, -1, 0, 1, 127, 5],
  short: [-32768, -300, 0, 300, 32767, 7],
  int: [-2147483648, -70000, 0, 70000, 2147483647, 9],
  float: [-1.5, 0, 0.25, 3.5, 1e-3, -2e10].map(Math.fround),
  double: [-1.5, 0, Math.PI, 1e-300, 1e300, -Math.E],
};

for (const type of Object.keys(IDX_CODES) as IdxTypeName[]) {
  test(`readIdx round-trips ${type} values (big-endian), plain and gzipped`, () => {
    const dir = tempDir();
    const bytes = encodeIdx(type, [2, 3], SAMPLES[type]);
    for (const [name, gzip] of [[`${type}.idx`, false], [`${type}.idx.gz`, true]] as const) {
      const idx = readIdx(writeBytes(join(dir, name), bytes, gzip));
      assert.equal(idx.type, type);
      assert.deepEqual(idx.shape, [2, 3]);
      assert.deepEqual(Array.from(idx.data), SAMPLES[type]);
    }
  });
}

test('parseIdx reads 1-d and 3-d headers, and ubyte data is a plain Uint8Array copy', () => {
  const bytes = encodeIdx('ubyte', [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
  const idx = parseIdx(bytes, 'cube.idx');
  assert.deepEqual(idx.shape, [2, 2, 2]);
  assert.equal(idx.data.constructor, Uint8Array);
  bytes[8] = 99;
  assert.equal(idx.data[0], 1);
  assert.deepEqual(parseIdx(encodeIdx('int', [3], [1, -2, 3]), 'v').shape, [3]);
});

test('a gzipped file is recognised by content even without .gz in its name', () => {
  const path = writeBytes(join(tempDir(), 'labels-idx1-ubyte'), encodeIdx('ubyte', [3], [7, 8, 9]), true);
  assert.deepEqual(Array.from(readIdx(path).data), [7, 8, 9]);
});

/** Asserts that reading `bytes` (written as `name`) throws an IdxError naming the file and matching `detail`. */
function assertIdxError(name: string, bytes: Uint8Array, detail: RegExp, gzip = false): void {
  const path = writeBytes(join(tempDir(), name), bytes, gzip);
  assert.throws(
    () => readIdx(path),
    (error: Error) => {
      assert.ok(error instanceof IdxError, `expected an IdxError, got ${error.name}: ${error.message}`);
      assert.ok(error instanceof DatasetError);
      assert.ok(error.message.includes(path), `the message names the file: ${error.message}`);
      assert.match(error.message, detail);
      return true;
    },
  );
}

test('wrong magic number: the error names the file and shows the bytes', () => {
  const bytes = encodeIdx('ubyte', [2], [1, 2]);
  bytes[0] = 0x50;
  assertIdxError('bad-magic.idx', bytes, /wrong magic number.*0x50 0x00 0x08 0x01/);
});

test('unsupported type code', () => {
  const bytes = encodeIdx('ubyte', [2], [1, 2]);
  bytes[2] = 0x0a;
  assertIdxError('bad-type.idx', bytes, /unsupported type code 0x0a/);
});

test('truncated: shorter than the magic number, and a header cut short', () => {
  assertIdxError('tiny.idx', new Uint8Array([0, 0]), /truncated.*2 bytes/);
  assertIdxError('short-header.idx', encodeIdx('ubyte', [2, 3], []).subarray(0, 9), /truncated header: 2 dimensions need 12 header bytes, got 9/);
});

test('wrong count: the header promises more values than the file holds', () => {
  const full = encodeIdx('short', [5, 2], Array.from({ length: 10 }, (_, i) => i));
  assertIdxError('short-count.idx', full.subarray(0, full.length - 6), /truncated: the header promises shape \[5, 2\] of short \(20 bytes of data\), got 14 bytes/);
  assertIdxError('short-count.idx.gz', full.subarray(0, full.length - 6), /truncated.*got 14 bytes/, true);
});

test('trailing bytes after the promised data', () => {
  const bytes = new Uint8Array([...encodeIdx('ubyte', [3], [1, 2, 3]), 0, 0]);
  assertIdxError('trailing.idx', bytes, /trailing bytes: the header promises shape \[3\] of ubyte \(3 bytes of data\), got 5 bytes \(2 extra\)/);
});

test('corrupt gzip: a damaged stream and a cut-off stream', () => {
  const gz = gzipSync(encodeIdx('ubyte', [100], Array.from({ length: 100 }, (_, i) => i)));
  const damaged = Uint8Array.from(gz);
  for (let i = 12; i < damaged.length - 8; i++) damaged[i] ^= 0x5a;
  assertIdxError('damaged.idx.gz', damaged, /corrupt gzip data/);
  assertIdxError('cut.idx.gz', gz.subarray(0, gz.length - 10), /corrupt gzip data/);
});

test('a missing file is a DatasetError naming it', () => {
  const path = join(tempDir(), 'nothing-here.idx');
  assert.throws(() => readIdx(path), (error: Error) => error instanceof DatasetError && error.message.includes(path));
});
