/**
 * Making the wasm backend. In Node it is made synchronously when src/backend is first imported
 * (the registry then picks it by default); in a browser, `await loadWasmBackend()` compiles the
 * kernels with fetch, starts the workers (where the page is cross-origin isolated) and registers
 * the backend once its thread count is known. Options choose the build (standard or relaxed
 * SIMD) and the threads, for benchmarks and tests that compare them.
 */
import { createWasmBackend, type WasmBackend } from './backend.js';
import { MAX_THREADS } from './control.js';
import { nodeCollector } from '../collector.js';
import { growableMemory } from '../heap.js';
import { chooseBuild, compile, compileSync, hasSimd, type KernelBuild } from './load.js';
import { defaultThreadCount } from './pool.js';

export type { WasmBackend } from './backend.js';
export type { KernelBuild } from './load.js';

export interface WasmOptions extends Partial<KernelBuild> {
  /** Threads for matrix products, the calling one included: PERCEPTRON_THREADS or the cores by default. */
  threads?: number;
  /** Name to register under ('wasm' by default; benchmarks make several). */
  name?: string;
  /** Bytes of tensors allocated between two synchronous collections (see heap.ts; 128 MiB by default). */
  collectEvery?: number;
  /**
   * Use only the 4×8 matrix micro-kernel, as browsers do (by default Node's relaxed-SIMD build
   * uses the 6×8 one; see assembly/matmul.ts). For tests and benchmarks.
   */
  narrowKernel?: boolean;
  /**
   * The folder, served by the page, that holds a copy of the package's dist/wasm/ (the kernels and
   * a self-contained worker.js), relative to the page. No bundler needs it: Vite and webpack 5 copy
   * the packaged files, and esbuild's bundle carries the package's inlined copies (see load.ts);
   * a page names served files to keep them out of its bundle or its policy at `worker-src 'self'`.
   */
  assetsUrl?: string | URL;
}

function make(module: WebAssembly.Module, build: KernelBuild, options: WasmOptions): WasmBackend {
  const threads = Math.max(1, Math.min(options.threads ?? defaultThreadCount(), MAX_THREADS));
  return createWasmBackend(module, growableMemory(build.shared), build, {
    threads,
    name: options.name,
    narrowKernel: options.narrowKernel,
    assetsUrl: options.assetsUrl,
    heap: { collector: nodeCollector(), collectEvery: options.collectEvery },
  });
}

/** The wasm backend, made synchronously; undefined where that is impossible (no SIMD, or a browser). */
export function createWasmBackendSync(options: WasmOptions = {}): WasmBackend | undefined {
  if (!hasSimd()) return undefined;
  const build = chooseBuild(options);
  const module = build && compileSync(build);
  return module && make(module, build!, options);
}

/**
 * The wasm backend in any runtime with SIMD (fetches the kernels in a browser), with its workers
 * started: its `threads` counts only those that did start.
 */
export async function createWasmBackendAsync(options: WasmOptions = {}): Promise<WasmBackend> {
  if (!hasSimd()) throw new Error('wasm backend: this runtime lacks WebAssembly SIMD');
  const build = chooseBuild(options);
  if (!build) throw new Error(`wasm backend: this runtime cannot run the requested build (${JSON.stringify(options)})`);
  const backend = make(await compile(build, options.assetsUrl), build, options);
  await backend.startThreads();
  return backend;
}
