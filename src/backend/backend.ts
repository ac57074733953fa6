/**
 * The backend boundary. A backend is a set of kernels on flat typed arrays: it sees storage,
 * shapes and strides, never tensors or gradients.
 *
 * - **Primitives** (`Primitives`): the eight kernels every backend implements. Every op of the
 *   library can be computed from them plus the js reference of each fused kernel.
 * - **Fused kernels** (`FusedKernels`): optional, registered by name in a backend's `fused` table
 *   (tfjs-core's kernel registry). Their maths and reference versions live above the boundary,
 *   next to the op that defines them (src/ops, src/optim, src/tensor); a backend only accelerates.
 *
 * Any kernel may decline a call by returning `false` (a dtype or a case it does not handle); the
 * js reference then runs it. That rule is applied once, by the dispatch in src/backend/index.ts.
 *
 * Conventions shared by every kernel:
 * - Arrays are row-major. A `strides` array gives, per axis of `shape`, how far apart consecutive
 *   elements are in the source; a stride of 0 repeats one element (that is how broadcasting works).
 * - Outputs are preallocated by the caller with the right length and dtype; kernels only write them.
 * - Int32 arrays named `indices` or `labels` are positions; every other array is data of its dtype.
 */
import type { ActivationParams } from '../activation/table.js';

export type DType = 'float32' | 'float64' | 'int32';
export type Storage = Float32Array | Float64Array | Int32Array;
export type FloatArray = Float32Array | Float64Array;

export const unaryKernels = [
  'neg', 'exp', 'log', 'sqrt', 'abs', 'sign', 'sin', 'cos', 'reciprocal', 'square', 'floor', 'ceil', 'round',
] as const;
export type UnaryKernel = (typeof unaryKernels)[number];

export const binaryKernels = [
  'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge',
] as const;
export type BinaryKernel = (typeof binaryKernels)[number];

export const reduceKernels = ['sum', 'max', 'min', 'argmax', 'argmin'] as const;
export type ReduceKernel = (typeof reduceKernels)[number];

/** What a kernel returns: nothing once it has computed, `false` to leave the call to the js reference. */
export type Handled = void | false;

/** A view into a flat array: where it starts and how to step along each axis. */
export interface StridedView {
  data: Storage;
  offset: number;
  strides: readonly number[];
}

export interface MatmulLayout {
  /** Number of independent products; batch b reads a at b·aBatchStride, b at b·bBatchStride. */
  batch: number;
  m: number;
  k: number;
  n: number;
  /** a is stored as k×m (so the product uses aᵀ) instead of m×k. */
  transA: boolean;
  /** b is stored as n×k (so the product uses bᵀ) instead of k×n. */
  transB: boolean;
  aBatchStride: number;
  bBatchStride: number;
}

/** The kernels every backend must have. */
export interface Primitives {
  /** out[i] = f(x[i]). */
  unary(kernel: UnaryKernel, x: Storage, out: Storage): Handled;
  /** out = a ∘ b over outShape, reading a and b through (possibly zero) strides. */
  binary(kernel: BinaryKernel, a: StridedView, b: StridedView, outShape: readonly number[], out: Storage): Handled;
  /** out = cond ≠ 0 ? a : b, all three read through strides over outShape. */
  where(cond: StridedView, a: StridedView, b: StridedView, outShape: readonly number[], out: Storage): Handled;
  /**
   * Reduces x (contiguous, of `shape`) over the sorted `axes`; out holds the remaining axes in order.
   * argmax/argmin write the index along the single reduced axis (first occurrence, as NumPy and PyTorch).
   */
  reduce(kernel: ReduceKernel, x: Storage, shape: readonly number[], axes: readonly number[], out: Storage): Handled;
  /** Batched matrix product out[b] (m×n) = op(a[b]) · op(b[b]), out contiguous. */
  matmul(a: Storage, b: Storage, out: Storage, layout: MatmulLayout): Handled;
  /** Copies the elements of src, walked over `shape`, into dst, walked over the same shape. */
  copy(src: StridedView, dst: StridedView, shape: readonly number[]): Handled;
  /** Rows of x (each rowSize long) picked by index: out[r] = x[indices[r]]; indices are in range. */
  gatherRows(x: Storage, rowSize: number, indices: Int32Array, out: Storage): Handled;
  /** The gradient of gatherRows: out[indices[r]] += dy[r] (out must start zeroed). */
  scatterAddRows(dy: Storage, rowSize: number, indices: Int32Array, out: Storage): Handled;
}

/** The primitives' names, for code that walks them all (dispatch, tests). */
export const primitiveNames = ['unary', 'binary', 'where', 'reduce', 'matmul', 'copy', 'gatherRows', 'scatterAddRows'] as const satisfies readonly (keyof Primitives)[];

/** Adam's per-step scalars and moments' decay rates (see adamStep in src/optim/adam.ts). */
export interface AdamStepScalars {
  beta1: number;
  beta2: number;
  eps: number;
  /** lr / (1 − β₁ᵗ) */
  stepSize: number;
  /** √(1 − β₂ᵗ) */
  biasCorrection2Sqrt: number;
}

/**
 * Optional kernels that do the work of several primitives in one pass. Each contract is stated by
 * its reference version, which runs whenever a backend lacks or declines the kernel:
 */
export interface FusedKernels {
  /** out = min(max(x, lo), hi) — src/ops/elementwise.ts */
  clip(x: Storage, lo: number, hi: number, out: Storage): Handled;
  /** out[i] = activation(x[i]) for a named activation of the table — src/ops/activation.ts */
  activation(name: string, params: ActivationParams, x: Storage, out: Storage): Handled;
  /** dx[i] = dy[i] · activation′(x[i]) given y = activation(x) — src/ops/activation.ts */
  activationGrad(name: string, params: ActivationParams, x: Storage, y: Storage, dy: Storage, dx: Storage): Handled;
  /** out = bf16(a)·bf16(b), operands rounded to bfloat16 and float32 accumulation (autocast) — src/ops/matmul.ts */
  matmulBf16(a: Storage, b: Storage, out: Storage, layout: MatmulLayout): Handled;
  /** x += bias in place on every row, then out = activation(x) unless name is null — src/ops/linear.ts */
  biasActivation(name: string | null, params: ActivationParams, x: Storage, bias: Storage, out: Storage | null): Handled;
  /** Per-row softmax cross-entropy with label smoothing, keeping the softmax — src/ops/cross-entropy.ts */
  softmaxCrossEntropy(logits: Storage, classes: number, labels: Int32Array, smoothing: number, losses: Storage, probabilities: Storage): Handled;
  /** Its gradient — src/ops/cross-entropy.ts */
  softmaxCrossEntropyGrad(probabilities: Storage, classes: number, labels: Int32Array, smoothing: number, dlosses: Storage, dlogits: Storage): Handled;
  /** Inverted dropout drawing from the xoshiro128** state words, advanced in place — src/ops/dropout.ts */
  dropout(state: Uint32Array, p: number, x: Storage, out: Storage, mask: Storage): Handled;
  /** param −= lr·grad (plain SGD) — src/optim/sgd.ts */
  sgdStep(param: FloatArray, grad: FloatArray, lr: number): Handled;
  /** One plain Adam step on param and its moments — src/optim/adam.ts */
  adamStep(param: FloatArray, grad: FloatArray, expAvg: FloatArray, expAvgSq: FloatArray, scalars: AdamStepScalars): Handled;
}

export interface Backend extends Primitives {
  /** The name setBackend and listBackends know it by: 'js', 'wasm', 'native', or a registered backend's own. */
  readonly name: string;
  /** The fused kernels this backend accelerates; the others run their reference versions. */
  readonly fused?: Partial<FusedKernels>;
  /**
   * Storage where this backend's kernels read it fastest (the wasm backend: inside its memory),
   * zeroed unless `zeroed` is false. Optional: without it, tensors live on the JS heap. Kernels
   * must still accept any typed array, wherever it was allocated.
   */
  allocate?(dtype: DType, size: number, zeroed?: boolean): Storage;
}

/** A zeroed typed array on the JS heap. */
export function allocateOnHeap(dtype: DType, size: number): Storage {
  switch (dtype) {
    case 'float32': return new Float32Array(size);
    case 'float64': return new Float64Array(size);
    case 'int32': return new Int32Array(size);
  }
}

export function dtypeOf(data: Storage): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  return 'int32';
}
