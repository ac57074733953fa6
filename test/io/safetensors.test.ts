/** safetensors: reading a file written independently (by the format's spec, from PyTorch), round trips, and errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { array } from '../../src/index.js';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from '../../src/io/safetensors.js';
import { withHeader } from './safetensors-bytes.js';

const reference = new Uint8Array(readFileSync(new URL('../../../test/golden/reference.safetensors', import.meta.url)));

test('reads a file written from PyTorch tensors: names, dtypes, shapes, values, metadata', () => {
  const { tensors, metadata } = decodeSafetensors(reference, 'reference.safetensors');
  assert.deepEqual([...tensors.keys()], ['hidden.weight', 'hidden.bias', 'labels']);
  const w = tensors.get('hidden.weight')!;
  assert.equal(w.dtype, 'float32');
  assert.deepEqual(w.toArray(), [[0, 0.25, 0.5], [0.75, 1, 1.25]]);
  assert.equal(tensors.get('hidden.bias')!.dtype, 'float64');
  assert.deepEqual(tensors.get('hidden.bias')!.toArray(), [-1.5, 2.25]);
  assert.deepEqual(tensors.get('labels')!.toArray(), [3, -7, 2 ** 31 - 1]);
  assert.equal(metadata.format, 'pt');
});

test('what we write decodes to the same tensors, with an 8-byte aligned data section', () => {
  const tensors = new Map([
    ['a', array([[1.5, -2], [3, 4]])],
    ['b', array([1e-300, 7], { dtype: 'float64' })],
    ['c', array([1, 2, 3], { dtype: 'int32' })],
    ['empty', array([], { dtype: 'float32' })],
  ]);
  const bytes = encodeSafetensors(tensors, { epoch: '3' });
  const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal((8 + headerLength) % 8, 0);
  const decoded = decodeSafetensors(bytes);
  for (const [name, t] of tensors) {
    assert.deepEqual(decoded.tensors.get(name)!.toArray(), t.toArray(), name);
    assert.equal(decoded.tensors.get(name)!.dtype, t.dtype);
  }
  assert.deepEqual(decoded.metadata, { epoch: '3' });
});

const corrupt: [string, Uint8Array, RegExp][] = [
  ['too short', new Uint8Array(3), /too short/],
  ['truncated', reference.subarray(0, reference.length - 5), /outside the .* data bytes \(truncated file\?\)/],
  ['header longer than the file', withHeader({}).subarray(0, 9), /claims 2 bytes but only 1 follow/],
  ['not JSON', (() => { const b = withHeader({ a: 1 }); b[8] = 0x5b; return b; })(), /not valid JSON/],
  ['unknown dtype', withHeader({ x: { dtype: 'F16', shape: [1], data_offsets: [0, 2] } }, new Uint8Array(2)), /dtype "F16"/],
  ['wrong byte count', withHeader({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, new Uint8Array(4)), /needs 8 bytes/],
  ['overlap', withHeader({ x: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, y: { dtype: 'F32', shape: [1], data_offsets: [2, 6] } }, new Uint8Array(6)), /overlap/],
];
for (const [what, bytes, message] of corrupt) {
  test(`a corrupt file (${what}) gets a SafetensorsError naming the file`, () => {
    assert.throws(() => decodeSafetensors(bytes, 'model.safetensors'), (e: Error) => e instanceof SafetensorsError && e.message.startsWith('model.safetensors: ') && message.test(e.message));
  });
}
