/**
 * Training speed of the D2L MLP (784-256-10, ReLU, W ~ N(0, 0.01²), zero biases, SGD lr 0.1 on the
 * mean softmax cross-entropy, batch 256, shuffled Fashion-MNIST) in perceptron and the libraries
 * it is measured against, side by side:
 *
 *   - perceptron, js backend; wasm backend with 1 and with 2 threads; native backend (where its
 *     addon was built) with 1 and with 2 threads;
 *   - TensorFlow.js (devDependencies): the pure-JS cpu backend and the wasm backend (SIMD; its
 *     threaded build needs Web Workers, which Node lacks);
 *   - PyTorch through /usr/bin/python3 (Debian's python3-torch) when `import torch` works: at its
 *     default settings (no thread variables: its own threads and OpenBLAS's, one per core each);
 *     with torch.set_num_threads(1) and OPENBLAS_NUM_THREADS=2, its fastest setting on 2 cores, once
 *     with OPENBLAS_CORETYPE as the environment has it, once with it changed (unset if set, Haswell
 *     if unset — the two figures of the team's notes); and with its bf16 autocast. "× PyTorch best"
 *     divides by the fastest float32 PyTorch row of the run. Debian's torch calls whichever libblas.so.3 the
 *     system provides: with only the reference libblas3 it is many times slower, so the row is then
 *     flagged "on reference BLAS" — install libopenblas0-pthread for a fair comparison.
 *
 * Every system trains the same math from the same start on the same batches: the parent process
 * draws the initial weights (perceptron's nn.mlp with init 'normal:0.01' from Generator(seed)) and
 * the shuffled order of every epoch (randperm from Generator(seed + 1), which is what perceptron's
 * DataLoader draws), and hands them to the other systems in files. Each system runs in its own
 * child process (own backend, own thread settings): a few warm-up steps on a throwaway copy, then
 * the timed run. What is timed is the training loop as a user writes it: assembling each shuffled
 * batch, forward, loss, backward, SGD update and reading the loss back as a number.
 *
 *     npm run build && node dist/bench/train-mlp.js [--quick] [--epochs 1] [--slow-steps 40]
 *         [--full] [--warmup 5] [--seed 0] [--systems perceptron-wasm-2,tfjs-wasm,torch] [--python /usr/bin/python3]
 *
 * --quick: 20 steps per system (a smoke run). --full: the slow systems (TF.js cpu) also train whole
 * epochs instead of --slow-steps steps. --warmup N: warm-up steps of every system (235, an epoch's
 * worth, measures the steady state of a long run instead of a fresh process's first epoch).
 * Prints a text table, then the same table as markdown.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNativeBackendSync, nativeIsas, nativeUnavailableReason, type NativeBackend } from '../src/backend/native/index.js';
import type { WasmBackend } from '../src/backend/wasm/index.js';

const INPUTS = 784;
const HIDDEN = 256;
const OUTPUTS = 10;
const BATCH = 256;
const LR = 0.1;
const TRAIN_SIZE = 60000;
/** Parameters in file order: W1 (784×256, in × out), b1 (256), W2 (256×10), b2 (10). */
const PARAM_SIZES = [INPUTS * HIDDEN, HIDDEN, HIDDEN * OUTPUTS, OUTPUTS];
const PARAM_COUNT = PARAM_SIZES.reduce((a, b) => a + b, 0);
const RESULT_MARK = '@@RESULT ';

// ---- options -----------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(name);
const option = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
const USAGE =
  'usage: node dist/bench/train-mlp.js [--quick] [--epochs N] [--slow-steps N] [--full] [--warmup N] [--seed N]\n' +
  '         [--systems id,id,...] [--python PATH] [--download]';
/** A bad option value: says which and why, prints the usage, exits 2 (before anything runs). */
function usageError(message: string): never {
  console.error(`train-mlp benchmark: ${message}\n${USAGE}`);
  process.exit(2);
}

/** What a child is asked to do; also what the parent decides per system. */
interface Plan {
  /** Whole epochs to train (0 when `steps` is set). */
  epochs: number;
  /** A fixed number of steps from the start of epoch 1 (0 for whole epochs). */
  steps: number;
  warmup: number;
  seed: number;
  /** Folder with init.bin, perm.bin and setup.json. */
  setup: string;
}

interface Setup {
  seed: number;
  epochs: number;
  files: Record<'trainImages' | 'trainLabels' | 'testImages' | 'testLabels', string>;
}

/** What a child reports (one line on stdout, after RESULT_MARK). */
interface Result {
  system: string;
  detail: string;
  samplesPerSecond: number;
  medianStepMs: number;
  steps: number;
  samples: number;
  /** Whole epochs trained, or null for a fixed number of steps. */
  epochs: number | null;
  testAccuracy: number | null;
  testLoss: number | null;
  /** Mean training loss over the timed steps of the last epoch (or the fixed steps). */
  trainLoss: number;
  /** Whether the system started from the shared initial weights (perceptron checks its own seeded init). */
  sharedInit: boolean;
  /** Where the final parameters were written (W1, b1, W2, b2, in × out, float32). */
  weightsFile: string;
}

// ---- shared pieces -----------------------------------------------------------------------------

function readF32(path: string): Float32Array {
  const bytes = readFileSync(path);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice();
}
function readI32(path: string): Int32Array {
  const bytes = readFileSync(path);
  return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice();
}
function writeArrays(path: string, arrays: readonly ArrayLike<number>[]): void {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  writeFileSync(path, new Uint8Array(out.buffer));
}
function splitParams(all: Float32Array): Float32Array[] {
  const parts: Float32Array[] = [];
  let at = 0;
  for (const size of PARAM_SIZES) {
    parts.push(all.subarray(at, at + size));
    at += size;
  }
  return parts;
}
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Steps and samples of one timed run: whole epochs of ceil(60000 / 256) = 235 steps (the last of 96), or the first `steps` batches. */
function schedule(plan: Plan): { epochs: number; stepsPerEpoch: number } {
  const full = Math.ceil(TRAIN_SIZE / BATCH);
  return plan.steps > 0 ? { epochs: 1, stepsPerEpoch: Math.min(plan.steps, full) } : { epochs: plan.epochs, stepsPerEpoch: full };
}

/** Timing of a loop of steps: each call of `step(epoch, index)` is one timed step. */
function timeSteps(plan: Plan, step: (epoch: number, index: number) => number): { stepMs: number[]; seconds: number; samples: number; trainLoss: number } {
  const { epochs, stepsPerEpoch } = schedule(plan);
  const stepMs: number[] = [];
  let samples = 0;
  let lossSum = 0;
  let lossSamples = 0;
  const start = performance.now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    lossSum = 0;
    lossSamples = 0;
    for (let b = 0; b < stepsPerEpoch; b++) {
      const n = Math.min(BATCH, TRAIN_SIZE - b * BATCH);
      const t = performance.now();
      const loss = step(epoch, b);
      stepMs.push(performance.now() - t);
      samples += n;
      lossSum += loss * n;
      lossSamples += n;
    }
  }
  return { stepMs, seconds: (performance.now() - start) / 1000, samples, trainLoss: lossSum / lossSamples };
}

function report(result: Result): void {
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
}

// ---- children ----------------------------------------------------------------------------------

async function runPerceptron(system: string, plan: Plan): Promise<void> {
  const p = await import('../src/index.js');
  const backend = p.getBackend();
  const expected = system === 'perceptron-js' ? 'js' : system.startsWith('perceptron-native') ? 'native' : 'wasm';
  if (backend.name !== expected) throw new Error(`${system}: PERCEPTRON_BACKEND gave backend '${backend.name}', expected '${expected}'`);
  let detail = 'js backend (plain TypeScript)';
  if (expected === 'wasm') {
    const wasm = backend as WasmBackend;
    // Workers start asynchronously: wait until all take part, so no timed step runs short-handed.
    for (let waited = 0; wasm.activeThreads < wasm.threads && waited < 10000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    detail = `wasm ${wasm.build.relaxed ? 'relaxed SIMD (FMA)' : 'SIMD128'}, ${wasm.microKernel} matrix micro-kernel, ${wasm.activeThreads} of ${wasm.threads} thread(s) active`;
  }
  if (expected === 'native') {
    const native = backend as NativeBackend;
    detail = `native ${native.isa}, ${native.microKernel} matrix micro-kernel, ${native.threads} thread(s)`;
  }
  // The -bf16 systems train under autocast: products on bf16 operands, float32 weights and sums.
  const precision = system.endsWith('-bf16') ? 'bfloat16' as const : null;
  if (precision) detail += `, autocast('bfloat16')${(backend as NativeBackend).bf16 ? ` on ${(backend as NativeBackend).bf16}` : ' (operands rounded, float32 products: this backend has no bf16 products)'}`;

  const fashion = await p.data.fashionMnist({ download: false });
  const X = fashion.train.images.reshape([TRAIN_SIZE, INPUTS]);
  const dataset = new p.data.TensorDataset(X, fashion.train.labels);
  const testX = fashion.test.images.reshape([fashion.test.images.shape[0], INPUTS]);

  const makeModel = (seed: number) => p.nn.mlp([INPUTS, HIDDEN, OUTPUTS], { init: 'normal:0.01', generator: new p.Generator(seed) });
  const trainStep = (model: ReturnType<typeof makeModel>, optimizer: InstanceType<typeof p.optim.SGD>, Xb: InstanceType<typeof p.Tensor>, yb: InstanceType<typeof p.Tensor>): number => {
    const loss = p.nn.softmaxCrossEntropy(p.autocast(precision, () => model.call(Xb)), yb);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    return loss.item();
  };

  // Warm-up on a throwaway model, so the timed run starts from the seeded weights.
  {
    const model = makeModel(plan.seed + 12345);
    const optimizer = new p.optim.SGD(model.parameters(), { lr: LR });
    const [Xb, yb] = dataset.batch(0, BATCH);
    for (let i = 0; i < plan.warmup; i++) trainStep(model, optimizer, Xb, yb);
  }

  const model = makeModel(plan.seed);
  const params = model.parameters();
  const shared = splitParams(readF32(join(plan.setup, 'init.bin')));
  const sharedInit = params.length === 4 && params.every((q, i) => q.size === shared[i].length && q.data.every((v, j) => v === shared[i][j]));
  const optimizer = new p.optim.SGD(params, { lr: LR });
  const loader = new p.data.DataLoader(dataset, { batchSize: BATCH, shuffle: true, generator: new p.Generator(plan.seed + 1) });

  // The DataLoader draws each epoch's permutation when its iteration starts, as a user's loop does.
  let batches: Iterator<[InstanceType<typeof p.Tensor>, InstanceType<typeof p.Tensor>]> = loader[Symbol.iterator]();
  let currentEpoch = 0;
  const timed = timeSteps(plan, (epoch) => {
    if (epoch !== currentEpoch) {
      batches = loader[Symbol.iterator]();
      currentEpoch = epoch;
    }
    const next = batches.next();
    if (next.done) throw new Error('DataLoader ended early');
    const [Xb, yb] = next.value;
    return trainStep(model, optimizer, Xb, yb);
  });

  const { epochs } = schedule(plan);
  let testAccuracy: number | null = null;
  let testLoss: number | null = null;
  if (plan.steps === 0) {
    p.noGrad(() => {
      const logits = p.autocast(precision, () => model.call(testX));
      testAccuracy = p.nn.accuracy(logits, fashion.test.labels);
      testLoss = p.nn.softmaxCrossEntropy(logits, fashion.test.labels).item();
    });
  }
  const weightsFile = join(plan.setup, `${system}.final.bin`);
  writeArrays(weightsFile, params.map((q) => q.data as Float32Array));
  report({
    system, detail, samplesPerSecond: timed.samples / timed.seconds, medianStepMs: median(timed.stepMs), steps: timed.stepMs.length,
    samples: timed.samples, epochs: plan.steps === 0 ? epochs : null, testAccuracy, testLoss, trainLoss: timed.trainLoss, sharedInit, weightsFile,
  });
}

async function runTfjs(system: 'tfjs-cpu' | 'tfjs-wasm', plan: Plan): Promise<void> {
  const tf = await import('@tensorflow/tfjs');
  if (system === 'tfjs-wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    // The .wasm files from node_modules (no network); Node has no Web Workers, so the threaded build is off.
    wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  const backendName = system === 'tfjs-cpu' ? 'cpu' : 'wasm';
  if (!(await tf.setBackend(backendName)) || tf.getBackend() !== backendName) throw new Error(`TF.js: cannot set the ${backendName} backend`);
  let detail = `TF.js ${tf.version.tfjs}, ${backendName} backend`;
  if (system === 'tfjs-wasm') detail += (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) ? ' (SIMD, 1 thread)' : ' (no SIMD, 1 thread)';

  // Perceptron's IDX reader, on its js backend (no wasm workers in this process).
  const p = await import('../src/data/index.js');
  const fashion = await p.fashionMnist({ download: false });
  const trainX = fashion.train.images.data as Float32Array;
  const trainY = fashion.train.labels.data as Int32Array;
  const perm = readI32(join(plan.setup, 'perm.bin'));
  const init = splitParams(readF32(join(plan.setup, 'init.bin')));

  const W1 = tf.variable(tf.tensor2d(init[0], [INPUTS, HIDDEN]));
  const b1 = tf.variable(tf.tensor1d(init[1]));
  const W2 = tf.variable(tf.tensor2d(init[2], [HIDDEN, OUTPUTS]));
  const b2 = tf.variable(tf.tensor1d(init[3]));
  const variables = [W1, b1, W2, b2];
  const optimizer = tf.train.sgd(LR);
  // Dense 784→256 ReLU and dense 256→10 as tf.layers.dense computes them (fused matMul + bias + activation).
  const forward = (x: import('@tensorflow/tfjs').Tensor2D) => {
    const h = tf.fused.matMul({ a: x, b: W1, bias: b1, activation: 'relu' });
    return tf.fused.matMul({ a: h, b: W2, bias: b2 });
  };
  const step = (indices: Int32Array): number => {
    const n = indices.length;
    const xs = new Float32Array(n * INPUTS);
    const ys = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const i = indices[r];
      xs.set(trainX.subarray(i * INPUTS, (i + 1) * INPUTS), r * INPUTS);
      ys[r] = trainY[i];
    }
    const x = tf.tensor2d(xs, [n, INPUTS]);
    const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(ys, 'int32'), OUTPUTS).toFloat());
    // Mean softmax cross-entropy over the batch (the default reduction with no weights).
    const cost = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, forward(x)) as import('@tensorflow/tfjs').Scalar, true, variables);
    const value = cost!.dataSync()[0];
    tf.dispose([x, labels, cost!]);
    return value;
  };

  // Warm-up, then the shared initial weights are put back (SGD keeps no state).
  for (let i = 0; i < plan.warmup; i++) step(perm.subarray(0, BATCH));
  const reset = () => {
    W1.assign(tf.tensor2d(init[0], [INPUTS, HIDDEN]));
    b1.assign(tf.tensor1d(init[1]));
    W2.assign(tf.tensor2d(init[2], [HIDDEN, OUTPUTS]));
    b2.assign(tf.tensor1d(init[3]));
  };
  tf.tidy(reset);

  const timed = timeSteps(plan, (epoch, b) => {
    const from = epoch * TRAIN_SIZE + b * BATCH;
    return step(perm.subarray(from, Math.min(from + BATCH, (epoch + 1) * TRAIN_SIZE)));
  });

  let testAccuracy: number | null = null;
  let testLoss: number | null = null;
  if (plan.steps === 0) {
    const testCount = fashion.test.labels.size;
    const [acc, loss] = tf.tidy(() => {
      const logits = forward(tf.tensor2d(fashion.test.images.data as Float32Array, [testCount, INPUTS]));
      const labels = tf.tensor1d(fashion.test.labels.data as Int32Array, 'int32');
      const correct = tf.equal(tf.argMax(logits, -1), labels).toFloat().mean();
      const l = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, OUTPUTS).toFloat(), logits);
      return [correct.dataSync()[0], l.dataSync()[0]];
    });
    testAccuracy = acc;
    testLoss = loss;
  }
  const weightsFile = join(plan.setup, `${system}.final.bin`);
  writeArrays(weightsFile, variables.map((v) => v.dataSync() as Float32Array));
  const { epochs } = schedule(plan);
  report({
    system, detail, samplesPerSecond: timed.samples / timed.seconds, medianStepMs: median(timed.stepMs), steps: timed.stepMs.length,
    samples: timed.samples, epochs: plan.steps === 0 ? epochs : null, testAccuracy, testLoss, trainLoss: timed.trainLoss, sharedInit: true, weightsFile,
  });
}

async function child(system: string, plan: Plan): Promise<void> {
  if (system.startsWith('perceptron-')) return runPerceptron(system, plan);
  if (system === 'tfjs-cpu' || system === 'tfjs-wasm') return runTfjs(system, plan);
  throw new Error(`unknown system '${system}'`);
}

// ---- parent ------------------------------------------------------------------------------------

interface System {
  id: string;
  label: string;
  /** Runs --slow-steps steps instead of whole epochs (unless --full). */
  slow: boolean;
  command: 'node' | 'python';
  /** Extra arguments of bench/train_mlp_torch.py. */
  args?: string[];
  env: Record<string, string | undefined>;
}

/** The native backend's bf16 products on this CPU ('avx512bf16'), or ''. */
function nativeBf16(): string {
  return nativeIsas().length > 0 ? createNativeBackendSync({ threads: 1, name: 'bf16-probe' }).bf16 : '';
}

function systems(python: string): { list: System[]; skipped: string[] } {
  const skipped: string[] = [];
  const list: System[] = [
    { id: 'perceptron-js', label: 'perceptron js', slow: false, command: 'node', env: { PERCEPTRON_BACKEND: 'js' } },
    { id: 'perceptron-wasm-1', label: 'perceptron wasm 1 thread', slow: false, command: 'node', env: { PERCEPTRON_BACKEND: 'wasm', PERCEPTRON_THREADS: '1' } },
    { id: 'perceptron-wasm-2', label: 'perceptron wasm 2 threads', slow: false, command: 'node', env: { PERCEPTRON_BACKEND: 'wasm', PERCEPTRON_THREADS: '2' } },
    { id: 'tfjs-cpu', label: 'TF.js cpu (pure JS)', slow: true, command: 'node', env: { PERCEPTRON_BACKEND: 'js' } },
    { id: 'tfjs-wasm', label: 'TF.js wasm', slow: false, command: 'node', env: { PERCEPTRON_BACKEND: 'js' } },
  ];
  if (nativeIsas().length > 0) {
    list.splice(3, 0,
      { id: 'perceptron-native-1', label: `perceptron native ${nativeIsas()[0]} 1 thread`, slow: false, command: 'node', env: { PERCEPTRON_BACKEND: 'native', PERCEPTRON_THREADS: '1' } },
      { id: 'perceptron-native-2', label: `perceptron native ${nativeIsas()[0]} 2 threads`, slow: false, command: 'node', env: { PERCEPTRON_BACKEND: 'native', PERCEPTRON_THREADS: '2' } });
    const bf16 = nativeBf16();
    if (bf16) {
      list.splice(5, 0, { id: 'perceptron-native-2-bf16', label: `perceptron native ${bf16} 2 threads, bf16 autocast`, slow: false, command: 'node', env: { PERCEPTRON_BACKEND: 'native', PERCEPTRON_THREADS: '2' } });
    } else {
      skipped.push('perceptron native bf16 autocast: this CPU has no AVX512_BF16 (autocast would run float32 products on rounded operands)');
    }
  } else {
    skipped.push(`perceptron native: ${nativeUnavailableReason()}`);
  }
  const probe = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (probe.status === 0) {
    const asSet = process.env.OPENBLAS_CORETYPE;
    const coretype = asSet ? `OPENBLAS_CORETYPE=${asSet}` : 'OPENBLAS_CORETYPE unset';
    // Best on 2 cores: one OpenMP thread, OpenBLAS's two (otherwise the two pools fight).
    const tuned = { OPENBLAS_NUM_THREADS: '2', OMP_NUM_THREADS: '1' };
    list.push(
      {
        id: 'torch-default', label: 'PyTorch, default settings', slow: false, command: 'python', args: ['--threads', 'default'],
        env: { OPENBLAS_NUM_THREADS: undefined, OMP_NUM_THREADS: undefined, OPENBLAS_CORETYPE: asSet },
      },
      { id: 'torch', label: `PyTorch, 1 thread + OpenBLAS 2 (${coretype})`, slow: false, command: 'python', args: [], env: { ...tuned, OPENBLAS_CORETYPE: asSet } },
      asSet
        ? { id: 'torch-native', label: 'PyTorch, 1 thread + OpenBLAS 2 (OPENBLAS_CORETYPE unset: native ceiling)', slow: false, command: 'python', args: [], env: { ...tuned, OPENBLAS_CORETYPE: undefined } }
        : { id: 'torch-haswell', label: 'PyTorch, 1 thread + OpenBLAS 2 (OPENBLAS_CORETYPE=Haswell)', slow: false, command: 'python', args: [], env: { ...tuned, OPENBLAS_CORETYPE: 'Haswell' } },
      { id: 'torch-bf16', label: `PyTorch, 1 thread + OpenBLAS 2, bf16 autocast`, slow: false, command: 'python', args: ['--autocast'], env: { ...tuned, OPENBLAS_CORETYPE: asSet } },
    );
  } else {
    skipped.push(`PyTorch: \`${python} -c 'import torch'\` failed (install Debian's python3-torch): ${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()}`);
  }
  return { list, skipped };
}

interface Outcome {
  system: System;
  result?: Result;
  error?: string;
}

function runChild(system: System, plan: Plan, python: string, baseEnv: NodeJS.ProcessEnv): Promise<Outcome> {
  const here = fileURLToPath(import.meta.url);
  const planArgs = ['--epochs', String(plan.epochs), '--steps', String(plan.steps), '--warmup', String(plan.warmup), '--seed', String(plan.seed), '--setup', plan.setup];
  const [command, args] = system.command === 'node'
    ? [process.execPath, [here, '--child', system.id, ...planArgs]]
    : [python, [fileURLToPath(new URL('../../bench/train_mlp_torch.py', import.meta.url)), '--system', system.id, ...(system.args ?? []), ...planArgs]];
  const env: NodeJS.ProcessEnv = { ...baseEnv };
  for (const [key, value] of Object.entries(system.env)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return new Promise((resolve) => {
    const proc = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('error', (error) => resolve({ system, error: error.message }));
    proc.on('close', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
      // TF.js greets Node users with an advert for tfjs-node (a native build, not what is measured here).
      const banner = /^=+$|looks like you are running TensorFlow\.js in Node\.js/;
      const chatter = (stdout + '\n' + stderr).split('\n').filter((l) => l.trim() && !l.startsWith(RESULT_MARK) && !banner.test(l.trim())).join('\n');
      if (code === 0 && line) {
        if (chatter) process.stderr.write(chatter.split('\n').map((l) => `  [${system.id}] ${l}`).join('\n') + '\n');
        resolve({ system, result: JSON.parse(line.slice(RESULT_MARK.length)) as Result });
      } else {
        resolve({ system, error: `exit ${code ?? signal}${chatter ? `:\n${chatter.split('\n').slice(-15).join('\n')}` : ''}` });
      }
    });
  });
}

const fmtInt = (x: number): string => Math.round(x).toLocaleString('en-US');
const fmtRatio = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '—' : x >= 10 ? `${x.toFixed(1)}×` : `${x.toFixed(2)}×`);

async function parent(): Promise<void> {
  const quick = flag('--quick');
  const seed = Number(option('--seed', '0'));
  const epochs = Number(option('--epochs', '1'));
  const slowSteps = Number(option('--slow-steps', '40'));
  const warmup = Number(option('--warmup', quick ? '2' : '5'));
  const full = flag('--full');
  const python = option('--python', '/usr/bin/python3');
  const only = option('--systems', '');
  if (!Number.isInteger(epochs) || epochs < 1) usageError(`--epochs must be a positive integer, got ${option('--epochs', '')}`);
  if (!Number.isInteger(slowSteps) || slowSteps < 1) usageError(`--slow-steps must be a positive integer, got ${option('--slow-steps', '')}`);
  if (!Number.isInteger(warmup) || warmup < 0) usageError(`--warmup must be a whole number of steps, got ${option('--warmup', '')}`);

  const { list, skipped } = systems(python);
  const chosen = only ? list.filter((s) => only.split(',').includes(s.id)) : list;
  if (only && chosen.length === 0) usageError(`--systems ${only}: none of ${list.map((s) => s.id).join(', ')}`);

  const baseEnv = { ...process.env };
  // The parent only draws the shared start (on the js backend: no wasm workers here).
  process.env.PERCEPTRON_BACKEND = 'js';
  const p = await import('../src/index.js');

  let fashion: Awaited<ReturnType<typeof p.data.fashionMnist>>;
  try {
    fashion = await p.data.fashionMnist({ download: flag('--download') });
  } catch (error) {
    if (!(error instanceof p.data.DatasetError)) throw error;
    console.error(`train-mlp benchmark: Fashion-MNIST is needed and was not found.\n${error.message}\n`);
    console.error('On Debian: apt-get install dataset-fashion-mnist (files in /usr/share/datasets/fashion-mnist),');
    console.error('or set PERCEPTRON_DATA to a folder with the four IDX files, or pass --download to fetch them into the cache.');
    process.exit(2);
  }
  if (fashion.train.images.shape[0] !== TRAIN_SIZE) throw new Error(`expected ${TRAIN_SIZE} training images, got ${fashion.train.images.shape[0]}`);

  const setupDir = mkdtempSync(join(tmpdir(), 'perceptron-bench-'));
  try {
    const model = p.nn.mlp([INPUTS, HIDDEN, OUTPUTS], { init: 'normal:0.01', generator: new p.Generator(seed) });
    writeArrays(join(setupDir, 'init.bin'), model.parameters().map((q) => q.data as Float32Array));
    const shuffle = new p.Generator(seed + 1);
    const perms = new Int32Array(epochs * TRAIN_SIZE);
    for (let e = 0; e < epochs; e++) perms.set(p.data.randperm(TRAIN_SIZE, shuffle), e * TRAIN_SIZE);
    writeFileSync(join(setupDir, 'perm.bin'), new Uint8Array(perms.buffer));
    const setup: Setup = { seed, epochs, files: fashion.files };
    writeFileSync(join(setupDir, 'setup.json'), JSON.stringify(setup));

    const loadBefore = loadavg();
    const outcomes: Outcome[] = [];
    for (const system of chosen) {
      const steps = quick ? 20 : system.slow && !full ? slowSteps : 0;
      const plan: Plan = { epochs: steps ? 0 : epochs, steps, warmup, seed, setup: setupDir };
      process.stderr.write(`running ${system.label} (${steps ? `${steps} steps` : `${epochs} epoch(s)`})…\n`);
      const outcome = await runChild(system, plan, python, baseEnv);
      if (outcome.result) process.stderr.write(`  ${fmtInt(outcome.result.samplesPerSecond)} samples/s, ${outcome.result.medianStepMs.toFixed(2)} ms/step\n`);
      else process.stderr.write(`  FAILED: ${outcome.error}\n`);
      outcomes.push(outcome);
    }
    const loadAfter = loadavg();

    const find = (...ids: string[]) => outcomes.find((o) => ids.includes(o.system.id) && o.result)?.result;
    const tfWasm = find('tfjs-wasm');
    const torchDefault = find('torch-default');
    // PyTorch at its best in this run: the fastest of its float32 settings (bf16 is another precision).
    const torchBest = outcomes.filter((o) => o.system.command === 'python' && !o.system.id.endsWith('-bf16') && o.result)
      .map((o) => o.result!).sort((a, b) => b.samplesPerSecond - a.samplesPerSecond)[0];
    const header = ['system', 'samples/s', 'step ms (median)', 'timed', 'test acc', '× TF.js wasm', '× PyTorch default', '× PyTorch best'];
    const ratio = (result: Result, peer: Result | undefined) => fmtRatio(peer && result.samplesPerSecond / peer.samplesPerSecond);
    const rows = outcomes.map(({ system, result, error }) => {
      if (!result) return [system.label, 'failed', '—', '—', '—', '—', '—', error?.split('\n')[0] ?? ''];
      const label = result.detail.includes('REFERENCE BLAS') ? `${system.label} on reference BLAS` : system.label;
      const timedWhat = result.epochs ? `${result.steps} steps (${result.epochs} epoch${result.epochs > 1 ? 's' : ''})` : `${result.steps} steps`;
      return [
        label, fmtInt(result.samplesPerSecond), result.medianStepMs.toFixed(2), timedWhat,
        result.testAccuracy === null ? '—' : result.testAccuracy.toFixed(4),
        ratio(result, tfWasm), ratio(result, torchDefault), ratio(result, torchBest),
      ];
    });
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
    const line = (cells: string[]) => cells.map((cell, c) => (c === 0 || c === 3 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
    const conditions = `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}; load average before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${loadAfter.map((x) => x.toFixed(2)).join(' ')}; seed ${seed}; ${warmup} warm-up steps${quick ? '; --quick (20 steps each, not a measurement)' : ''}`;

    console.log(`\nD2L MLP 784-256-10, batch 256, SGD lr 0.1, Fashion-MNIST (${conditions})`);
    console.log(line(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of rows) console.log(line(r));

    console.log('\nWhat each system ran:');
    for (const { system, result } of outcomes) if (result) console.log(`  ${system.label}: ${result.detail}; mean train loss ${result.trainLoss.toFixed(4)}${result.testLoss === null ? '' : `, test loss ${result.testLoss.toFixed(4)}`}${result.sharedInit ? '' : ' — WARNING: did not start from the shared initial weights'}`);
    for (const s of skipped) console.log(`  skipped ${s}`);
    if (outcomes.some((o) => o.result?.detail.includes('REFERENCE BLAS'))) {
      console.log('  WARNING: PyTorch ran on the reference (netlib) BLAS, which is many times slower than OpenBLAS: its figures and the');
      console.log('  "× PyTorch" ratios are not a fair comparison. Install libopenblas0-pthread (Debian) and run again.');
    }

    // Same start, same batches: the final weights differ only by float rounding (amplified over the steps).
    const reference = outcomes.find((o) => o.system.id === 'perceptron-js' && o.result)?.result;
    if (reference) {
      const ref = readF32(reference.weightsFile);
      const scale = ref.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      console.log(`\nFinal weights against perceptron js after the same ${reference.steps} steps (largest |w| there: ${scale.toPrecision(3)}):`);
      for (const { system, result } of outcomes) {
        if (!result || result === reference) continue;
        if (result.steps !== reference.steps) {
          console.log(`  ${system.label}: not compared (${result.steps} steps)`);
          continue;
        }
        const w = readF32(result.weightsFile);
        let maxDiff = 0;
        for (let i = 0; i < PARAM_COUNT; i++) maxDiff = Math.max(maxDiff, Math.abs(w[i] - ref[i]));
        console.log(`  ${system.label}: max |Δw| = ${maxDiff.toExponential(2)}`);
      }
    }

    console.log('\nMarkdown:\n');
    console.log(`| ${header.join(' | ')} |`);
    console.log(`|${header.map((_, c) => (c === 0 || c === 3 ? ':---' : '---:')).join('|')}|`);
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    console.log(`\n${conditions}.`);
    if (outcomes.some((o) => !o.result)) process.exitCode = 1;
  } finally {
    rmSync(setupDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const system = option('--child', '');
  if (!system) return parent();
  const plan: Plan = {
    epochs: Number(option('--epochs', '1')), steps: Number(option('--steps', '0')), warmup: Number(option('--warmup', '5')),
    seed: Number(option('--seed', '0')), setup: option('--setup', ''),
  };
  await child(system, plan);
  // The wasm backend's workers would keep the process alive.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
