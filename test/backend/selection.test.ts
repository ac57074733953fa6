/** Choosing a backend: the fastest present by default (native, wasm, js), PERCEPTRON_BACKEND and setBackend to choose. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getBackend, listBackends, setBackend, zeros } from '../../src/index.js';
import type { WasmBackend } from '../../src/backend/wasm/index.js';
import { inChild } from '../child.js';


test('Node gets the fastest backend by default (native where its addon was built, else wasm); PERCEPTRON_BACKEND=js forces the reference', () => {
  assert.ok(listBackends().includes('wasm'));
  assert.equal(inChild({ PERCEPTRON_BACKEND: undefined }, 'p.getBackend().name'), listBackends().includes('native') ? 'native' : 'wasm');
  assert.equal(inChild({ PERCEPTRON_BACKEND: 'js' }, 'p.getBackend().name'), 'js');
});

test('PERCEPTRON_THREADS sets the size of the worker pool', () => {
  assert.equal(inChild({ PERCEPTRON_BACKEND: 'wasm', PERCEPTRON_THREADS: '1' }, 'p.getBackend().threads'), '1');
  assert.equal(inChild({ PERCEPTRON_BACKEND: 'wasm', PERCEPTRON_THREADS: '3' }, 'p.getBackend().threads'), '3');
});

test('setBackend switches kernels and where new tensors live', () => {
  const previous = getBackend().name;
  try {
    setBackend('wasm');
    const wasm = getBackend() as WasmBackend;
    assert.ok(wasm.heap.owns(zeros([100]).data), 'wasm tensors live in wasm memory');
    setBackend('js');
    assert.equal(getBackend().name, 'js');
    assert.ok(!wasm.heap.owns(zeros([100]).data), 'js tensors live on the JS heap');
    assert.throws(() => setBackend('cuda'), /unknown backend 'cuda'/);
  } finally {
    setBackend(previous);
  }
});
