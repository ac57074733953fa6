/**
 * Every op a user calls, forward and gradient, in one namespace (the Tensor methods are sugar over
 * these). Helpers that ops share (sumToShape, maxShift, matmulTransposed, the kernels) stay internal.
 */
export * from './elementwise.js';
export { sum, mean, max, min, argmax, argmin, logsumexp } from './reduce.js';
export { matmul, dot } from './matmul.js';
export { autocast, autocastDtype, autocastDtypes, type AutocastDtype } from './autocast.js';
export * from './movement.js';
export * from './activation.js';
export * from './linear.js';
export { softmaxCrossEntropyPerExample } from './cross-entropy.js';
export * from './dropout.js';
export { zerosLike, onesLike, full } from '../tensor/creation.js';
