/**
 * Activation functions as ops. The formulas and derivatives live once, as data, in
 * src/activation/table.ts; this op runs them through the backend and back-propagates with the
 * table's derivative. softmax and logSoftmax are compositions whose gradients follow.
 */
import {
  getActivation, perFixedActivation, resolveParams,
  type ActivationFunctions, type ActivationParams, type FixedActivationName,
} from '../activation/table.js';
import { recordOp } from '../autograd/tape.js';
import { ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { activationGradKernel, activationKernel } from './activation-kernels.js';
import { astype, where } from './elementwise.js';
import { reshape } from './movement.js';
import { emptyLike, isFloat } from './operands.js';
import { maxShift } from './reduce.js';

/** Applies the named activation of the table elementwise, with PyTorch's defaults for params. */
export function activation(x: Tensor, name: string, params?: ActivationParams): Tensor {
  const spec = getActivation(name);
  const p = resolveParams(spec, params);
  const input = isFloat(x.dtype) ? x : astype(x, 'float32');
  const out = emptyLike(input.shape, input.dtype);
  activationKernel(spec.name, p, input.data, out.data);
  return recordOp(spec.name, [input], out, (g) => {
    const dx = emptyLike(input.shape, input.dtype);
    activationGradKernel(spec.name, p, input.data, out.data, g.data, dx.data);
    return [dx];
  });
}

/**
 * Every fixed activation of the table as a function: activationFunctions.leakyRelu(x, { negativeSlope: 0.2 }),
 * typed and documented by its table entry (prelu, whose weight is a tensor, is written below).
 */
export const activationFunctions = perFixedActivation<ActivationFunctions<[x: Tensor], Tensor>>(
  (name) => (x: Tensor, options?: ActivationParams) => activation(x, name, options),
);

// ES modules need their exported names written out: one per fixed entry of the table, and tsc
// fails on AllExported below when one is missing.
/**
 * An activation of the table as a function of a tensor, `leakyRelu(x, { negativeSlope: 0.2 })`,
 * the same as the Tensor method: its formula, PyTorch's defaults and shapes are on the table entry
 * (`activations.leakyRelu`), which an editor shows on `x.leakyRelu`.
 */
export const {
  relu, sigmoid, tanh, leakyRelu, elu, selu, celu, gelu, silu, mish, softplus, softsign, hardtanh, hardsigmoid,
  hardswish, relu6, logSigmoid, tanhshrink, softshrink, hardshrink, threshold,
} = activationFunctions;
type AllExported<Missing extends never> = Missing;
type EveryFunctionExported = AllExported<Exclude<FixedActivationName, keyof typeof import('./activation.js')>>;

/**
 * PReLU with a learnable weight: x for x > 0, weight·x otherwise. As in PyTorch, weight holds one
 * value shared by all channels, or one per channel, the channels being axis 1 (axis 0 for 1-D x).
 */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  const channelAxis = x.ndim >= 2 ? 1 : 0;
  const channels = x.ndim === 0 ? 1 : x.shape[channelAxis];
  if (weight.size !== 1 && weight.size !== channels) {
    throw new ShapeError('prelu', [x.shape, weight.shape], `weight needs 1 or ${channels} (the channel count) values`);
  }
  const w = weight.size === 1 ? reshape(weight, []) : reshape(weight, x.shape.map((d, i) => (i === channelAxis ? d : 1)));
  return where(x.gt(0), x, x.mul(w));
}

/**
 * log(softmax(x)) along an axis: (x − m) − log Σ exp(x − m), m the (detached) maximum, as PyTorch
 * computes it; finite even for logits of ±1000. Shifting first keeps float32's digits: x − m is
 * exact near the maximum, whereas x − logsumexp(x) would round logsumexp(x) ≈ 1000 to float32
 * (a step of 6e-5) before the subtraction.
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const shifted = x.sub(maxShift(x, axis));
  return shifted.sub(shifted.exp().sum(axis, { keepdims: true }).log());
}

/** exp(x) / Σ exp(x) along an axis, computed through logSoftmax so large logits do not overflow. */
export const softmax = (x: Tensor, axis = -1): Tensor => logSoftmax(x, axis).exp();
