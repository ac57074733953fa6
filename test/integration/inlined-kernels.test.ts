/**
 * The package's inlined copies (dist/src/backend/wasm/inlined.js, made by
 * scripts/build-wasm-assets.mjs), which bundles that did not copy the packaged files use: each of
 * the four builds, two of them derived from the shared ones, is byte for byte the packaged file,
 * and the worker script is the served one.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileName, inlinedKernels } from '../../src/backend/wasm/load.js';
import { REPOSITORY } from './web-app.js';

test('the inlined kernels decode to the four packaged builds, byte for byte', async () => {
  for (const relaxed of [false, true]) {
    for (const shared of [false, true]) {
      const file = fileName({ relaxed, shared });
      const packaged = readFileSync(join(REPOSITORY, 'assets/wasm', file));
      assert.ok(Buffer.from(await inlinedKernels({ relaxed, shared })).equals(packaged), `${file} as inlined`);
    }
  }
});

test('the inlined worker script is the served dist/wasm/worker.js', async () => {
  const { workerScript } = await import('../../src/backend/wasm/inlined.js');
  assert.equal(workerScript, readFileSync(join(REPOSITORY, 'dist/wasm/worker.js'), 'utf8'));
});
