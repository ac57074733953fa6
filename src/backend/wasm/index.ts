/**
 * Making the wasm backend. In Node it is made synchronously when src/backend is first imported
 * (the registry then picks it by default); in a browser, `await loadWasmBackend()` compiles the
 * kernels with fetch, starts the workers (where the page is cross-origin isolated) and registers
 * the backend once its thread count is known. Options choose the build (standard or relaxed
 * SIMD) and the threads, for benchmarks and tests that compare them.
 */
import { createWasmBackend, type WasmBackend } from './backend.js';
import { MAX_THREADS } from './control.js';
import type { Collector } from './heap.js';
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
   * a self-contained worker.js), for bundlers that do not follow `new URL('…', import.meta.url)`:
   * esbuild. Relative to the page. Vite and webpack 5 need none: they bundle both.
   */
  assetsUrl?: string | URL;
}

/**
 * A shared memory reserves its maximum of address space up front: 4 GiB (65536 pages of 64 KiB)
 * where the runtime grants it, less where it does not (32-bit and mobile browsers).
 */
function makeMemory(shared: boolean): WebAssembly.Memory {
  for (const maximum of [65536, 16384, 4096]) {
    try {
      return new WebAssembly.Memory({ initial: 32, maximum, shared });
    } catch (error) {
      if (maximum === 4096) throw error;
    }
  }
  throw new Error('unreachable');
}

let collector: Collector | null | undefined;
/**
 * The vm context that gc() and the FinalizationRegistry come from, kept alive for the whole
 * process: Node disposes a context once its context object is collected, and a registry of a
 * disposed context then aborts the process ("illegal access") when it runs its cleanup at exit.
 */
let collectorContext: object | undefined;

/**
 * Node can collect synchronously: with --expose-gc and cleanup-some set at run time, a fresh
 * context offers gc() and a FinalizationRegistry with cleanupSome (see heap.ts for why).
 */
function nodeCollector(): Collector | undefined {
  if (collector !== undefined) return collector ?? undefined;
  collector = null;
  const v8 = globalThis.process?.getBuiltinModule?.('node:v8');
  const vm = globalThis.process?.getBuiltinModule?.('node:vm');
  if (!v8 || !vm) return undefined;
  try {
    v8.setFlagsFromString('--expose-gc');
    v8.setFlagsFromString('--harmony-weak-refs-with-cleanup-some');
    const context = vm.createContext();
    collectorContext = context;
    const gc: unknown = vm.runInContext('gc', context);
    const Registry = vm.runInContext('FinalizationRegistry', context) as FinalizationRegistryConstructor;
    if (typeof gc === 'function' && typeof (Registry.prototype as { cleanupSome?: unknown }).cleanupSome === 'function') {
      const makeDeadQueue = vm.runInContext(
        '() => { const queue = []; return { queue, callback: (held) => { queue.push(held); } }; }',
        context,
      ) as Collector['deadQueue'];
      collector = { gc: gc as () => void, FinalizationRegistry: Registry, deadQueue: makeDeadQueue };
    }
  } catch {
    collector = null;
  }
  return collector ?? undefined;
}

function make(module: WebAssembly.Module, build: KernelBuild, options: WasmOptions): WasmBackend {
  const threads = Math.max(1, Math.min(options.threads ?? defaultThreadCount(), MAX_THREADS));
  return createWasmBackend(module, makeMemory(build.shared), build, {
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
