/**
 * Memory stays flat on the native backend: tensors are garbage-collected typed arrays in its
 * pooled heap (blocks recycled once their tensors are collected), and the addon keeps only scratch
 * for matrix products, reused from one product to the next. Many epochs of a training loop (an MLP
 * with dropout, Adam, cross-entropy) must reach a steady state: the same scratch bytes, the same
 * heap size once it has grown to its first collections, the same live tensor bytes after a
 * collection at every epoch's end, and about the same resident memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { getBackend, nn, optim, randint, randn, registerBackend, setBackend } from '../../src/index.js';
import { createNativeBackendSync, nativeIsas } from '../../src/backend/native/index.js';

// A full collection on demand, without starting the test runner with --expose-gc.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const MiB = 2 ** 20;

test('forty epochs of MLP training on native hold the same native scratch, array buffers and resident memory', { timeout: 120_000 }, (t) => {
  if (nativeIsas().length === 0) {
    // Where the addon was not built, there is no native memory to watch: native-kernels.test.ts
    // checks the fallback instead. Nothing here may pass vacuously, so say what ran.
    t.diagnostic('native addon not built: checked the wasm fallback instead');
  }
  const backend = nativeIsas().length > 0 ? createNativeBackendSync({ name: 'native-memory-test', threads: 2 }) : undefined;
  const previous = getBackend().name;
  if (backend) {
    registerBackend(backend);
    setBackend(backend.name);
  }
  try {
    const X = randn([1024, 256]);
    const y = randint(0, 10, [1024]);
    const model = nn.mlp([256, 256, 128, 10], { dropout: 0.2 });
    const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
    const lossFunction = new nn.CrossEntropyLoss();
    const samples: { scratch: number; heapBytes: number; liveBytes: number; arrayBuffers: number; rss: number; loss: number }[] = [];
    for (let epoch = 0; epoch < 40; epoch++) {
      let loss = 0;
      for (let start = 0; start < 1024; start += 128) {
        const out = lossFunction.call(model.call(X.slice(0, start, start + 128)), y.slice(0, start, start + 128));
        optimizer.zeroGrad();
        out.backward();
        optimizer.step();
        loss = out.item();
      }
      collectGarbage();
      backend?.heap?.collect();
      const { arrayBuffers, rss } = process.memoryUsage();
      samples.push({ scratch: backend?.memoryBytes ?? 0, heapBytes: backend?.heap?.memoryBytes ?? 0, liveBytes: backend?.heap?.liveBytes ?? 0, arrayBuffers, rss, loss });
    }
    const first = samples[0], last = samples[samples.length - 1];
    const trace = samples.map((s) => `${(s.liveBytes / MiB).toFixed(2)}/${(s.heapBytes / MiB).toFixed(0)}/${(s.arrayBuffers / MiB).toFixed(1)}/${(s.rss / MiB).toFixed(0)}`).join(' ');
    assert.ok(last.loss < first.loss * 0.5, `the model trains (loss ${first.loss} → ${last.loss}), so every kernel ran`);
    if (backend) {
      const scratch = samples[1].scratch;
      assert.ok(scratch > 0, 'matrix products used native scratch');
      assert.deepEqual(samples.slice(1).map((s) => s.scratch), samples.slice(1).map(() => scratch), 'native scratch is reused, never grown again');
      // The heap grows until its first collections (128 MiB of tensors handed out, the first
      // epochs here), then recycles: no growth over the last twenty epochs. The tensors alive
      // after a collection (data, parameters, Adam's moments) are the same bytes at every epoch
      // end; a leak of one 128×256 tensor per step adds 1 MiB an epoch.
      assert.ok(samples[19].heapBytes > 0, 'tensors live in the pooled heap');
      assert.deepEqual(samples.slice(20).map((s) => s.heapBytes), samples.slice(20).map(() => samples[19].heapBytes), `the pooled heap keeps growing (live MiB/heap MiB/array buffers MiB/resident MiB per epoch): ${trace}`);
      assert.ok(last.liveBytes - samples[5].liveBytes <= 64 * 1024, `live tensor bytes grow (live MiB/heap MiB/array buffers MiB/resident MiB per epoch): ${trace}`);
    }
    // V8 frees array buffers behind the collection, so one reading may still count a few steps'
    // JS-heap arrays (up to ~15 MiB here); the least of ten readings does not. Resident memory is
    // compared once the heap has stopped growing (epoch 20 on).
    const least = (from: number, key: 'arrayBuffers' | 'rss') => Math.min(...samples.slice(from, from + 10).map((s) => s[key]));
    assert.ok(least(30, 'arrayBuffers') - least(20, 'arrayBuffers') < 2 * MiB, `live array buffers grow (live MiB/heap MiB/array buffers MiB/resident MiB per epoch): ${trace}`);
    assert.ok(least(30, 'rss') - least(20, 'rss') < 16 * MiB, `resident memory grows (live MiB/heap MiB/array buffers MiB/resident MiB per epoch): ${trace}`);
  } finally {
    setBackend(previous);
  }
});
