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
