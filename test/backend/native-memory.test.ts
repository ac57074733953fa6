/**
 * Memory stays flat on the native backend: tensors are garbage-collected JS typed arrays and the
 * addon keeps only scratch for matrix products, reused from one product to the next. Many epochs
 * of a training loop (an MLP with dropout, Adam, cross-entropy) must reach a steady state: the same
 * scratch bytes, and the same live array buffers and about the same resident memory after a full
 * collection at every epoch's end.
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
    const samples: { scratch: number; arrayBuffers: number; rss: number; loss: number }[] = [];
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
      const { arrayBuffers, rss } = process.memoryUsage();
      samples.push({ scratch: backend?.memoryBytes ?? 0, arrayBuffers, rss, loss });
    }
    const first = samples[0], last = samples[samples.length - 1];
    const trace = samples.map((s) => `${(s.arrayBuffers / MiB).toFixed(1)}/${(s.rss / MiB).toFixed(0)}`).join(' ');
    assert.ok(last.loss < first.loss * 0.5, `the model trains (loss ${first.loss} → ${last.loss}), so every kernel ran`);
    if (backend) {
      const scratch = samples[1].scratch;
      assert.ok(scratch > 0, 'matrix products used native scratch');
      assert.deepEqual(samples.slice(1).map((s) => s.scratch), samples.slice(1).map(() => scratch), 'native scratch is reused, never grown again');
    }
    // V8 frees array buffers behind the collection, so one reading may still count a few steps'
    // tensors (up to ~15 MiB here); the least of ten readings does not. A leak of one 128×256
    // tensor per step (1 MiB an epoch) raises the later minimum by 25 MiB.
    const least = (from: number, key: 'arrayBuffers' | 'rss') => Math.min(...samples.slice(from, from + 10).map((s) => s[key]));
    assert.ok(least(30, 'arrayBuffers') - least(5, 'arrayBuffers') < 2 * MiB, `live array buffers grow (MiB, then resident MiB, per epoch): ${trace}`);
    assert.ok(least(30, 'rss') - least(5, 'rss') < 16 * MiB, `resident memory grows (MiB, then resident MiB, per epoch): ${trace}`);
  } finally {
    setBackend(previous);
  }
});
