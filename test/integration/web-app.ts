/**
 * A tiny web app that imports 'perceptron' as a package (node_modules/perceptron links to this
 * repository, so its package.json `exports` decide what a bundler gets), and the bundlers'
 * recipes exactly as README.md's "In the browser" gives them. The app loads the wasm backend,
 * checks one matrix product large enough to be split over the threads against plain loops, and
 * trains a small MLP; it leaves what it saw in window.__result.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../../src/web-server/static-server.js';

export const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The training, one module: the page runs it on wasm, and the test runs the very same file in
 * Node on the js backend as the reference. TensorFlow Playground's circle (300 points): a ring
 * around a disc, which a hidden layer of 16 learns.
 */
export const TRAIN_MODULE = `import { data, manualSeed, nn, noGrad, optim } from 'perceptron';

export function trainMlp() {
  manualSeed(0);
  const { x, y } = data.circle(300, 0);
  const model = nn.mlp([2, 16, 2]);
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.05 });
  const lossOf = () => nn.softmaxCrossEntropy(model.call(x), y);
  const lossBefore = noGrad(lossOf).item();
  for (let step = 0; step < 150; step++) {
    optimizer.zeroGrad();
    lossOf().backward();
    optimizer.step();
  }
  return { lossBefore, lossAfter: noGrad(lossOf).item(), accuracy: nn.accuracy(noGrad(() => model.call(x)), y) };
}
`;

/** n×n matrices with entries in [-0.5, 0.5): n³ = 4.1 M multiply-adds, above the size the wasm backend splits over threads. */
const PRODUCT_SIZE = 160;

const appModule = (loadOptions: string) => `import { getBackend, loadWasmBackend, Tensor } from 'perceptron';
import { trainMlp } from './train-mlp.js';

const n = ${PRODUCT_SIZE};
const entries = (seed) => Float32Array.from({ length: n * n }, (_, i) => ((i * seed) % 101) / 101 - 0.5);

/** The largest difference between the backend's product and plain loops (float64). */
function productError() {
  const [a, b] = [entries(37), entries(53)];
  const c = new Tensor(a, [n, n]).matmul(new Tensor(b, [n, n])).data;
  let error = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += a[i * n + k] * b[k * n + j];
      error = Math.max(error, Math.abs(sum - c[i * n + j]));
    }
  }
  return error;
}

async function main() {
  const backend = await loadWasmBackend(${loadOptions});
  const error = productError();
  return {
    isolated: globalThis.crossOriginIsolated === true,
    backend: getBackend().name,
    threads: backend.threads,
    activeThreads: backend.activeThreads,
    sharedMemory: backend.build.shared,
    productError: error,
    ...trainMlp(),
  };
}

main().then((result) => (window.__result = result), (error) => (window.__result = { error: String(error?.stack ?? error) }));
`;

/**
 * The playground's content-security policy with blob: workers allowed, as README.md tells pages
 * whose bundle carries the inlined worker (esbuild) to write theirs.
 */
export const BLOB_WORKER_POLICY = CONTENT_SECURITY_POLICY.replace("worker-src 'self'", "worker-src 'self' blob:");

export type RecipeName = 'esbuild' | 'vite' | 'webpack' | 'esbuild-assets';

export interface Recipe {
  name: RecipeName;
  /** loadWasmBackend's argument in the app. */
  loadOptions: string;
  /** The page, and where it goes in the project. */
  html: { path: string; text: string };
  /** Shell commands run in the project folder, as README.md gives them. */
  commands: string[];
  /** The folder the host serves. */
  served: string;
  /** .wasm files in the served folder: the four kernel builds where the bundler (or the recipe) copied them, none where they are inlined. */
  kernelFiles: number;
  /** The content-security policy the isolated page is served with: the playground's, unless the page needs more. */
  policy: string;
  /** Whether the bundler puts the package's inlined copies in a chunk of their own, fetched only if used (it splits on import()). */
  splitsInlinedCopies: boolean;
}

const page = (script: string) => `<!doctype html>\n<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>perceptron app</title></head><body>${script}</body></html>\n`;

const ESBUILD_PAGE = { path: 'public/index.html', text: page('<script type="module" src="app.js"></script>') };
const ESBUILD_COMMAND = 'npx esbuild app.js --bundle --format=esm --outdir=public';

export const RECIPES: readonly Recipe[] = [
  {
    // esbuild does not follow new URL('…', import.meta.url): the bundle carries the package's inlined copies, the worker started from a blob: URL.
    name: 'esbuild',
    loadOptions: '',
    html: ESBUILD_PAGE,
    commands: [ESBUILD_COMMAND],
    served: 'public',
    kernelFiles: 0,
    policy: BLOB_WORKER_POLICY,
    splitsInlinedCopies: false,
  },
  {
    name: 'vite',
    loadOptions: '',
    html: { path: 'index.html', text: page('<script type="module" src="/app.js"></script>') },
    commands: ['npx vite build'],
    served: 'dist',
    kernelFiles: 4,
    policy: CONTENT_SECURITY_POLICY,
    splitsInlinedCopies: true,
  },
  {
    name: 'webpack',
    loadOptions: '',
    html: { path: 'public/index.html', text: page('<script src="main.js"></script>') },
    commands: ['npx webpack ./app.js --mode production --output-path public'],
    served: 'public',
    kernelFiles: 4,
    policy: CONTENT_SECURITY_POLICY,
    splitsInlinedCopies: true,
  },
  {
    // The alternative README.md gives for pages that would rather serve the files (and keep worker-src 'self'): dist/wasm copied, and named.
    name: 'esbuild-assets',
    loadOptions: "{ assetsUrl: 'perceptron-wasm/' }",
    html: ESBUILD_PAGE,
    commands: [ESBUILD_COMMAND, 'cp -r node_modules/perceptron/dist/wasm public/perceptron-wasm'],
    served: 'public',
    kernelFiles: 4,
    policy: CONTENT_SECURITY_POLICY,
    splitsInlinedCopies: false,
  },
];

export interface Project {
  folder: string;
  /** What the bundler printed. */
  log: string;
}

/** Runs a shell command in `cwd`; rejects with its output when it fails or outlasts `timeoutMs`. */
export function sh(command: string, cwd: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    // npm_config_offline: npx must take the bundler linked into node_modules, never download one.
    // Its own process group, so that a timeout ends the bundler too, not only the shell.
    const child = spawn('sh', ['-c', command], { cwd, env: { ...process.env, npm_config_offline: 'true', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`'${command}' in ${cwd} ${signal ? `was killed after ${timeoutMs} ms` : `exited with ${code}`}:\n${output}`));
    });
  });
}

/**
 * A fresh project folder for `recipe`: app.js, train-mlp.js, the page, and node_modules with
 * perceptron (this repository) and the bundlers (linked from this repository's node_modules), then
 * the recipe's commands run in it.
 */
export async function buildApp(recipe: Recipe, timeoutMs: number): Promise<Project> {
  const folder = mkdtempSync(join(tmpdir(), `perceptron-${recipe.name}-`));
  mkdirSync(join(folder, 'node_modules'));
  symlinkSync(REPOSITORY, join(folder, 'node_modules', 'perceptron'), 'dir');
  symlinkSync(join(REPOSITORY, 'node_modules', '.bin'), join(folder, 'node_modules', '.bin'), 'dir');
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: `app-${recipe.name}`, private: true, type: 'module' }));
  writeFileSync(join(folder, 'app.js'), appModule(recipe.loadOptions));
  writeFileSync(join(folder, 'train-mlp.js'), TRAIN_MODULE);
  mkdirSync(join(folder, recipe.html.path, '..'), { recursive: true });
  writeFileSync(join(folder, recipe.html.path), recipe.html.text);
  let log = '';
  for (const command of recipe.commands) log += await sh(command, folder, timeoutMs);
  return { folder, log };
}
