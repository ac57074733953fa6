/**
 * The backend boundary. A backend is a set of kernels on flat typed arrays: it sees storage,
 * shapes and strides, never tensors or gradients. Ops (src/ops) call these kernels; a new backend
 * (the WebAssembly one) implements this interface and nothing else.
 *
 * Conventions shared by every kernel:
 * - Arrays are row-major. A `strides` array gives, per axis of `shape`, how far apart consecutive
 *   elements are in the source; a stride of 0 repeats one element (that is how broadcasting works).
 * - Outputs are preallocated by the caller with the right length and dtype; kernels only write them.
 */
import type { ActivationParams } from '../activation/table.js';

export type DType = 'float32' | 'float64' | 'int32';
export type Storage = Float32Array | Float64Array | Int32Array;

export const unaryKernels = [
  'neg', 'exp', 'log', 'sqrt', 'abs', 'sign', 'sin', 'cos', 'reciprocal', 'square', 'floor', 'ceil', 'round',
] as const;
export type UnaryKernel = (typeof unaryKernels)[number];

export const binaryKernels = [
  'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge',
] as const;
export type BinaryKernel = (typeof binaryKernels)[number];

export type ReduceKernel = 'sum' | 'max' | 'min' | 'argmax' | 'argmin';

export type FloatArray = Float32Array | Float64Array;

/** Hyper-parameters of one torch.optim.SGD step (see sgdUpdate in js/optimizers.ts). */
export interface SGDKernelParams {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
  maximize: boolean;
}

/** Hyper-parameters of one torch.optim.Adam / AdamW step (see adamUpdate in js/optimizers.ts). */
export interface AdamKernelParams {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** AdamW: decay the parameter itself (param ·= 1 − lr·weightDecay) instead of adding to the gradient. */
  decoupledWeightDecay: boolean;
  maximize: boolean;
}

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

export interface Backend {
  readonly name: string;
  /** out[i] = f(x[i]). */
  unary(kernel: UnaryKernel, x: Storage, out: Storage): void;
  /** out = a ∘ b over outShape, reading a and b through (possibly zero) strides. */
  binary(kernel: BinaryKernel, a: StridedView, b: StridedView, outShape: readonly number[], out: Storage): void;
  /** out = cond ≠ 0 ? a : b, all three read through strides over outShape. */
  where(cond: StridedView, a: StridedView, b: StridedView, outShape: readonly number[], out: Storage): void;
  /** out[i] = min(max(x[i], lo), hi). */
  clip(x: Storage, lo: number, hi: number, out: Storage): void;
  /**
   * Reduces x (contiguous, of `shape`) over the sorted `axes`; out holds the remaining axes in order.
   * argmax/argmin write the index along the single reduced axis (first occurrence, as NumPy and PyTorch).
   */
  reduce(kernel: ReduceKernel, x: Storage, shape: readonly number[], axes: readonly number[], out: Storage): void;
  /** Batched matrix product out[b] (m×n) = op(a[b]) · op(b[b]), out contiguous. */
  matmul(a: Storage, b: Storage, out: Storage, layout: MatmulLayout): void;
  /** Copies the elements of src, walked over `shape`, into dst, walked over the same shape. */
  copy(src: StridedView, dst: StridedView, shape: readonly number[]): void;
  /** out[i] = activation(x[i]) for a named activation of the table in src/activation. */
  activation(name: string, params: ActivationParams, x: Storage, out: Storage): void;
  /** dx[i] = dy[i] · activation′(x[i]) given y = activation(x). */
  activationGrad(name: string, params: ActivationParams, x: Storage, y: Storage, dy: Storage, dx: Storage): void;
  /** Rows of x (each rowSize long) picked by index: out[r] = x[indices[r]]. */
  gatherRows(x: Storage, rowSize: number, indices: Int32Array, out: Storage): void;
  /** The gradient of gatherRows: out[indices[r]] += dy[r] (out must start zeroed). */
  scatterAddRows(dy: Storage, rowSize: number, indices: Int32Array, out: Storage): void;
  /**
   * The epilogue of a linear layer, fused: bias (one value per column) is added in place to every
   * row of x (contiguous, x.length / bias.length rows), then out = activation(x) — unless name is
   * null, which adds the bias only (out unused).
   */
  biasActivation(name: string | null, params: ActivationParams, x: Storage, bias: Storage, out: Storage | null): void;
  /**
   * Softmax cross-entropy of each row of logits (rows × classes, contiguous) against labels[r],
   * with label smoothing ε (target q = (1 − ε)·one-hot + ε/classes): losses[r] = −Σ_c q_c·log p_c,
   * and probabilities (the logits' shape) = p = softmax of the row, kept for the gradient.
   * Computed from the row max (never exp of a large number), in float64, rounded once.
   */
  softmaxCrossEntropy(logits: Storage, classes: number, labels: Int32Array, smoothing: number, losses: Storage, probabilities: Storage): void;
  /** Its gradient: dlogits[r][c] = (probabilities[r][c] − q_c) · dlosses[r]. */
  softmaxCrossEntropyGrad(probabilities: Storage, classes: number, labels: Int32Array, smoothing: number, dlosses: Storage, dlogits: Storage): void;
  /**
   * Inverted dropout: mask[i] = (u_i ≥ p ? 1/(1 − p) : 0) and out[i] = x[i]·mask[i], all in x's
   * dtype (u_i and p rounded to it before they are compared), where u_i are uniform draws in
   * [0, 1) from the xoshiro128** state words (two steps each, see js/xoshiro.ts), which advance
   * in place exactly as that many Generator.random() calls.
   */
  dropout(state: Uint32Array, p: number, x: Storage, out: Storage, mask: Storage): void;
  /**
   * One torch.optim.SGD step in place on param (and momentumBuffer, null without momentum;
   * firstStep: the buffer holds nothing yet). The rule and its float64 arithmetic: js/optimizers.ts.
   */
  sgdUpdate(param: FloatArray, grad: FloatArray, momentumBuffer: FloatArray | null, firstStep: boolean, hyper: SGDKernelParams): void;
  /** One torch.optim.Adam(W) step in place, t = step (1, 2, …); maxExpAvgSq null unless amsgrad. */
  adamUpdate(
    param: FloatArray, grad: FloatArray, expAvg: FloatArray, expAvgSq: FloatArray, maxExpAvgSq: FloatArray | null, step: number, hyper: AdamKernelParams,
  ): void;
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

type Allocator = (dtype: DType, size: number, zeroed?: boolean) => Storage;
let allocator: Allocator = allocateOnHeap;

/** Routes allocate() to a backend's allocator (src/backend/index.ts does, on setBackend). */
export function useAllocator(allocate: Allocator | undefined): void {
  allocator = allocate ?? allocateOnHeap;
}

/**
 * Storage for a new tensor, from the current backend's allocator: zeroed, unless `zeroed` is
 * false, which an op may pass for an output its kernel overwrites entirely (reused memory then
 * keeps old values instead of being cleared first).
 */
export function allocate(dtype: DType, size: number, zeroed = true): Storage {
  return allocator(dtype, size, zeroed);
}

export function dtypeOf(data: Storage): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  return 'int32';
}
