/**
 * A tensor owns its storage: the constructor copies what it is given (so a view into another
 * tensor's memory, or a buffer the caller reuses, can never alias it), ops share storage only
 * where they mean to (reshape, detach), and Tensor.empty gives owned, uninitialised storage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getBackend, ShapeError, Tensor, zeros } from '../../src/index.js';
import type { WasmBackend } from '../../src/backend/wasm/index.js';

test('new Tensor copies its values: later writes to the source array do not reach the tensor', () => {
  const source = new Float32Array([1, 2, 3, 4, 5, 6]);
  const t = new Tensor(source, [2, 3]);
  assert.notEqual(t.data, source);
  source.fill(0);
  assert.deepEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
});

test('a view into another tensor’s storage becomes a tensor of its own', () => {
  const big = zeros([100, 100]);
  big.data.fill(2.5);
  const view = big.data.subarray(300, 500);
  const t = new Tensor(view, [200]);
  assert.notEqual(t.data.buffer === view.buffer && t.data.byteOffset === view.byteOffset, true, 'not the same memory');
  big.data.fill(-1);
  assert.deepEqual([...new Set(t.data)], [2.5]);
  // On the wasm backend the copy lives in the backend's memory, where kernels read it in place.
  const backend = getBackend() as Partial<WasmBackend>;
  if (backend.heap && backend.build?.shared) assert.ok(backend.heap.owns(t.data), 'the copy is in wasm memory');
});

test('reshape and detach share storage (views), clone does not', () => {
  const x = new Tensor(new Float64Array([1, 2, 3, 4]), [2, 2]);
  assert.equal(x.reshape(4).data, x.data);
  assert.equal(x.detach().data, x.data);
  assert.notEqual(x.clone().data, x.data);
});

test('Tensor.empty gives storage of the shape and dtype, and refuses sizes that are not non-negative integers', () => {
  const t = Tensor.empty([3, 0, 2], 'int32');
  assert.equal(t.dtype, 'int32');
  assert.deepEqual(t.shape, [3, 0, 2]);
  assert.equal(t.data.length, 0);
  const u = Tensor.empty([4, 5]);
  assert.equal(u.dtype, 'float32');
  assert.equal(u.data.length, 20);
  assert.throws(() => Tensor.empty([2, -1]), (e: unknown) => e instanceof ShapeError && /Tensor\.empty/.test(e.message) && /\[2, -1\]/.test(e.message));
  assert.throws(() => Tensor.empty([1.5]), ShapeError);
});
