/**
 * The IDX reader under hostile input: a gzip bomb is stopped at the size its header declares, and
 * any mutation of a valid file (plain or gzipped) is read consistently or refused with an error
 * naming the file (fast-check).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { data } from '../../src/index.js';
import { encodeIdx, IDX_CODES, tempDir, writeBytes, type IdxTypeName } from './idx-files.js';

const { readIdx, parseIdx, DatasetError } = data;

test('a gzip file that expands past what its header declares is refused without being expanded whole', () => {
  // The header declares 8 ubyte values; 64 MiB of zeros follow (64 KiB compressed).
  const header = encodeIdx('ubyte', [8], [1, 2, 3, 4, 5, 6, 7, 8]);
  const bomb = new Uint8Array(header.length + (64 << 20));
  bomb.set(header);
  const path = writeBytes(join(tempDir(), 'bomb-idx1-ubyte.gz'), bomb, true);
  assert.throws(() => readIdx(path), (error: Error) => {
    assert.ok(error instanceof DatasetError, `${error.name}: ${error.message}`);
    assert.ok(error.message.includes(path));
    assert.match(error.message, /decompresses to more than the 16 bytes its header declares/);
    return true;
  });
});

/** A valid IDX file of any type and a small shape, as bytes. */
const validIdx = fc.tuple(fc.constantFrom(...(Object.keys(IDX_CODES) as IdxTypeName[])), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 })).map(([type, shape]) => {
  const count = shape.reduce((p, q) => p * q, 1);
  return { type, shape, bytes: encodeIdx(type, shape, Array.from({ length: count }, (_, i) => i % 100)) };
});

/** Mutations: set bytes, cut the end, append bytes. */
const mutation = fc.oneof(
  fc.array(fc.tuple(fc.nat(40), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }).map((sets) => (b: Uint8Array) => {
    const out = new Uint8Array(b);
    for (const [at, value] of sets) if (at < out.length) out[at] = value;
    return out;
  }),
  fc.nat(40).map((cut) => (b: Uint8Array) => b.subarray(0, Math.max(0, b.length - cut))),
  fc.uint8Array({ minLength: 1, maxLength: 16 }).map((extra) => (b: Uint8Array) => Uint8Array.from([...b, ...extra])),
);

const counts = { tried: 0, read: 0, refused: 0 };

/** Checks one outcome: a read whose values fill the shape its header declares, or a DatasetError naming `name`. */
function check(read: () => { shape: number[]; data: ArrayLike<number> }, name: string): void {
  counts.tried++;
  let idx;
  try {
    idx = read();
  } catch (error) {
    assert.ok(error instanceof DatasetError, `${(error as Error).name}: ${(error as Error).message}`);
    assert.ok((error as Error).message.includes(name), (error as Error).message);
    counts.refused++;
    return;
  }
  assert.equal(idx.data.length, idx.shape.reduce((p, q) => p * q, 1));
  counts.read++;
}

test('property: any mutation of a valid IDX file is read whole or refused naming the file (fast-check, 500 plain + 100 gzipped)', (t) => {
  fc.assert(fc.property(validIdx, mutation, ({ bytes }, mutate) => check(() => parseIdx(mutate(bytes), 'm.idx'), 'm.idx')), { numRuns: 500, seed: 12 });
  const dir = tempDir();
  let n = 0;
  fc.assert(
    fc.property(validIdx, mutation, fc.boolean(), ({ bytes }, mutate, gzipFirst) => {
      const path = join(dir, `g${n++}.idx.gz`);
      // The mutation hits the gzip bytes themselves, or the IDX bytes inside the gzip.
      writeBytes(path, gzipFirst ? mutate(gzipSync(bytes)) : gzipSync(mutate(bytes)));
      check(() => readIdx(path), path);
    }),
    { numRuns: 100, seed: 12 },
  );
  assert.ok(counts.read > 20 && counts.refused > 100, JSON.stringify(counts));
  t.diagnostic(`IDX files: ${counts.tried} mutated, ${counts.read} read, ${counts.refused} refused cleanly, 0 crashes`);
});
