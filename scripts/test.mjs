// Runs the whole test suite once per backend: the default (wasm where it loads) and the js
// reference, so every kernel path is exercised. Exits non-zero if either run fails.
import { spawnSync } from 'node:child_process';

let failed = false;
for (const backend of ['wasm', 'js']) {
  console.log(`\n=== test suite on the ${backend} backend (PERCEPTRON_BACKEND=${backend}) ===`);
  const run = spawnSync(process.execPath, ['--test', 'dist/test/'], {
    stdio: 'inherit',
    env: { ...process.env, PERCEPTRON_BACKEND: backend },
  });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
