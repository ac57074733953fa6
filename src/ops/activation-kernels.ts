/**
 * The activation table's functions as fused kernels over whole arrays (reference versions: one
 * call of the table's scalar function per element). The activation op and the linear layer's
 * epilogue run them; a backend may accelerate the entries it knows (the wasm backend: relu,
 * sigmoid, tanh, leakyRelu) and declines the rest.
 */
import { getActivation, type ActivationParams } from '../activation/table.js';
import type { Storage } from '../backend/backend.js';
import { fusedKernel } from '../backend/index.js';

/** out[i] = activation(x[i]): the table's forward, once per element. */
export const activationKernel = fusedKernel('activation', (name: string, params: ActivationParams, x: Storage, out: Storage): void => {
  const { forward } = getActivation(name);
  for (let i = 0; i < x.length; i++) out[i] = forward(x[i], params);
});

/** dx[i] = dy[i] · activation′(x[i]), from the table's derivative given y = activation(x). */
export const activationGradKernel = fusedKernel('activationGrad', (name: string, params: ActivationParams, x: Storage, y: Storage, dy: Storage, dx: Storage): void => {
  const { derivative } = getActivation(name);
  for (let i = 0; i < x.length; i++) dx[i] = dy[i] * derivative(x[i], y[i], params);
});
