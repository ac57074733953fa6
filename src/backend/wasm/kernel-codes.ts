// The numbers by which the wasm kernels name their operations: the one list that both sides read.
// assembly/*.ts (AssemblyScript) switches on them and src/backend/wasm (TypeScript) passes them,
// looked up by the kernel's name (`BinaryCode[kernel]`: undefined for a kernel wasm lacks, which
// then runs on the js reference). Plain numeric enums are the syntax both languages share.

/** Binary float32 kernels (binaryF32). */
export enum BinaryCode { add = 0, sub = 1, mul = 2, div = 3, maximum = 4, minimum = 5, eq = 6, ne = 7, lt = 8, le = 9, gt = 10, ge = 11 }

/** Unary float32 kernels (unaryF32). */
export enum UnaryCode { neg = 0, abs = 1, sqrt = 2, square = 3, reciprocal = 4, floor = 5, ceil = 6, round = 7, sign = 8, exp = 9, log = 10 }

/** Reductions (reduceF32). */
export enum ReduceCode { sum = 0, max = 1, min = 2 }

/** Activations of the table with a wasm kernel (activationF32, activationGradF32, biasActivationF32). */
export enum ActivationCode { relu = 0, sigmoid = 1, tanh = 2, leakyRelu = 3 }
