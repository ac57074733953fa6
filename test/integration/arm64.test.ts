/**
 * The native backend on ARM64, checked from this x86-64 machine: the addon cross-compiles for
 * AArch64 with its NEON table, and the NEON matrix products and elementwise kernels, run under
 * qemu, agree with a float64 reference and with the generic table (scripts/check-arm64.mjs).
 * .ci/run installs the cross compiler and qemu; without them this test fails, saying so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../../scripts/check-arm64.mjs', import.meta.url));

test('the native addon builds for ARM64, and its NEON kernels agree with the references under qemu', { timeout: 300_000 }, () => {
  const result = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
  assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  assert.match(result.stdout, /addon: ELF 64-bit LSB shared object, ARM aarch64/);
  assert.match(result.stdout, /^generic \(4x8\): products and elementwise kernels agree$/m);
  assert.match(result.stdout, /^neon \(8x12\): products and elementwise kernels agree$/m);
});
