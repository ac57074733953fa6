/** examples/regression.ts runs as a user would run it and fits the surface (R² ≥ 0.95). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('examples/regression: squared loss, one output, test R² ≥ 0.95', () => {
  const script = fileURLToPath(new URL('../../examples/regression.js', import.meta.url));
  const { status, stdout, stderr } = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(status, 0, stderr);
  const r2 = Number(stdout.match(/test R² ([\d.]+)/)?.[1]);
  assert.ok(r2 >= 0.95, stdout);
});
