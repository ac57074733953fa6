/**
 * Which way round a file's Linear weights are, said in its safetensors metadata.
 *
 * In memory a Linear weight is in × out (the chapter's H = X·W + b). Every safetensors file the
 * library writes holds it out × in, as torch.nn.Linear does, so that PyTorch's
 * `load_state_dict(safetensors.torch.load_file(path))` takes the file as it is, and says so in its
 * metadata, with the keys Hugging Face's writers use plus two of ours:
 *
 * | key      | value                        | meaning                                             |
 * |----------|------------------------------|-----------------------------------------------------|
 * | format   | `pt`                         | PyTorch tensors (what safetensors.torch writes)     |
 * | layout   | `torch` (or `in-out`)        | every 2-D tensor is out × in (or in × out)          |
 * | kind     | `weights` or `checkpoint`    | a state dict only, or a run to resume               |
 *
 * The rule "every 2-D tensor" holds because the only 2-D parameters of perceptron's modules are
 * Linear weights (biases, PReLU weights are 1-D); a checkpoint's optimizer buffers are stored with
 * their parameter's shape, so they follow the same rule.
 *
 * Files that do not say their layout are read by what wrote them, never by their shapes (a square
 * layer fits both layouts): a checkpoint with perceptron metadata written before layouts were stated
 * is in × out; any other file (PyTorch's save_file, Hugging Face) is PyTorch's out × in, unless the
 * caller says otherwise with `{ layout }`.
 */
import { PerceptronError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** `torch`: Linear weights out × in (torch.nn.Linear, what we write). `in-out`: in × out (our memory layout). */
export type WeightLayout = 'torch' | 'in-out';

/** What a file holds: a state dict only, or a checkpoint (weights, recipe, optimizer, generator). */
export type FileKind = 'weights' | 'checkpoint';

/** A file whose layout is unknown or cannot be read as asked; the message says how to load it. */
export class LayoutError extends PerceptronError {}

/** The layout every file is written in. */
export const WRITTEN_LAYOUT: WeightLayout = 'torch';

/** The metadata keys that state a file's layout and kind, as every writer of the library puts them. */
export function layoutMetadata(kind: FileKind): Record<string, string> {
  return { format: 'pt', layout: WRITTEN_LAYOUT, kind };
}

/** The playground's exports before layouts were stated as a name ('PyTorch nn.Linear (out × in); …'). */
const OLD_PLAYGROUND_LAYOUT = /^PyTorch nn\.Linear \(out × in\)/;

/**
 * The layout of a file with this metadata: its `layout` key; else in × out for a checkpoint written
 * before layouts were stated (it has `perceptron` metadata); else `assumed` when the caller gives one;
 * else PyTorch's, as every safetensors file written from PyTorch is.
 */
export function layoutOf(metadata: Readonly<Record<string, string>>, source: string, assumed?: WeightLayout): WeightLayout {
  const stated = metadata.layout;
  if (stated === undefined) return metadata.perceptron !== undefined ? 'in-out' : (assumed ?? 'torch');
  if (stated === 'torch' || stated === 'in-out') {
    if (assumed !== undefined && assumed !== stated) {
      throw new LayoutError(`${source}: its metadata says layout '${stated}', not '${assumed}'; load it without a layout option`);
    }
    return stated;
  }
  if (OLD_PLAYGROUND_LAYOUT.test(stated)) return 'torch';
  throw new LayoutError(
    `${source}: unknown weight layout ${JSON.stringify(stated)} in its metadata (expected 'torch', Linear weights out × in, or 'in-out'); ` +
      "if you know which it is, set the file's 'layout' metadata to one of them",
  );
}

/** `tensor` turned between the two layouts: 2-D tensors transposed (a copy, off the tape), others as they are. */
export function switchLayout(tensor: Tensor): Tensor {
  return tensor.ndim === 2 ? tensor.detach().T : tensor;
}

/** A state dict in `from` layout, in `to` layout (the same map when they agree). */
export function convertLayout(state: ReadonlyMap<string, Tensor>, from: WeightLayout, to: WeightLayout): Map<string, Tensor> {
  if (from === to) return new Map(state);
  return new Map([...state].map(([name, tensor]) => [name, switchLayout(tensor)]));
}
