/**
 * State dicts as safetensors bytes, in PyTorch's layout and saying so (src/io/weight-layout.ts).
 * Pure bytes in and out, so the playground uses it too; save() and load() (src/io/save-load.ts)
 * put the bytes in files.
 */
import { Module, type AnyModule, type StateDict } from '../nn/module.js';
import type { Tensor } from '../tensor/tensor.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';
import { convertLayout, layoutMetadata, layoutOf, WRITTEN_LAYOUT, type FileKind, type WeightLayout } from './weight-layout.js';

/** A module's state dict, or a state dict as Module.stateDict() gives it (in × out). */
export type Saveable = AnyModule | StateDict;

/** The tensors of a Module, a Map or a plain record, as a Map in their order. */
function entriesOf(state: Saveable): Map<string, Tensor> {
  if (state instanceof Module) return state.stateDict();
  return new Map(state instanceof Map ? state : Object.entries(state));
}

/**
 * A state dict (or a module's) as safetensors bytes: Linear weights out × in, as torch.nn.Linear,
 * and metadata `format: pt, layout: torch, kind: weights` plus `metadata` (strings, as the format
 * requires). PyTorch loads it with `model.load_state_dict(safetensors.torch.load_file(path))`.
 */
export function encodeStateDict(state: Saveable, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  return encodeSafetensors(convertLayout(entriesOf(state), 'in-out', WRITTEN_LAYOUT), { ...metadata, ...layoutMetadata('weights') });
}

/** What decodeStateDict read: the state dict in memory layout, and what the file said about it. */
export interface DecodedStateDict {
  /** Parameter name → values, in × out, as Module.loadStateDict takes them. */
  state: Map<string, Tensor>;
  /** The file's metadata, as written. */
  metadata: Record<string, string>;
  /** The layout the file was in (converted from). */
  layout: WeightLayout;
  /** What the file holds: 'weights', or a 'checkpoint' (of which state has the weights only). */
  kind: FileKind;
}

/** Options of decodeStateDict and load. */
export interface LoadOptions {
  /**
   * The layout of a file whose metadata does not say: 'torch' (the default: what PyTorch and
   * Hugging Face write) or 'in-out' (a state dict saved by hand with encodeSafetensors). A file
   * that states its layout is refused when this contradicts it.
   */
  layout?: WeightLayout;
}

/** The name prefix of a checkpoint's optimizer buffers (src/train/checkpoint.ts); not weights. */
export const OPTIMIZER_PREFIX = 'optimizer/';

/**
 * The state dict in a safetensors file, converted to memory layout (in × out) from the layout its
 * metadata states (see weight-layout.ts for files that state none). Of a checkpoint, the weights
 * only (its optimizer buffers are for resuming: train.loadCheckpoint). `source` names the file in
 * errors.
 */
export function decodeStateDict(bytes: Uint8Array, source = 'safetensors data', options: LoadOptions = {}): DecodedStateDict {
  const { tensors, metadata } = decodeSafetensors(bytes, source);
  const layout = layoutOf(metadata, source, options.layout);
  const kind: FileKind = metadata.kind === 'checkpoint' || (metadata.kind === undefined && metadata.perceptron !== undefined) ? 'checkpoint' : 'weights';
  const weights = new Map([...tensors].filter(([name]) => kind === 'weights' || !name.startsWith(OPTIMIZER_PREFIX)));
  return { state: convertLayout(weights, layout, 'in-out'), metadata, layout, kind };
}
