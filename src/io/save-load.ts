/**
 * save() and load(): PyTorch's `torch.save(model.state_dict(), path)` and
 * `model.load_state_dict(torch.load(path))`, with safetensors files in PyTorch's layout:
 *
 * ```ts
 * await save(model.stateDict(), 'model.safetensors');
 * model.loadStateDict(await load('model.safetensors'));
 * ```
 *
 * The same file loads in PyTorch with `model.load_state_dict(safetensors.torch.load_file(path))`,
 * and a file PyTorch saved that way loads here. Writes are atomic.
 */
import { readFile } from 'node:fs/promises';
import type { Tensor } from '../tensor/tensor.js';
import { writeFileAtomically } from './atomic-file.js';
import { SafetensorsError } from './safetensors.js';
import { decodeStateDict, encodeStateDict, type LoadOptions, type Saveable } from './state-dict-file.js';

/** Options of save. */
export interface SaveOptions {
  /** Extra string metadata to store in the file (the layout keys are the library's). */
  metadata?: Readonly<Record<string, string>>;
}

/** Saves a state dict (or a module's) as a safetensors file in PyTorch's layout, atomically. */
export async function save(state: Saveable, path: string, options: SaveOptions = {}): Promise<void> {
  await writeFileAtomically(path, encodeStateDict(state, options.metadata));
}

/**
 * The state dict in a safetensors file — one written by save(), a checkpoint of `perceptron train`
 * (its weights), or one PyTorch saved — in memory layout, ready for Module.loadStateDict.
 */
export async function load(path: string, options: LoadOptions = {}): Promise<Map<string, Tensor>> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    throw new SafetensorsError(`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return decodeStateDict(bytes, path, options).state;
}
