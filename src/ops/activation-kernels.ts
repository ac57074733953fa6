/**
 * The activation table's functions as fused kernels over whole arrays (reference versions: one
 * call of the table's scalar function per element). The activation op and the linear layer's
 * epilogue run them; a backend may accelerate the entries it knows (the wasm backend: relu,
 * sigmoid, tanh, leakyRelu) and declines the rest.
 */
import { getActivation, roundParams, unrounded, type ActivationParams, type Rounding } from '../activation/table.js';
import type { Storage } from '../backend/backend.js';
import { fusedKernel } from '../backend/index.js';

/**
 * float32 values compute with their options rounded to float32, as PyTorch's kernels do (see the
 * table's top comment); the wasm and native backends, float32 only, round them too.
 */
const roundingOf = (x: Storage): Rounding => (x instanceof Float32Array ? Math.fround : unrounded);

/** out[i] = activation(x[i]): the table's forward, once per element. */
export const activationKernel = fusedKernel('activation', (name: string, params: ActivationParams, x: Storage, out: Storage): void => {
  const { forward } = getActivation(name);
  const round = roundingOf(x);
  const p = roundParams(params, round);
  for (let i = 0; i < x.length; i++) out[i] = forward(x[i], p, round);
});

/** dx[i] = dy[i] · activation′(x[i]), from the table's derivative given y = activation(x). */
export const activationGradKernel = fusedKernel('activationGrad', (name: string, params: ActivationParams, x: Storage, y: Storage, dy: Storage, dx: Storage): void => {
  const { derivative } = getActivation(name);
  const round = roundingOf(x);
  const p = roundParams(params, round);
  for (let i = 0; i < x.length; i++) dx[i] = dy[i] * derivative(x[i], y[i], p, round);
});
