/** A closed output pipe (`perceptron … | head -1`): a quiet exit, as Unix tools make, never a stack trace. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** The exit status 128 + SIGPIPE (13) that a shell reports for a tool stopped by a closed pipe. */
const EXIT_PIPE = 141;

/**
 * Runs the CLI with one of its output pipes closed by the reader at once (as `head -1` closes
 * it after its line); resolves with the exit status and everything written to the other pipe.
 */
function runWithClosedPipe(args: string[], closed: 'stdout' | 'stderr'): Promise<{ status: number | null; signal: string | null; other: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child[closed].destroy();
    let other = '';
    child[closed === 'stdout' ? 'stderr' : 'stdout'].on('data', (chunk: Buffer) => (other += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`perceptron ${args.join(' ')} still running after 60 s with its ${closed} closed`));
    }, 60_000);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, other });
    });
  });
}

const TRAIN = ['train', '--dataset', 'circle', '--hidden', '4', '--epochs', '3', '--lr', '0.03'];

test('train | head -1: standard output closed, the run ends quietly with status 141 after its progress', async () => {
  const { status, signal, other: stderr } = await runWithClosedPipe(TRAIN, 'stdout');
  assert.equal(signal, null);
  assert.doesNotMatch(stderr, /EPIPE|Error|at /, 'no stack trace');
  assert.equal(stderr.split('\n').filter((line) => /^epoch [1-3]\/3  loss /.test(line)).length, 3, stderr);
  assert.equal(status, EXIT_PIPE, stderr);
});

test('train 2>&1 | head -1: standard error closed, the run ends quietly with status 141 and writes no stack trace', async () => {
  const { status, signal, other: stdout } = await runWithClosedPipe(TRAIN, 'stderr');
  assert.equal(signal, null);
  assert.doesNotMatch(stdout, /EPIPE|Error|at /);
  assert.equal(status, EXIT_PIPE);
});

test('activations | head -1: a command that only writes to standard output ends quietly too', async () => {
  const { status, other: stderr } = await runWithClosedPipe(['activations'], 'stdout');
  assert.equal(stderr, '');
  assert.equal(status, EXIT_PIPE);
});
