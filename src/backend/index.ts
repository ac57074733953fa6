/** Which backend runs the kernels: chosen by name, by `PERCEPTRON_BACKEND`, or the default. */
import { ArgumentError } from '../errors.js';
import type { Backend } from './backend.js';
import { jsBackend } from './js/index.js';

export type { Backend, DType, Storage } from './backend.js';

const backends = new Map<string, Backend>([[jsBackend.name, jsBackend]]);

let current: Backend = jsBackend;

/** Makes a backend available under its name (the wasm backend registers itself this way). */
export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
}

export function setBackend(name: string): void {
  const backend = backends.get(name);
  if (!backend) throw new ArgumentError(`setBackend: unknown backend '${name}' (available: ${[...backends.keys()].join(', ')})`);
  current = backend;
}

export function getBackend(): Backend {
  return current;
}

export function listBackends(): string[] {
  return [...backends.keys()];
}

const requested = typeof process !== 'undefined' ? process.env?.PERCEPTRON_BACKEND : undefined;
if (requested) setBackend(requested);
