// Runs the whole test suite once per backend: native (where its addon was built), wasm and the js
// reference, so every kernel path is exercised. Exits non-zero if any run fails.
//
// Each run's TAP output goes through as it comes; the failures of every run are printed again at
// the very end, so that a log cut to its last lines (a CI summary) still says what failed and why.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Runs the suite on one backend; resolves to its exit status and the TAP blocks of failed tests. */
function runSuite(backend) {
  console.log(`\n=== test suite on the ${backend} backend (PERCEPTRON_BACKEND=${backend}) ===`);
  const child = spawn(process.execPath, ['--test', 'dist/test/'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PERCEPTRON_BACKEND: backend },
  });
  const failures = [];
  let current = null; // the lines of the failure being read, until its YAML block ends
  const counts = { pass: 0, fail: 0 };
  let pending = '';
  const readLine = (line) => {
    const count = /^# (pass|fail) (\d+)$/.exec(line);
    if (count) counts[count[1]] += Number(count[2]);
    if (current) {
      current.push(line);
      if (/^\s*\.\.\.$/.test(line)) {
        failures.push(current.join('\n'));
        current = null;
      }
    } else if (/^\s*not ok \d+/.test(line)) {
      current = [line];
    }
  };
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop();
    for (const line of lines) readLine(line);
  });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      if (pending) readLine(pending);
      if (current) failures.push(current.join('\n'));
      resolve({ backend, ok: code === 0, status: signal ?? code, failures, counts });
    });
  });
}

const results = [];
// native where its addon was built (npm run build:native), then wasm and the js reference.
const backends = existsSync('build/native/perceptron.node') ? ['native', 'wasm', 'js'] : ['wasm', 'js'];
for (const backend of backends) results.push(await runSuite(backend));
const failed = results.filter((result) => !result.ok);
for (const { backend, status, failures } of failed) {
  console.log(`\n=== failed on the ${backend} backend (exit ${status}): ${failures.length} failing test(s) ===`);
  for (const failure of failures) console.log(failure);
}
const total = (key) => results.reduce((sum, result) => sum + result.counts[key], 0);
console.log(`\n${results.map(({ backend, counts }) => `${backend} ${counts.pass}/${counts.pass + counts.fail}`).join(', ')}`);
console.log(`tests: ${total('pass')} passed, ${total('fail')} failed`);
process.exit(failed.length > 0 ? 1 : 0);
