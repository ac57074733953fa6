/**
 * Which backend runs the kernels, and the dispatch that every op goes through.
 *
 * The backend is chosen by name (setBackend), by `PERCEPTRON_BACKEND`, or by default: the fastest
 * available, native where its addon was built (Node), else wasm where it loads synchronously (Node
 * with WebAssembly SIMD), else js. In a browser, `await loadWasmBackend()` makes wasm available and
 * current.
 *
 * Ops call `kernels.<primitive>(…)` and the functions that `fusedKernel(name, reference)` returns.
 * Both run the current backend's kernel and fall back to the js reference when the backend lacks
 * the kernel or declines the call (returns false): the one place where that rule is written.
 */
import { ArgumentError } from '../errors.js';
import { allocateOnHeap, primitiveNames, type Backend, type DType, type FusedKernels, type Handled, type Primitives, type Storage } from './backend.js';
import { jsBackend } from './js/index.js';
import { createWasmBackendAsync, createWasmBackendSync, type WasmOptions } from './wasm/index.js';
import { createNativeBackendSync } from './native/index.js';

export type { AdamStepScalars, Backend, DType, FloatArray, FusedKernels, Handled, Primitives, Storage } from './backend.js';

const backends = new Map<string, Backend>([[jsBackend.name, jsBackend]]);
/** Backends made on first use (making wasm reserves its memory; native starts its threads). */
const deferred = new Map<string, () => Backend | undefined>([
  ['native', () => createNativeBackendSync()],
  ['wasm', () => createWasmBackendSync()],
]);
/** Why a deferred backend could not be made, for the error that asks for it. */
const unavailable = new Map<string, string>();

let current: Backend = jsBackend;

type AnyKernel = (...args: never[]) => Handled;

/** The primitive `name` of the current backend, falling back to js for a declined call. */
function dispatchPrimitive<K extends keyof Primitives>(name: K): Primitives[K] {
  const reference = jsBackend[name] as (...args: unknown[]) => Handled;
  return ((...args: unknown[]) => {
    const own = current[name] as (...args: unknown[]) => Handled;
    if (own === reference || own.apply(current, args) === false) reference(...args);
  }) as unknown as Primitives[K];
}

/** The primitives of the current backend; a call it declines runs on the js reference. */
export const kernels: Primitives = Object.fromEntries(primitiveNames.map((name) => [name, dispatchPrimitive(name)])) as unknown as Primitives;

const references = new Map<keyof FusedKernels, AnyKernel>();

/** The reference version of a fused kernel (the yardstick a backend's own is tested against). */
export function referenceKernel<K extends keyof FusedKernels>(name: K): FusedKernels[K] {
  const reference = references.get(name);
  if (!reference) throw new ArgumentError(`referenceKernel: no fused kernel '${name}' has been declared (import the op that uses it)`);
  return reference as unknown as FusedKernels[K];
}

/**
 * Declares a fused kernel by its reference version (plain TypeScript on typed arrays, next to the
 * op that uses it): the returned function runs the current backend's kernel of that name where it
 * has one and does not decline the call, and the reference otherwise.
 */
export function fusedKernel<K extends keyof FusedKernels>(name: K, reference: FusedKernels[K]): (...args: Parameters<FusedKernels[K]>) => void {
  const run = reference as AnyKernel as (...args: unknown[]) => Handled;
  references.set(name, reference as AnyKernel);
  return ((...args: unknown[]) => {
    const own = current.fused?.[name] as ((...args: unknown[]) => Handled) | undefined;
    if (own === undefined || own(...args) === false) run(...args);
  }) as (...args: Parameters<FusedKernels[K]>) => void;
}

type Kernel = (...args: unknown[]) => Handled;

/** `own`, running `reference` instead when it is missing or declines a call. */
function withFallback(own: Kernel | undefined, reference: Kernel): Kernel {
  if (own === undefined || own === reference) return reference;
  return (...args) => {
    if (own(...args) === false) reference(...args);
  };
}

/**
 * Every kernel of a backend (its primitives, and every declared fused kernel), each falling back
 * to the reference as the dispatch does for the current one: for tests and benchmarks that
 * compare backends side by side.
 */
export function kernelsOf(backend: Backend): Primitives & FusedKernels {
  const kernels = new Map<string, Kernel>();
  for (const name of primitiveNames) kernels.set(name, withFallback((backend[name] as Kernel).bind(backend), jsBackend[name] as Kernel));
  for (const [name, reference] of references) kernels.set(name, withFallback(backend.fused?.[name] as Kernel | undefined, reference as Kernel));
  return Object.fromEntries(kernels) as unknown as Primitives & FusedKernels;
}

/**
 * Storage for a new tensor from the current backend (zeroed unless `zeroed` is false, which an op
 * may pass for an output its kernel overwrites entirely). Only src/tensor calls it: the layers
 * above make tensors (Tensor.empty, zeros) instead.
 */
export function allocate(dtype: DType, size: number, zeroed = true): Storage {
  return current.allocate ? current.allocate(dtype, size, zeroed) : allocateOnHeap(dtype, size);
}

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

/** Makes a backend available under its name; it must implement every primitive. */
export function registerBackend(backend: Backend): void {
  const missing = primitiveNames.filter((name) => typeof backend[name] !== 'function');
  if (missing.length > 0) {
    throw new ArgumentError(`registerBackend: backend '${backend.name}' lacks the primitive kernel(s) ${missing.join(', ')} (every backend needs ${primitiveNames.join(', ')})`);
  }
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
}

/** The backend that runs kernels now (native, wasm or js; see setBackend). */
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
setBackend(requested || (find('native') ? 'native' : find('wasm') ? 'wasm' : 'js'));
