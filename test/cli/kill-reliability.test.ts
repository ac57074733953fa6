/**
 * Killing `perceptron train --out` at random moments (SIGKILL, SIGTERM, SIGINT): the checkpoint is
 * always whole and loadable, once written it is never lost, and no temporary file outlives the
 * next run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { train } from '../../src/index.js';
import { runCli } from './run-cli.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const TRAIN = ['train', '--dataset', 'circle', '--samples', '300', '--hidden', '16', '--batch-size', '32', '--quiet'];

/** The moments (ms after the start) and signals of the kills: fixed, so a failure can be replayed. */
const KILLS: [number, NodeJS.Signals][] = [
  [450, 'SIGKILL'], [900, 'SIGKILL'], [620, 'SIGTERM'], [1300, 'SIGKILL'], [740, 'SIGINT'], [1100, 'SIGKILL'], [980, 'SIGTERM'], [1600, 'SIGKILL'],
];

const temporaries = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

test('8 kills of a training run at random moments: the checkpoint is always loadable, never lost, and no temporary file survives the next run', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kill-train-'));
  const out = join(dir, 'ck.safetensors');
  const counts = { kills: 0, loaded: 0, temporariesLeftByKill9: 0, lost: 0 };
  for (const [delay, signal] of KILLS) {
    const existed = existsSync(out);
    const child = spawn(process.execPath, [MAIN, ...TRAIN, '--epochs', '100000', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, s) => resolve(s)));
    await new Promise((resolve) => setTimeout(resolve, delay));
    child.kill(signal);
    assert.equal(await exited, signal, `killed by ${signal} (stderr: ${stderr})`);
    counts.kills++;
    if (existed && !existsSync(out)) counts.lost++;
    if (existsSync(out)) {
      const checkpoint = await train.loadCheckpoint(out);
      assert.ok(checkpoint.epoch >= 1 && checkpoint.weights.size > 0);
      counts.loaded++;
    }
    const left = temporaries(dir);
    if (signal === 'SIGKILL') counts.temporariesLeftByKill9 += left.length;
    else assert.deepEqual(left, [], `${signal} removes the save's temporary file`);
  }
  assert.equal(counts.lost, 0, 'a written checkpoint is never lost');
  assert.ok(counts.loaded >= 6, `most kills came after the first save: ${JSON.stringify(counts)}`);
  // The next run, to its end: it removes what the kill -9s left, and leaves nothing of its own.
  const next = runCli([...TRAIN, '--epochs', '2', '--out', out]);
  assert.equal(next.status, 0, next.stderr);
  assert.deepEqual(temporaries(dir), []);
  assert.equal((await train.loadCheckpoint(out)).epoch, 2);
  t.diagnostic(`training kills: ${counts.kills} (SIGKILL 5, SIGTERM 2, SIGINT 1), checkpoints loaded ${counts.loaded}, files lost ${counts.lost}, temporary files left by kill -9 and removed by the next run ${counts.temporariesLeftByKill9}`);
});
