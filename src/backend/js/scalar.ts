/** The scalar functions behind the js backend's elementwise kernels, one per kernel name. */
import type { BinaryKernel, UnaryKernel } from '../backend.js';

export const unaryFunctions: Record<UnaryKernel, (x: number) => number> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  // Math.sign(-0) is -0; PyTorch's sign(-0.) is 0 too (printed as -0.), so either compares equal.
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN),
  sin: Math.sin,
  cos: Math.cos,
  reciprocal: (x) => 1 / x,
  square: (x) => x * x,
  floor: Math.floor,
  ceil: Math.ceil,
  // Round half to even, as NumPy and PyTorch do (Math.round rounds half up).
  round: (x) => {
    const r = Math.round(x);
    return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
  },
};

export const binaryFunctions: Record<BinaryKernel, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  // NaN wins, as in PyTorch's maximum/minimum (Math.max does the same).
  maximum: Math.max,
  minimum: Math.min,
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
};
