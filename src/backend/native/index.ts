/**
 * Making the native backend (Node only; see backend.ts). Made on first use by the registry
 * (src/backend/index.ts), which prefers it where the addon was built; options choose the
 * instruction set and the threads, for tests and benchmarks that compare them.
 */
import { defaultThreadCount } from '../wasm/pool.js';
import { createNativeBackend, type NativeBackend } from './backend.js';
import { loadAddon } from './load.js';
import { nodeCollector } from '../collector.js';
import { growableMemory, PooledHeap } from '../heap.js';

export type { NativeBackend } from './backend.js';

export interface NativeOptions {
  /** 'avx512', 'avx2' or 'generic'; PERCEPTRON_NATIVE_ISA, else the fastest this CPU runs. */
  isa?: string;
  /** Threads, the calling one included: PERCEPTRON_THREADS or the cores by default. */
  threads?: number;
  /** Name to register under ('native' by default; tests and benchmarks make several). */
  name?: string;
  /** Bytes of tensors allocated between two synchronous collections of its pooled heap (see ../heap.ts; 128 MiB by default). */
  collectEvery?: number;
}

/** The instruction sets this CPU runs with the built addon, fastest first ([] without the addon). */
export function nativeIsas(): string[] {
  return loadAddon().addon?.supportedIsas() ?? [];
}

/** Why the native backend cannot be made here, or undefined where it can. */
export function nativeUnavailableReason(): string | undefined {
  return loadAddon().reason;
}

/** The native backend; throws (with the reason and how to get it) where the addon is missing. */
export function createNativeBackendSync(options: NativeOptions = {}): NativeBackend {
  const { addon, reason } = loadAddon();
  if (!addon) throw new Error(reason);
  const isa = options.isa ?? (globalThis.process?.env?.PERCEPTRON_NATIVE_ISA || undefined);
  // Tensors in a pooled heap of the backend's own: a shared memory no wasm module uses.
  const heap = new PooledHeap(growableMemory(true), { base: 0, collector: nodeCollector(), collectEvery: options.collectEvery });
  return createNativeBackend(addon, { isa, threads: options.threads ?? defaultThreadCount(), name: options.name, heap });
}
