/** Atomic saves: no temporary file outlives its process, whether it is stopped by a signal or killed outright. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomically } from '../../src/io/atomic-file.js';

const ATOMIC_FILE = fileURLToPath(new URL('../../src/io/atomic-file.js', import.meta.url));

/** The id of a process that has exited (a child that did nothing). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

test("a save removes its file's temporaries left by dead processes, and no one else's", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'atomic-stale-'));
  const dead = deadPid();
  const stale = [`ck.safetensors.${dead}.0.tmp`, `ck.safetensors.${dead}.17.tmp`];
  const kept = [
    `ck.safetensors.${process.ppid}.0.tmp`, // a live process (the test runner) may be saving right now
    `other.safetensors.${dead}.0.tmp`, // another file's
    'ck.safetensors.tmp',
    `ck.safetensors.${dead}.x.tmp`,
    'notes.txt',
  ];
  for (const name of [...stale, ...kept]) writeFileSync(join(dir, name), 'partial');
  await writeFileAtomically(join(dir, 'ck.safetensors'), new Uint8Array([1, 2, 3]));
  assert.deepEqual(readdirSync(dir).sort(), [...kept, 'ck.safetensors'].sort());
  assert.deepEqual([...readFileSync(join(dir, 'ck.safetensors'))], [1, 2, 3]);
});

/**
 * A process that saves `bytes` (4 MB unless told) to `path` over and over (each save's bytes all
 * equal to its count), printing 'saving' once the first save is under way; with 4 MB a signal
 * almost always lands mid-save, with a few bytes often between two saves.
 */
const SAVER = (path: string, bytes = 4 << 20) => `
  import { writeFileAtomically } from ${JSON.stringify(ATOMIC_FILE)};
  const path = ${JSON.stringify(path)};
  for (let n = 1; ; n++) {
    const saved = writeFileAtomically(path, new Uint8Array(${bytes}).fill(n % 256));
    if (n === 1) console.log('saving');
    await saved;
  }
`;

test('SIGINT or SIGTERM in the middle of saves: the process still dies by the signal, leaves no temporary file and a whole file', async () => {
  const signals = ['SIGTERM', 'SIGINT', 'SIGTERM', 'SIGINT', 'SIGTERM', 'SIGINT'] as const;
  for (const [i, signal] of signals.entries()) {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-signal-'));
    const path = join(dir, 'ck.bin');
    const child = spawn(process.execPath, ['--input-type=module', '-e', SAVER(path)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, s) => resolve(s)));
    // The first save under way, or the child's end (a failure to start must not hang the test).
    const started = await Promise.race([
      new Promise<boolean>((resolve) => child.stdout.once('data', () => resolve(true))),
      exit.then(() => false),
    ]);
    assert.ok(started, `the saving process ended before saving: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20 + 37 * i)); // some saves in
    child.kill(signal);
    assert.equal(await exit, signal, `the default action of the signal still ends the process (${stderr})`);
    const files = readdirSync(dir);
    assert.deepEqual(files.filter((name) => name.endsWith('.tmp')), [], `after ${signal}: ${files.join(', ')}`);
    if (files.includes('ck.bin')) {
      const bytes = readFileSync(path);
      assert.equal(bytes.length, 4 << 20);
      assert.ok(bytes.every((b) => b === bytes[0]), 'one save, whole');
    }
  }
});

test('process.exit() in the middle of a save (its temporary file seen) leaves no temporary file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'atomic-exit-'));
  const path = join(dir, 'ck.bin');
  // Exits with 3 once the temporary file exists, with 4 if the save ended first.
  const script = `
    import { readdirSync } from 'node:fs';
    import { writeFileAtomically } from ${JSON.stringify(ATOMIC_FILE)};
    setInterval(() => { if (readdirSync(${JSON.stringify(dir)}).some((n) => n.endsWith('.tmp'))) process.exit(3); }, 0);
    await writeFileAtomically(${JSON.stringify(path)}, new Uint8Array(64 << 20));
    process.exit(4);
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 3, result.stderr);
  assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), []);
});

test('a signal that lands between two saves is never swallowed: the process dies by it every time', { timeout: 120_000 }, async () => {
  // Node runs signal listeners later than the OS delivers the signal; a listener removed in between
  // (a save finishing) once left the signal unhandled and the process saving forever (5 % of tries).
  for (let i = 0; i < 40; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-between-'));
    const child = spawn(process.execPath, ['--input-type=module', '-e', SAVER(join(dir, 'ck.bin'), 4096)], { stdio: ['ignore', 'pipe', 'ignore'] });
    const exit = new Promise<NodeJS.Signals | 'alive'>((resolve) => child.once('exit', (_code, s) => resolve(s ?? 'alive')));
    await new Promise((resolve) => child.stdout.once('data', resolve));
    await new Promise((resolve) => setTimeout(resolve, 5 + ((i * 7) % 40)));
    const signal = i % 2 === 0 ? 'SIGTERM' : 'SIGINT';
    child.kill(signal);
    const timer = new Promise<'alive'>((resolve) => setTimeout(() => resolve('alive'), 10_000));
    const outcome = await Promise.race([exit, timer]);
    if (outcome === 'alive') child.kill('SIGKILL');
    assert.equal(outcome, signal, `try ${i}: still saving 10 s after ${signal}`);
  }
});
