/**
 * `perceptron export --format torch-script`, run as a user runs it: the script trains Fashion-MNIST
 * on 2 CPU processes (gloo, DistributedDataParallel, started by the script itself through
 * torch.multiprocessing.spawn, meeting on 127.0.0.1), its accuracy falls in the band of the same
 * recipe trained by perceptron, and `perceptron eval` scores the weights it wrote as it did; started
 * as torchrun starts processes, it runs the same; from a checkpoint, it goes on where that stopped.
 *
 * Needs Debian's python3-torch in /usr/bin/python3 (CI installs it); without it the tests fail,
 * saying so. Fashion-MNIST comes from wherever perceptron finds it (Debian's dataset-fashion-mnist).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckpoint } from '../../src/train/checkpoint.js';
import { DEFAULT_RECIPE } from '../../src/train/recipe.js';
import { runCli } from '../cli/run-cli.js';

const PYTHON = '/usr/bin/python3';
/** A short version of the default recipe (784-128-10 instead of 784-512-256-10, 2 epochs instead of 15), to keep CI quick. */
const RECIPE_FLAGS = ['--hidden', '128', '--epochs', '2'];
/**
 * Runs of one recipe with different random draws (PyTorch's generator against perceptron's) land
 * within a few tenths of a percent after 2 epochs. Measured with `perceptron export --format
 * torch-script --out s.py --hidden 128 --epochs 2 --seed S`, `python3 s.py --nproc 2` and
 * `perceptron train --hidden 128 --epochs 2 --seed S`, seeds 0, 1, 2: the script 0.8444, 0.8448,
 * 0.8448; perceptron 0.8478, 0.8432, 0.8482. The band catches a run that is broken (data, layout,
 * loss, a diverging step); test/train/torch-script.test.ts pins each value of the recipe.
 */
const ACCURACY_BAND = 0.015;
const MINUTES = 60_000;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the script in a process group of its own, so that a run past `timeoutMs` is ended with the
 * processes it spawned (a lone worker blocked in a collective would otherwise outlive the test).
 */
function runPython(args: string[], timeoutMs: number, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      stderr += `\n(test: killed after ${timeoutMs / 1000} s)`;
      process.kill(-child.pid!, 'SIGKILL');
    }, timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** A port free on 127.0.0.1 now, for a rendezvous. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    }).on('error', reject);
  });
}

function requireTorch(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(probe.status, 0,
    `${PYTHON} cannot import torch and numpy (${probe.error?.message ?? probe.stderr.trim().split('\n').at(-1)}): ` +
    'install Debian\'s python3-torch (apt-get install -y python3-torch) to run the exported PyTorch scripts');
}

const jsonLine = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

/** The per-process lines 'rank R/2: N training examples per epoch' of a run, as rank → N. */
function examplesPerRank(stdout: string): Map<number, number> {
  return new Map([...stdout.matchAll(/^rank (\d+)\/2: (\d+) training examples per epoch/gm)].map((m) => [Number(m[1]), Number(m[2])]));
}

function perceptronEval(checkpoint: string): { testAccuracy: number; testLoss: number; epochs: number } {
  const run = runCli(['eval', checkpoint, '--json'], { timeoutMs: 2 * MINUTES });
  assert.equal(run.status, 0, run.stderr);
  return jsonLine(run.stdout);
}

test('a recipe exported as a PyTorch script trains on 2 gloo processes to perceptron\'s accuracy, perceptron scores its weights as the script did, and torchrun\'s way of starting it gives the same run',
  { timeout: 8 * MINUTES }, async () => {
    requireTorch();
    const dir = mkdtempSync(join(tmpdir(), 'torch-script-'));
    const script = join(dir, 'train.py');
    const exported = runCli(['export', '--format', 'torch-script', '--out', script, ...RECIPE_FLAGS]);
    assert.equal(exported.status, 0, exported.stderr);

    const result = join(dir, 'result.safetensors');
    const run = await runPython([script, '--nproc', '2', '--out', result], 4 * MINUTES);
    assert.equal(run.status, 0, `the script failed:\n${run.stdout}\n${run.stderr}`);
    const perRank = examplesPerRank(run.stdout);
    assert.deepEqual([...perRank.keys()].sort(), [0, 1], `both processes report:\n${run.stdout}`);
    assert.equal(perRank.get(0)! + perRank.get(1)!, 60_000, 'the two processes share the 60 000 training images');
    assert.match(run.stdout, /^epoch 1\/2 .*\n(?:.*\n)*epoch 2\/2 /m);
    const torchRun = jsonLine(run.stdout);
    assert.equal(torchRun.worldSize, 2);
    assert.equal(torchRun.epochs, 2);

    const own = runCli(['train', ...RECIPE_FLAGS, '--json', '--quiet'], { timeoutMs: 4 * MINUTES });
    assert.equal(own.status, 0, own.stderr);
    const perceptronRun = jsonLine(own.stdout);
    assert.ok(Math.abs(torchRun.testAccuracy - perceptronRun.testAccuracy) <= ACCURACY_BAND,
      `PyTorch (2 processes) ${torchRun.testAccuracy} against perceptron ${perceptronRun.testAccuracy}: more than ${ACCURACY_BAND} apart`);

    // The same weights scored by both: only the order of float32 sums differs.
    const evaluated = perceptronEval(result);
    assert.equal(evaluated.epochs, 2);
    assert.ok(Math.abs(evaluated.testAccuracy - torchRun.testAccuracy) <= 1e-4,
      `perceptron eval ${evaluated.testAccuracy}, the script ${torchRun.testAccuracy}`);
    assert.ok(Math.abs(evaluated.testLoss - torchRun.testLoss) <= 1e-5 * torchRun.testLoss,
      `perceptron eval loss ${evaluated.testLoss}, the script's ${torchRun.testLoss}`);

    // Started as torchrun starts it (Debian's torchrun 1.13 itself fails under Python 3.11): each
    // process told its rank and the rendezvous address in the environment. The same seed, data
    // order and gradients: the same run as --nproc 2, to the last digit.
    const port = String(await freePort());
    const launched = await Promise.all([0, 1].map((rank) => runPython([script, '--out', join(dir, 'launched.safetensors')], 4 * MINUTES, {
      RANK: String(rank), LOCAL_RANK: String(rank), WORLD_SIZE: '2', LOCAL_WORLD_SIZE: '2', MASTER_ADDR: '127.0.0.1', MASTER_PORT: port,
      GLOO_SOCKET_IFNAME: 'lo', // gloo's traffic on loopback, whatever the host name resolves to
    })));
    for (const started of launched) assert.equal(started.status, 0, `under the launcher's environment:\n${started.stdout}\n${started.stderr}`);
    assert.deepEqual([...examplesPerRank(launched[0].stdout + launched[1].stdout).keys()].sort(), [0, 1]);
    const launchedRun = jsonLine(launched[0].stdout);
    assert.deepEqual([launchedRun.testAccuracy, launchedRun.testLoss, launchedRun.trainLoss], [torchRun.testAccuracy, torchRun.testLoss, torchRun.trainLoss]);
  });

test('a checkpoint exported as a script goes on from its weights and optimizer state; perceptron scores the result as the script did and resumes it',
  { timeout: 6 * MINUTES }, async () => {
    requireTorch();
    const dir = mkdtempSync(join(tmpdir(), 'torch-script-resume-'));
    const checkpoint = join(dir, 'one-epoch.safetensors');
    const trained = runCli(['train', '--hidden', '128', '--epochs', '1', '--out', checkpoint, '--json', '--quiet'], { timeoutMs: 4 * MINUTES });
    assert.equal(trained.status, 0, trained.stderr);
    const first = jsonLine(trained.stdout);

    const script = join(dir, 'more.py');
    const exported = runCli(['export', checkpoint, '--format', 'torch-script', '--out', script, '--epochs', '2']);
    assert.equal(exported.status, 0, exported.stderr);
    const result = join(dir, 'two-epochs.safetensors');
    const run = await runPython([script, '--nproc', '2', '--out', result], 4 * MINUTES);
    assert.equal(run.status, 0, `the script failed:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /starting from the checkpoint embedded in this script \(1 epoch\); Adam's state from/);
    assert.doesNotMatch(run.stdout, /^epoch 1\/2/m);
    const epoch2 = /^epoch 2\/2  loss ([\d.]+)/m.exec(run.stdout);
    assert.ok(epoch2, run.stdout);
    // From the trained weights the second epoch's mean training loss is well below the first's, which began at the init.
    assert.ok(Number(epoch2[1]) < first.trainLoss - 0.1, `epoch 2 loss ${epoch2[1]}, epoch 1 (perceptron) ${first.trainLoss}`);
    const torchRun = jsonLine(run.stdout);

    const evaluated = perceptronEval(result);
    assert.equal(evaluated.epochs, 2);
    assert.ok(Math.abs(evaluated.testAccuracy - torchRun.testAccuracy) <= 1e-4, `perceptron eval ${evaluated.testAccuracy}, the script ${torchRun.testAccuracy}`);
    assert.ok(evaluated.testAccuracy > first.testAccuracy - 0.01, `after 2 epochs ${evaluated.testAccuracy}, after 1 ${first.testAccuracy}`);

    // Adam's state went both ways: its step counts perceptron's steps of the default recipe's batch
    // (256: 235 steps) and the script's, half that batch on each of the two processes (235 more).
    const written = await loadCheckpoint(result);
    assert.equal(written.optimizer?.optimizer, 'Adam');
    const batch = DEFAULT_RECIPE.batchSize;
    const steps = Math.ceil(60_000 / batch) + Math.ceil(30_000 / (batch / 2));
    for (const [index, state] of Object.entries(written.optimizer!.state)) assert.equal(state.step, steps, `parameter ${index}`);
    const resumed = runCli(['train', '--resume', result, '--epochs', '3', '--json', '--quiet'], { timeoutMs: 4 * MINUTES });
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(jsonLine(resumed.stdout).epochs, 3);
  });

test('a recipe with --autocast bf16 exports a script that trains under torch.autocast(bfloat16) to the accuracy of perceptron\'s own bf16 run',
  { timeout: 8 * MINUTES }, async () => {
    requireTorch();
    const dir = mkdtempSync(join(tmpdir(), 'torch-script-bf16-'));
    const script = join(dir, 'train.py');
    const flags = [...RECIPE_FLAGS, '--autocast', 'bf16'];
    const exported = runCli(['export', '--format', 'torch-script', '--out', script, ...flags]);
    assert.equal(exported.status, 0, exported.stderr);
    const run = await runPython([script, '--nproc', '2', '--out', join(dir, 'result.safetensors')], 4 * MINUTES);
    assert.equal(run.status, 0, `the script failed:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /^rank 0\/2: .*, bf16 autocast$/m, 'the script says it trains under autocast');
    const own = runCli(['train', ...flags, '--json', '--quiet'], { timeoutMs: 4 * MINUTES });
    assert.equal(own.status, 0, own.stderr);
    const [torchRun, perceptronRun] = [jsonLine(run.stdout), jsonLine(own.stdout)];
    assert.ok(Math.abs(torchRun.testAccuracy - perceptronRun.testAccuracy) <= ACCURACY_BAND,
      `PyTorch bf16 (2 processes) ${torchRun.testAccuracy} against perceptron bf16 ${perceptronRun.testAccuracy}: more than ${ACCURACY_BAND} apart`);
  });
