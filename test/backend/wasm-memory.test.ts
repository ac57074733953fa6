/**
 * Tensors stay garbage-collected on the wasm backend: a training loop that makes thousands of
 * tensors, never disposing of any, reaches a steady wasm memory size and stays there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, getBackend, noGrad, randint, randn, registerBackend, setBackend, type Tensor } from '../../src/index.js';
import { createWasmBackendSync } from '../../src/backend/wasm/index.js';

test('many epochs of an MLP training loop do not grow the wasm memory', () => {
  // Collect every 8 MiB of tensors, so the steady state comes after a few hundred steps.
  const backend = createWasmBackendSync({ name: 'wasm-memory-test', threads: 1, collectEvery: 8 * 2 ** 20 });
  assert.ok(backend);
  registerBackend(backend);
  const previous = getBackend().name;
  setBackend(backend.name);
  try {
    const X = randn([512, 48]);
    const y = randint(0, 10, [512]);
    const params = [randn([48, 64]).mul(0.1), array(new Float32Array(64)), randn([64, 10]).mul(0.1), array(new Float32Array(10))];
    for (const p of params) p.requiresGrad = true;
    const [W1, b1, W2, b2] = params;
    assert.ok(backend.heap.owns(W1.data), 'tensors live in wasm memory');
    const sizes: number[] = [];
    let loss = Infinity;
    for (let epoch = 0; epoch < 30; epoch++) {
      for (let start = 0; start < 512; start += 64) {
        const Xb = X.slice(0, start, start + 64), yb = y.slice(0, start, start + 64);
        const H = Xb.matmul(W1).add(b1).relu();
        const out = H.matmul(W2).add(b2).logSoftmax(-1).pick(yb).mean().neg();
        out.backward();
        loss = out.item();
        noGrad(() => {
          for (const p of params) {
            p.copy_(p.sub((p.grad as Tensor).mul(0.1)));
            p.grad = null;
          }
        });
      }
      sizes.push(backend.heap.memoryBytes);
    }
    assert.ok(Number.isFinite(loss) && loss < 2.3, `training progresses (loss ${loss})`);
    assert.ok(backend.heap.collections > 0, 'the heap collected synchronously');
    const settled = sizes.slice(10);
    assert.deepEqual(settled, settled.map(() => settled[0]), `memory per epoch: ${sizes.join(', ')}`);
  } finally {
    setBackend(previous);
  }
});

test('a data set that stays alive does not postpone collections; tensors that all stay alive space them out', () => {
  const collectEvery = 8 * 2 ** 20;
  const MiB = 2 ** 20 / 4; // float32 elements in a MiB
  // One-off live allocation, then 64 MiB of tensors dropped at once: about one collection per 8 MiB.
  const first = createWasmBackendSync({ name: 'wasm-collect-data-set', threads: 1, collectEvery });
  assert.ok(first);
  const dataSet = first.heap.allocate('float32', 32 * MiB);
  for (let i = 0; i < 64; i++) first.heap.allocate('float32', MiB).fill(i);
  assert.ok(first.heap.collections >= 6, `collections: ${first.heap.collections} (one every 8 MiB expected)`);
  assert.ok(first.heap.memoryBytes < (32 + 32) * 2 ** 20, `memory ${first.heap.memoryBytes / 2 ** 20} MiB stays near the data set plus a few collections' worth`);
  assert.equal(dataSet.length, 32 * MiB);
  // 64 MiB of tensors all kept: collections find nothing, so they come ever further apart.
  const second = createWasmBackendSync({ name: 'wasm-collect-kept', threads: 1, collectEvery });
  assert.ok(second);
  const kept = Array.from({ length: 64 }, (_, i) => second.heap.allocate('float32', MiB).fill(i));
  assert.ok(second.heap.collections <= 4, `collections: ${second.heap.collections} (8, 8, 16, 32 MiB apart at most)`);
  assert.ok(kept.every((a, i) => a[0] === i && a[MiB - 1] === i), 'kept tensors keep their values');
});
