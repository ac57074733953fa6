/**
 * Which backend runs the kernels: chosen by name (setBackend), by `PERCEPTRON_BACKEND`, or the
 * default, the fastest available: wasm where it loads synchronously (Node with WebAssembly SIMD),
 * else js. In a browser, `await loadWasmBackend()` makes wasm available and current.
 */
import { ArgumentError } from '../errors.js';
import { useAllocator, type Backend } from './backend.js';
import { jsBackend } from './js/index.js';
import { createWasmBackendAsync, createWasmBackendSync, type WasmOptions } from './wasm/index.js';

export type { Backend, DType, Storage } from './backend.js';

const backends = new Map<string, Backend>([[jsBackend.name, jsBackend]]);
/** Backends made on first use (making wasm reserves its memory). */
const deferred = new Map<string, () => Backend | undefined>([['wasm', () => createWasmBackendSync()]]);
/** Why a deferred backend could not be made, for the error that asks for it. */
const unavailable = new Map<string, string>();

let current: Backend = jsBackend;

function find(name: string): Backend | undefined {
  const make = deferred.get(name);
  if (make) {
    deferred.delete(name);
    try {
      const backend = make();
      if (backend) backends.set(name, backend);
      else unavailable.set(name, 'not supported by this runtime');
    } catch (error) {
      unavailable.set(name, (error as Error).message);
    }
  }
  return backends.get(name);
}

/** Makes a backend available under its name. */
export function registerBackend(backend: Backend): void {
  deferred.delete(backend.name);
  backends.set(backend.name, backend);
}

/** Runs the kernels of new operations on the named backend; new tensors get its storage. */
export function setBackend(name: string): void {
  const backend = find(name);
  if (!backend) {
    const reason = unavailable.has(name) ? `backend '${name}' is unavailable: ${unavailable.get(name)}` : `unknown backend '${name}'`;
    throw new ArgumentError(`setBackend: ${reason} (available: ${listBackends().join(', ')})`);
  }
  current = backend;
  useAllocator(backend.allocate?.bind(backend));
}

export function getBackend(): Backend {
  return current;
}

/** Names of the backends that run here. */
export function listBackends(): string[] {
  for (const name of [...deferred.keys()]) find(name);
  return [...backends.keys()];
}

const loaded = new Map<string, Backend>();

/**
 * Compiles the wasm kernels in any runtime (fetch in a browser), registers them as 'wasm' and
 * selects them. Options (threads, build) make a backend of their own, once per distinct options.
 */
export async function loadWasmBackend(options?: WasmOptions): Promise<Backend> {
  const key = JSON.stringify(options ?? {});
  let backend = loaded.get(key) ?? (options ? undefined : find('wasm'));
  backend ??= await createWasmBackendAsync(options);
  loaded.set(key, backend);
  registerBackend(backend);
  setBackend(backend.name);
  return backend;
}

const requested = typeof process !== 'undefined' ? process.env?.PERCEPTRON_BACKEND : undefined;
setBackend(requested || (find('wasm') ? 'wasm' : 'js'));
