// Runs the whole test suite: dist/test/ once per backend — native (where its addon was built), wasm
// and the js reference, so every kernel path is exercised — then dist/test/integration/ once (the
// bundlers in Chromium, ONNX Runtime, PyTorch: they test files and programs, not kernels). Exits
// non-zero if any run fails.
//
// Each run's TAP output goes through as it comes; the failures of every run are printed again at
// the very end, so that a log cut to its last lines (a CI summary) still says what failed and why.
//
// Nothing may hang: every test has a time limit (TEST_TIMEOUT_MS unless it sets its own), and a
// run still going after RUN_LIMIT_MS is stopped, naming the last test that had finished.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const TEST_TIMEOUT_MS = 5 * 60_000;
const RUN_LIMIT_MS = 25 * 60_000;
const INTEGRATION = join('dist', 'test', 'integration');

/** The test files under `folder` (*.test.js), sorted, leaving out `except`. */
function testFiles(folder, except) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) { if (path !== except) walk(path); }
      else if (entry.name.endsWith('.test.js')) files.push(path);
    }
  };
  if (existsSync(folder)) walk(folder);
  return files.sort();
}

/** Runs `files` in one node --test process; resolves to its exit status and the TAP blocks of failed tests. */
function runSuite(name, files, env) {
  console.log(`\n=== ${name} (${files.length} files) ===`);
  const child = spawn(process.execPath, ['--test', `--test-timeout=${TEST_TIMEOUT_MS}`, ...files], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const failures = [];
  let lastFinished = '(none)';
  let current = null; // the lines of the failure being read, until its YAML block ends
  const counts = { pass: 0, fail: 0 };
  let pending = '';
  const readLine = (line) => {
    const count = /^# (pass|fail) (\d+)$/.exec(line);
    if (count) counts[count[1]] += Number(count[2]);
    const finished = /^\s*(?:not )?ok \d+ - (.*)$/.exec(line);
    if (finished) lastFinished = finished[1];
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
  const watchdog = setTimeout(() => {
    failures.push(`not ok - ${name}: still running after ${RUN_LIMIT_MS / 60_000} minutes, stopped; the last test to finish was '${lastFinished}'`);
    counts.fail += 1;
    child.kill('SIGKILL');
  }, RUN_LIMIT_MS);
  return new Promise((resolve) => {
    const finish = (code, signal) => {
      clearTimeout(watchdog);
      if (pending) readLine(pending);
      pending = '';
      if (current) failures.push(current.join('\n'));
      current = null;
      resolve({ name, ok: code === 0, status: signal ?? code, failures, counts });
    };
    child.on('close', finish);
    // A stopped run may leave a grandchild holding the output pipe open; 'close' would never come.
    child.on('exit', (code, signal) => { if (signal === 'SIGKILL') finish(code, signal); });
  });
}

const results = [];
const unitFiles = testFiles(join('dist', 'test'), INTEGRATION);
// native where its addon was built (npm run build:native), then wasm and the js reference.
const backends = existsSync('build/native/perceptron.node') ? ['native', 'wasm', 'js'] : ['wasm', 'js'];
for (const backend of backends) {
  results.push(await runSuite(`${backend} backend (PERCEPTRON_BACKEND=${backend})`, unitFiles, { PERCEPTRON_BACKEND: backend }));
}
const integrationFiles = testFiles(INTEGRATION);
if (integrationFiles.length > 0) results.push(await runSuite('integration (default backend)', integrationFiles, {}));

const failed = results.filter((result) => !result.ok);
for (const { name, status, failures } of failed) {
  console.log(`\n=== failed: ${name} (exit ${status}): ${failures.length} failing test(s) ===`);
  for (const failure of failures) console.log(failure);
}
const total = (key) => results.reduce((sum, result) => sum + result.counts[key], 0);
console.log(`\n${results.map(({ name, counts }) => `${name.split(' (')[0]} ${counts.pass}/${counts.pass + counts.fail}`).join(', ')}`);
console.log(`tests: ${total('pass')} passed, ${total('fail')} failed`);
process.exit(failed.length > 0 ? 1 : 0);
