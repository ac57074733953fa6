/**
 * Autocast (PyTorch's `torch.autocast('cpu', dtype=torch.bfloat16)`): inside `autocast('bfloat16',
 * fn)`, matrix products of float32 tensors (matmul, linear, and so nn.Linear and every MLP) round
 * their operands to bfloat16 and accumulate in float32; everything else, the parameters included,
 * stays float32. A product's backward uses the precision its forward ran in, wherever backward()
 * is called. Where the CPU multiplies bf16 pairs natively (the native backend on AVX512_BF16) the
 * products run about twice as fast; elsewhere they give the same results at float32 speed (the
 * operands are rounded, then multiplied by the float32 kernel).
 *
 * Unlike PyTorch, products keep float32 outputs (PyTorch returns bf16 tensors): nothing downstream
 * changes dtype, and only the operands lose precision.
 */
import type { DType } from '../backend/backend.js';
import { ArgumentError } from '../errors.js';

/** The reduced precisions autocast offers. */
export const autocastDtypes = ['bfloat16'] as const;
/** A reduced precision for the operands of matrix products under autocast: 'bfloat16'. */
export type AutocastDtype = (typeof autocastDtypes)[number];

let active: AutocastDtype | null = null;

/**
 * Runs fn with matrix products of float32 tensors in `dtype` (null: full float32 precision, to
 * turn autocast off inside an autocast region) and returns what fn returns.
 */
export function autocast<T>(dtype: AutocastDtype | null, fn: () => T): T {
  if (dtype !== null && !(autocastDtypes as readonly string[]).includes(dtype)) {
    throw new ArgumentError(`autocast: unknown dtype '${String(dtype)}' (one of: ${autocastDtypes.join(', ')}, or null for float32)`);
  }
  const previous = active;
  active = dtype;
  try {
    return fn();
  } finally {
    active = previous;
  }
}

/** The precision autocast asks of products now, or null outside autocast (torch.is_autocast_cpu_enabled). */
export const autocastDtype = (): AutocastDtype | null => active;

/** The operand precision of a matrix product of `dtype` tensors run now: bfloat16 for float32 under autocast. */
export const productPrecision = (dtype: DType): AutocastDtype | null => (dtype === 'float32' ? active : null);

/**
 * The float32 bit pattern of a float32 rounded to the nearest bfloat16 (ties to even, as
 * torch.Tensor.bfloat16() rounds): its top 16 bits, rounded. A NaN is kept as it is; ±Infinity and
 * values that round past the largest bf16 give ±Infinity.
 */
export const bfloat16Bits = (bits: number): number =>
  (bits & 0x7fffffff) > 0x7f800000 ? bits : (((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) << 16) >>> 0;

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** x rounded to the nearest bfloat16, as a float32 (see bfloat16Bits). */
export function roundToBfloat16(x: number): number {
  scratch[0] = x;
  scratchBits[0] = bfloat16Bits(scratchBits[0]);
  return scratch[0];
}
