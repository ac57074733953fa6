/** The pooled heap's allocator (wasm and native tensors): size classes, views across memory growth, reuse, the JS-heap fallback. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sizeClass, PooledHeap } from '../../src/backend/heap.js';

const sharedMemory = (pages = 1) => new WebAssembly.Memory({ initial: pages, maximum: 65536, shared: true });

test('size classes hold the request, are 64-byte aligned, and waste at most an eighth past 512 bytes', () => {
  let previous = 0;
  for (let bytes = 1; bytes < 3_000_000; bytes = Math.ceil(bytes * 1.07)) {
    const block = sizeClass(bytes);
    assert.ok(block >= bytes && block % 64 === 0, `${bytes} → ${block}`);
    assert.ok(block >= previous, 'classes grow with the request');
    if (bytes > 512) assert.ok(block <= bytes * 1.125 + 64, `${bytes} → ${block}`);
    previous = block;
  }
});

test('arrays stay valid and owned after the memory grows; JS-heap arrays are not owned', () => {
  const heap = new PooledHeap(sharedMemory(), { base: 1024 });
  const first = heap.allocate('float32', 100);
  first.fill(7);
  const big = heap.allocate('float64', 1_000_000);
  assert.ok(heap.memoryBytes >= 8_000_000, 'the memory grew');
  assert.equal(first.length, 100);
  assert.deepEqual([...first.subarray(0, 3)], [7, 7, 7]);
  assert.ok(heap.owns(first) && heap.owns(big));
  assert.ok(!heap.owns(new Float32Array(4)));
  assert.equal(big.byteOffset % 64, 0);
});

test('a released block is handed out again, zeroed unless asked otherwise', () => {
  const heap = new PooledHeap(sharedMemory(), { base: 1024 });
  const a = heap.take(1000);
  heap.u8.fill(9, a, a + 1000);
  heap.release(a, 1000);
  const b = heap.take(990);
  assert.equal(b, a, 'the same size class reuses the block');
  assert.ok(heap.u8.subarray(b, b + 990).every((v) => v === 0));
  heap.release(b, 990);
  heap.u8.fill(9, b, b + 990);
  const c = heap.take(1000, false);
  assert.equal(c, a);
  assert.equal(heap.u8[c], 9, 'not cleared when zeroed is false');
});

test('without a synchronous collector, tensors past the soft limit go to the JS heap', () => {
  const heap = new PooledHeap(sharedMemory(), { base: 1024, softLimit: 1 << 20 });
  const inside = heap.allocate('float32', 100_000);
  const outside = heap.allocate('float32', 200_000);
  assert.ok(heap.owns(inside));
  assert.ok(!heap.owns(outside) && outside instanceof Float32Array && outside.length === 200_000);
  assert.ok(heap.memoryBytes <= 1 << 20);
});
