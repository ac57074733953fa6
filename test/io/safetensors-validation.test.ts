/**
 * The safetensors reader checks the whole header: offsets non-negative, in order, in bounds and
 * covering the data; every error a SafetensorsError naming the file and the tensor or field.
 * Then a property test: any mutation of a valid header is read right or refused cleanly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { array } from '../../src/index.js';
import { decodeSafetensors, encodeSafetensors, SafetensorsError, type DecodedSafetensors } from '../../src/io/safetensors.js';
import { withHeader } from './safetensors-bytes.js';

const refused = (bytes: Uint8Array, message: RegExp) =>
  assert.throws(() => decodeSafetensors(bytes, 'w.safetensors'), (e: Error) => {
    assert.ok(e instanceof SafetensorsError, `${e.constructor.name}: ${e.message}`);
    assert.match(e.message, /^w\.safetensors: /);
    assert.match(e.message, message);
    return true;
  });

test('negative data offsets are refused (they read the header as weights)', () => {
  // 8 data bytes; a tensor at [-4, 4) would take 4 bytes of the header.
  refused(withHeader({ x: { dtype: 'F32', shape: [2], data_offsets: [-4, 4] } }, new Uint8Array(8)), /tensor 'x': data_offsets \[-4,4\]/);
  refused(withHeader({ x: { dtype: 'F32', shape: [0], data_offsets: [-4, -4] } }, new Uint8Array(0)), /tensor 'x': data_offsets/);
});

test('offsets must be integers in order, and the tensors must cover the data without holes', () => {
  refused(withHeader({ x: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } }, new Uint8Array(4)), /tensor 'x': data_offsets \[4,0\]/);
  refused(withHeader({ x: { dtype: 'F32', shape: [1], data_offsets: [0.5, 4.5] } }, new Uint8Array(5)), /tensor 'x': data_offsets/);
  refused(withHeader({ x: { dtype: 'F32', shape: [1], data_offsets: [0, 4, 8] } }, new Uint8Array(8)), /tensor 'x': data_offsets/);
  refused(withHeader({ x: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8)), /bytes 0–4 of the data belong to no tensor/);
  refused(withHeader({ x: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(12)), /bytes 4–12 of the data belong to no tensor/);
});

test('header entries with missing or wrong fields name the tensor and the field', () => {
  refused(withHeader({ x: null }), /tensor 'x': expected an object with dtype, shape and data_offsets/);
  refused(withHeader({ x: { dtype: 'F32', data_offsets: [0, 0] } }), /tensor 'x': shape/);
  refused(withHeader({ x: { dtype: 'F32', shape: [-1], data_offsets: [0, 0] } }), /tensor 'x': shape/);
  refused(withHeader({ x: { dtype: 'F32', shape: [2 ** 60, 2 ** 60], data_offsets: [0, 0] } }), /tensor 'x': shape/);
  refused(withHeader({ x: { shape: [0], data_offsets: [0, 0] } }), /tensor 'x': dtype undefined/);
  refused(withHeader([1, 2]), /the header is not a JSON object/);
  refused(withHeader({ __metadata__: { a: 1 } }), /__metadata__/);
  refused(withHeader({ __metadata__: null }), /__metadata__/);
});

/** A valid file of 1–3 small tensors, as bytes, and its header (for mutation). */
const validFile = fc.array(fc.tuple(fc.constantFrom('float32', 'float64', 'int32'), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 })), { minLength: 1, maxLength: 3 }).map((specs) => {
  const tensors = new Map(specs.map(([dtype, shape], i) => [`t${i}`, array(Array.from({ length: shape.reduce((p, q) => p * q, 1) }, (_, k) => k + 1), { dtype: dtype as 'float32' }).reshape(shape)]));
  return encodeSafetensors(tensors, { note: 'x' });
});

/** One change to a header value: a field replaced by a hostile value. */
const hostile = fc.oneof(
  fc.constantFrom(null, -1, -8, 0, 1, 2 ** 53, 1e300, 0.5, '', 'F32', 'I32', 'F16', [], [0], [-4, 4], [4, 0], [0, 1e9], {}, true, 'NaN'),
  fc.integer({ min: -64, max: 64 }),
  fc.array(fc.integer({ min: -16, max: 64 }), { maxLength: 3 }),
);

/** Counts for the reliability note. */
const counts = { tried: 0, read: 0, refused: 0 };

test('property: any one-field mutation of a valid header is read whole or refused with a SafetensorsError (fast-check, 600 files)', (t) => {
  fc.assert(
    fc.property(validFile, fc.nat(), fc.constantFrom('dtype', 'shape', 'data_offsets', 'data_offsets.0', 'data_offsets.1', 'shape.0', '__metadata__', 'extra'), hostile, (bytes, which, field, value) => {
      const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
      const names = Object.keys(header).filter((n) => n !== '__metadata__');
      const name = names[which % names.length];
      if (field === '__metadata__') header.__metadata__ = value;
      else if (field === 'extra') header[`extra${which % 3}`] = value;
      else {
        const [key, index] = field.split('.');
        if (index === undefined) header[name][key] = value;
        else if (Array.isArray(header[name][key])) header[name][key][Number(index)] = value;
      }
      const mutated = withHeader(header, bytes.subarray(8 + headerLength));
      counts.tried++;
      let decoded: DecodedSafetensors;
      try {
        decoded = decodeSafetensors(mutated, 'm.safetensors');
      } catch (error) {
        assert.ok(error instanceof SafetensorsError, `${(error as Error).constructor.name}: ${(error as Error).message}`);
        assert.match((error as Error).message, /^m\.safetensors: /);
        counts.refused++;
        return;
      }
      counts.read++;
      // Read: every tensor's bytes are exactly its span of the data, which the spans tile.
      const dataStart = 8 + JSON.stringify(header).length;
      let covered = 0;
      const spans = Object.entries(header).filter(([n]) => n !== '__metadata__').map(([n, e]) => [n, (e as { data_offsets: number[] }).data_offsets] as const).sort((a, b) => a[1][0] - b[1][0]);
      for (const [n, [begin, end]] of spans) {
        assert.equal(begin, covered);
        const tensor = decoded.tensors.get(n)!;
        assert.deepEqual(new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength), mutated.subarray(dataStart + begin, dataStart + end));
        covered = end;
      }
      assert.equal(covered, mutated.length - dataStart);
    }),
    { numRuns: 600, seed: 8 },
  );
  assert.ok(counts.refused > 100 && counts.read >= 10, `both outcomes tried: ${JSON.stringify(counts)}`);
  t.diagnostic(`safetensors headers: ${counts.tried} mutated files, ${counts.read} read, ${counts.refused} refused cleanly, 0 crashes`);
});
