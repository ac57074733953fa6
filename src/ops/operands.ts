/** What every op does before computing: turning numbers into tensors and agreeing on a dtype. */
import type { DType } from '../backend/backend.js';
import { allocate } from '../backend/index.js';
import { sizeOf, type Shape } from '../tensor/shape.js';
import { adoptStorage, Tensor, type TensorLike } from '../tensor/tensor.js';

const RANK: Record<DType, number> = { int32: 0, float32: 1, float64: 2 };

/** The wider of two dtypes: float64 > float32 > int32 (PyTorch's promotion for these three). */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

export const isFloat = (dtype: DType): boolean => dtype !== 'int32';

/**
 * A number becomes a 0-d tensor of its partner's dtype, so `x.mul(2)` keeps x's dtype; a
 * fractional number next to an int32 tensor becomes float32, as in PyTorch.
 */
export function asTensor(value: TensorLike, partner: Tensor): Tensor {
  if (value instanceof Tensor) return value;
  const dtype = partner.dtype === 'int32' && !Number.isInteger(value) ? 'float32' : partner.dtype;
  const data = allocate(dtype, 1);
  data[0] = value;
  return adoptStorage(data, []);
}

/** Two operands as tensors; a number takes the other operand's dtype. */
export function operandPair(a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (a instanceof Tensor) return [a, asTensor(b, a)];
  if (b instanceof Tensor) return [asTensor(a, b), b];
  throw new TypeError('an op needs at least one Tensor operand');
}

/** A tensor for an op's kernel to fill: every element must be written (its memory may be reused). */
export function emptyLike(shape: Shape, dtype: DType): Tensor {
  return adoptStorage(allocate(dtype, sizeOf(shape), false), shape);
}

