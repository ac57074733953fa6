/** Every op, forward and gradient, in one namespace (the Tensor methods are sugar over these). */
export * from './elementwise.js';
export * from './reduce.js';
export * from './matmul.js';
export * from './movement.js';
export * from './activation.js';
export * from './linear.js';
export * from './cross-entropy.js';
export * from './dropout.js';
export { zerosLike, onesLike, full } from '../tensor/creation.js';
