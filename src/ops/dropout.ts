/**
 * Inverted dropout as one op: each element is kept with probability 1 − p and scaled by
 * 1/(1 − p), else zeroed, the mask drawn by the backend from a Generator's stream (the same
 * numbers, and the same state afterwards, as uniform(x.shape) compared with p). The gradient is
 * dy·mask. One op instead of four (uniform, ge, two products), and no JS loop over the draws.
 */
import { recordOp } from '../autograd/tape.js';
import { fusedKernel } from '../backend/index.js';
import type { Storage } from '../backend/backend.js';
import { ArgumentError } from '../errors.js';
import type { Generator } from '../tensor/random.js';
import { xoshiroUniform } from '../tensor/xoshiro.js';
import type { Tensor } from '../tensor/tensor.js';
import { astype, mul } from './elementwise.js';
import { emptyLike, isFloat } from './operands.js';

/**
 * mask[i] = (u_i ≥ p ? 1/(1 − p) : 0) and out[i] = x[i]·mask[i], all in x's dtype (u_i and p
 * rounded to it before they are compared), where u_i are uniform draws in [0, 1) from the
 * xoshiro128** state words (two steps each), which advance in place exactly as that many
 * Generator.random() calls.
 */
const dropoutKernel = fusedKernel('dropout', (state: Uint32Array, p: number, x: Storage, out: Storage, mask: Storage): void => {
  // Rounded to the storage's dtype, as a uniform() tensor compared with p and scaled would be.
  const round = x instanceof Float32Array ? Math.fround : (v: number) => v;
  const threshold = round(p), scale = round(1 / (1 - p));
  for (let i = 0; i < x.length; i++) {
    mask[i] = round(xoshiroUniform(state)) >= threshold ? scale : 0;
    out[i] = x[i] * mask[i];
  }
});

/** x with elements zeroed with probability p (in [0, 1)) and the rest scaled by 1/(1 − p). */
export function dropout(x: Tensor, p: number, generator: Generator): Tensor {
  if (!(p >= 0 && p < 1)) throw new ArgumentError(`dropout: p must be in [0, 1), got ${p}`);
  const input = isFloat(x.dtype) ? x : astype(x, 'float32');
  const out = emptyLike(input.shape, input.dtype);
  const mask = emptyLike(input.shape, input.dtype);
  generator.drawWith((state) => dropoutKernel(state, p, input.data, out.data, mask.data));
  return recordOp('dropout', [input], out, (g) => [mul(g, mask)]);
}
