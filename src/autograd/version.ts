/**
 * The version counter of a tensor's storage (PyTorch's `_version`): how many in-place writes the
 * array has had. Keyed by the typed array itself, so every tensor that shares it — a reshape, a
 * detach(), a stateDict() entry — shares the count without knowing of the others. A recorded op
 * keeps the versions of the tensors its gradient reads, and backward() refuses to run it if one has
 * moved on (tape.ts): the gradient would silently be computed from the new values.
 *
 * A WeakMap entry appears only on the first write, so tensors that are never written in place
 * (nearly all of them) cost a lookup that misses and nothing else, and the entry goes with the array.
 */
import type { Storage } from '../tensor/tensor.js';

const versions = new WeakMap<Storage, number>();

/** The number of in-place writes to this storage so far (0 for one never written in place). */
export const versionOf = (storage: Storage): number => versions.get(storage) ?? 0;

/** Records one in-place write; every writer of a tensor's existing storage calls it. */
export function bumpVersion(storage: Storage): void {
  versions.set(storage, versionOf(storage) + 1);
}
