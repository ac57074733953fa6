/**
 * Inverted dropout as one op: each element is kept with probability 1 − p and scaled by
 * 1/(1 − p), else zeroed, the mask drawn by the backend from a Generator's stream (the same
 * numbers, and the same state afterwards, as uniform(x.shape) compared with p). The gradient is
 * dy·mask. One op instead of four (uniform, ge, two products), and no JS loop over the draws.
 */
import { recordOp } from '../autograd/tape.js';
import { getBackend } from '../backend/index.js';
import { ArgumentError } from '../errors.js';
import type { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { astype, mul } from './elementwise.js';
import { emptyLike, isFloat } from './operands.js';

/** x with elements zeroed with probability p (in [0, 1)) and the rest scaled by 1/(1 − p). */
export function dropout(x: Tensor, p: number, generator: Generator): Tensor {
  if (!(p >= 0 && p < 1)) throw new ArgumentError(`dropout: p must be in [0, 1), got ${p}`);
  const input = isFloat(x.dtype) ? x : astype(x, 'float32');
  const out = emptyLike(input.shape, input.dtype);
  const mask = emptyLike(input.shape, input.dtype);
  generator.drawWith((state) => getBackend().dropout(state, p, input.data, out.data, mask.data));
  return recordOp('dropout', [input], out, (g) => [mul(g, mask)]);
}
