/**
 * Where an epoch of the D2L MLP goes, step by step: times every training step and every backend
 * call in it, then prints per epoch the median and mean step, and for the slow steps (over 1.5×
 * the median) where their extra time went — the heap's collections, each kernel's time over its
 * own median, the rest outside kernels. The figures behind "Where an epoch goes" in RESULTS.md.
 * Not a benchmark against anything: run bench/train-mlp.ts for that.
 *
 *     npm run build && node dist/bench/epoch-profile.js [--epochs 3]
 *
 * PERCEPTRON_BACKEND and PERCEPTRON_THREADS choose the backend as usual.
 */
import * as p from '../src/index.js';
import { getBackend } from '../src/backend/index.js';
import type { MatmulLayout } from '../src/backend/backend.js';

const BATCH = 256;
const SLOW = 1.5;

const USAGE = 'usage: node dist/bench/epoch-profile.js [--epochs N]   (N ≥ 1, 3 by default)';

/** --epochs N, the only option; anything else prints the usage and exits 2. */
function parseEpochs(args: readonly string[]): number {
  if (args.length === 0) return 3;
  const epochs = Number(args[1]);
  if (args.length !== 2 || args[0] !== '--epochs' || !Number.isInteger(epochs) || epochs < 1) {
    console.error(USAGE);
    process.exit(2);
  }
  return epochs;
}

const epochs = parseEpochs(process.argv.slice(2));

interface Step {
  ms: number;
  /** Milliseconds per backend call kind (a matmul's kind names its shape). */
  calls: Map<string, number>;
  /** Whether the wasm heap collected during the step. */
  collected: boolean;
}

const backend = getBackend();
const heap = (backend as { heap?: { collections: number; memoryBytes: number } }).heap;
let current = new Map<string, number>();

/** Wraps every kernel of the backend (primitives and fused) so that its calls are timed into `current`. */
function timeBackendCalls(): void {
  for (const methods of [backend as unknown as Record<string, unknown>, (backend.fused ?? {}) as Record<string, unknown>]) timeMethods(methods);
}

function timeMethods(methods: Record<string, unknown>): void {
  for (const name of Object.keys(methods)) {
    const method = methods[name];
    if (typeof method !== 'function' || name === 'allocate') continue;
    const call = method as (...values: unknown[]) => unknown;
    methods[name] = (...values: unknown[]) => {
      const start = performance.now();
      const result = call.apply(methods, values);
      const elapsed = performance.now() - start;
      const layout = name === 'matmul' ? (values[3] as MatmulLayout) : undefined;
      const key = layout ? `matmul ${layout.m}×${layout.k}×${layout.n} ${layout.transA ? 'T' : 'N'}${layout.transB ? 'T' : 'N'}` : name;
      current.set(key, (current.get(key) ?? 0) + elapsed);
      return result;
    };
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

function report(epoch: number, steps: Step[], seconds: number): void {
  const times = steps.map((s) => s.ms);
  const mid = median(times);
  const keys = new Set(steps.flatMap((s) => [...s.calls.keys()]));
  const typical = new Map([...keys].map((key) => [key, median(steps.map((s) => s.calls.get(key) ?? 0))]));
  const blame = new Map<string, number>();
  const add = (key: string, ms: number) => blame.set(key, (blame.get(key) ?? 0) + ms);
  let slow = 0;
  let excess = 0;
  for (const step of steps) {
    if (step.ms < SLOW * mid) continue;
    slow++;
    excess += step.ms - mid;
    if (step.collected) {
      add('steps with a heap collection', step.ms - mid);
      continue;
    }
    let inKernels = 0;
    for (const [key, ms] of step.calls) {
      const over = ms - (typical.get(key) ?? 0);
      inKernels += over;
      add(key, over);
    }
    add('outside kernels', step.ms - mid - inKernels);
  }
  const samples = steps.length * BATCH;
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `epoch ${epoch + 1}: ${Math.round(samples / seconds).toLocaleString('en-US')} samples/s; step median ${mid.toFixed(2)} ms, ` +
      `mean ${(times.reduce((a, b) => a + b, 0) / times.length).toFixed(2)}, p10 ${sorted[Math.floor(0.1 * sorted.length)].toFixed(2)}, ` +
      `p90 ${sorted[Math.floor(0.9 * sorted.length)].toFixed(2)}` +
      (heap ? `; heap: ${heap.collections} collections so far, ${(heap.memoryBytes / 2 ** 20).toFixed(0)} MiB` : ''),
  );
  const top = [...blame].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log(`  ${slow} slow steps (> ${SLOW}× median), ${excess.toFixed(0)} ms over the median: ${top.map(([k, ms]) => `${k} ${ms.toFixed(1)}`).join('; ')}`);
  const perStep = [...typical].sort((a, b) => b[1] - a[1]).slice(0, 10);
  console.log(`  median ms per step: ${perStep.map(([k, ms]) => `${k} ${ms.toFixed(3)}`).join('; ')}`);
}

async function main(): Promise<void> {
  const fashion = await p.data.fashionMnist({ download: false });
  const dataset = new p.data.TensorDataset(fashion.train.images.reshape([60000, 784]), fashion.train.labels);
  const model = p.nn.mlp([784, 256, 10], { init: 'normal:0.01', generator: new p.Generator(0) });
  const optimizer = new p.optim.SGD(model.parameters(), { lr: 0.1 });
  const loader = new p.data.DataLoader(dataset, { batchSize: BATCH, shuffle: true, generator: new p.Generator(1) });
  console.log(`D2L MLP on the ${backend.name} backend${'threads' in backend ? `, ${String(backend.threads)} thread(s)` : ''}`);
  timeBackendCalls();
  for (let epoch = 0; epoch < epochs; epoch++) {
    const steps: Step[] = [];
    const start = performance.now();
    let before = start;
    let collections = heap?.collections ?? 0;
    current = new Map(); // the batch's gather (in the loop's head) counts to its step
    for (const [X, y] of loader) {
      const loss = p.nn.softmaxCrossEntropy(model.call(X), y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      loss.item();
      const after = performance.now();
      steps.push({ ms: after - before, calls: current, collected: (heap?.collections ?? 0) !== collections });
      before = after;
      collections = heap?.collections ?? 0;
      current = new Map();
    }
    report(epoch, steps, (performance.now() - start) / 1000);
  }
  process.exit(0);
}

await main();
