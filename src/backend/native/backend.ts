/**
 * The native backend: the primitives and the fused kernels of a training step on the C++
 * kernels of native/src (Node-API), with runtime CPU dispatch (AVX-512, AVX2 + FMA, a generic
 * path) and a thread pool of its own. Tensors live in a pooled heap of their own (../heap.ts), a
 * shared memory whose blocks are recycled once their tensors are collected; the kernels read and
 * write them in place, as they do any JS typed array handed to them. It computes float32; everything else (float64 and int32 arithmetic, pow,
 * sin, cos, where, argmax/argmin, reductions over scattered axes, the rarer activations)
 * it declines, and the dispatch runs the js reference.
 */
import type { ActivationParams } from '../../activation/table.js';
import type {
  AdamStepScalars, Backend, BinaryKernel, DType, FloatArray, FusedKernels, Handled, MatmulLayout, Primitives, ReduceKernel, Storage, StridedView, UnaryKernel,
} from '../backend.js';
import { float32, indicesInRange } from '../declining.js';
import { contiguousStrides, forEachPlane, reductionExtent } from '../strided.js';
import type { NativeAddon } from './load.js';
import type { PooledHeap } from '../heap.js';

export interface NativeBackendOptions {
  /** Kernel table: 'avx512', 'avx2' or 'generic'; the fastest this CPU runs by default. */
  isa?: string;
  /** Threads for large kernels, the calling one included. */
  threads: number;
  /** Name to register under ('native' by default). */
  name?: string;
  /** Where tensors are allocated; without one, on the JS heap (a fresh array buffer per tensor). */
  heap?: PooledHeap;
}

/** What the native backend tells beyond the Backend interface. */
export interface NativeBackend extends Backend {
  /** The instruction set its kernels use. */
  readonly isa: string;
  /** The matrix micro-kernel, rows×columns ('14x32' on AVX-512). */
  readonly microKernel: string;
  readonly threads: number;
  readonly fused: Partial<FusedKernels>;
  /** Bytes of native memory it holds (scratch for matrix products, reused from one to the next). */
  readonly memoryBytes: number;
  /** The pooled heap its tensors live in, if it has one (counters: memoryBytes, liveBytes, collections). */
  readonly heap?: PooledHeap;
  /** Times the float32 FMA peak of one thread with its ISA (GFLOP/s, ~0.1 s; 0 where not measurable). */
  fmaPeakGflops(): number;
  /** Its bf16 products for autocast ('avx512bf16' where the CPU has AVX512_BF16), or '' (then the reference rounds and runs float32 products). */
  readonly bf16: string;
  /** Times one thread's bf16 dot-product peak (GFLOP/s; 0 without bf16 products). */
  bf16PeakGflops(): number;
}

/** name → code, from the addon's own list of names (native/src/kernels.h). */
const codes = (names: readonly string[]): Map<string, number> => new Map(names.map((name, code) => [name, code]));

/**
 * leakyRelu's negativeSlope in float32, as PyTorch's float32 kernel holds it (the js reference
 * rounds it too: roundParams); the kernel's float64 product of two float32s, stored as float32, is
 * then the float32 product.
 */
const slopeOf = (params: ActivationParams): number => Math.fround(Number(params.negativeSlope ?? 0));

export function createNativeBackend(addon: NativeAddon, options: NativeBackendOptions): NativeBackend {
  const id = addon.create(options.isa ?? '', options.threads);
  const [isa, microKernel] = addon.describe(id).split(' ');
  const binaryCodes = codes(addon.binaryOps), unaryCodes = codes(addon.unaryOps), reduceCodes = codes(addon.reduceOps);
  const activationCodes = codes(addon.activations);

  const primitives: Primitives = {
    matmul: float32((a: Storage, b: Storage, out: Storage, layout: MatmulLayout): Handled => {
      const { batch, m, k, n, transA, transB, aBatchStride, bBatchStride } = layout;
      addon.matmul(id, a as Float32Array, b as Float32Array, out as Float32Array, batch, m, k, n, transA, transB, aBatchStride, bBatchStride);
    }),

    binary: float32((kernel: BinaryKernel, a: StridedView, b: StridedView, outShape: readonly number[], out: Storage): Handled => {
      const op = binaryCodes.get(kernel);
      if (op === undefined) return false;
      forEachPlane(outShape, [a.strides, b.strides, contiguousStrides(outShape)], [a.offset, b.offset, 0], ([ia, ib, io], rows, cols, [ra, rb], [ca, cb]) =>
        addon.binary(id, op, a.data as Float32Array, ia, ra, ca, b.data as Float32Array, ib, rb, cb, out as Float32Array, io, rows, cols),
      );
    }),

    unary: float32((kernel: UnaryKernel, x: Storage, out: Storage): Handled => {
      const op = unaryCodes.get(kernel);
      if (op === undefined) return false;
      addon.unary(id, op, x as Float32Array, out as Float32Array);
    }),

    where: () => false,

    reduce: float32((kernel: ReduceKernel, x: Storage, shape: readonly number[], axes: readonly number[], out: Storage): Handled => {
      const op = reduceCodes.get(kernel);
      const extent = reductionExtent(shape, axes);
      if (op === undefined || !extent) return false;
      if (out.length === 0) return;
      addon.reduce(id, op, x as Float32Array, extent.outer, extent.length, extent.inner, out as Float32Array);
    }),

    copy: (src: StridedView, dst: StridedView, shape: readonly number[]): Handled => {
      // A bit-for-bit copy of 4-byte elements serves float32 and int32 alike.
      if (src.data.BYTES_PER_ELEMENT !== 4 || dst.data.constructor !== src.data.constructor) return false;
      const from = src.data as Float32Array | Int32Array, to = dst.data as Float32Array | Int32Array;
      forEachPlane(shape, [src.strides, dst.strides], [src.offset, dst.offset], ([is, id_], rows, cols, [rs, rd], [cs, cd]) =>
        addon.copy32(id, from, is, rs, cs, to, id_, rd, cd, rows, cols),
      );
    },

    gatherRows: (x: Storage, rowSize: number, indices: Int32Array, out: Storage): Handled => {
      if (x.BYTES_PER_ELEMENT !== 4 || x.constructor !== out.constructor || !indicesInRange(indices, rowSize ? x.length / rowSize : 0)) return false;
      addon.gatherRows(id, x as Float32Array | Int32Array, rowSize, indices, out as Float32Array | Int32Array);
    },

    scatterAddRows: float32((dy: Storage, rowSize: number, indices: Int32Array, out: Storage): Handled => {
      if (!indicesInRange(indices, rowSize ? out.length / rowSize : 0)) return false;
      addon.scatterAddRows(id, dy as Float32Array, rowSize, indices, out as Float32Array);
    }, 2),
  };

  const bf16 = addon.bf16Kernels(id);
  const fused: Partial<FusedKernels> = {
    matmulBf16: float32((a: Storage, b: Storage, out: Storage, layout: MatmulLayout): Handled => {
      if (!bf16) return false;
      const { batch, m, k, n, transA, transB, aBatchStride, bBatchStride } = layout;
      addon.matmulBf16(id, a as Float32Array, b as Float32Array, out as Float32Array, batch, m, k, n, transA, transB, aBatchStride, bBatchStride);
    }),

    clip: float32((x: Storage, lo: number, hi: number, out: Storage): Handled => {
      addon.clip(id, x as Float32Array, lo, hi, out as Float32Array);
    }),

    activation: float32((name: string, params: ActivationParams, x: Storage, out: Storage): Handled => {
      const kind = activationCodes.get(name);
      if (kind === undefined) return false;
      addon.activation(id, kind, x as Float32Array, out as Float32Array, slopeOf(params));
    }),

    activationGrad: float32((name: string, params: ActivationParams, x: Storage, y: Storage, dy: Storage, dx: Storage): Handled => {
      const kind = activationCodes.get(name);
      if (kind === undefined) return false;
      addon.activationGrad(id, kind, x as Float32Array, y as Float32Array, dy as Float32Array, dx as Float32Array, slopeOf(params));
    }),

    biasActivation: float32((name: string | null, params: ActivationParams, x: Storage, bias: Storage, out: Storage | null): Handled => {
      const kind = name === null ? -1 : activationCodes.get(name);
      const cols = bias.length;
      if (kind === undefined || cols === 0 || x.length % cols !== 0 || (kind >= 0 && out === null)) return false;
      addon.biasActivation(id, kind, x as Float32Array, bias as Float32Array, x.length / cols, cols, kind >= 0 ? (out as Float32Array) : null, slopeOf(params));
    }),

    softmaxCrossEntropy: float32((logits: Storage, classes: number, labels: Int32Array, smoothing: number, losses: Storage, probabilities: Storage): Handled => {
      if (!indicesInRange(labels, classes)) return false;
      addon.softmaxCrossEntropy(id, logits as Float32Array, classes, labels, smoothing, losses as Float32Array, probabilities as Float32Array);
    }, 2),

    softmaxCrossEntropyGrad: float32((probabilities: Storage, classes: number, labels: Int32Array, smoothing: number, dlosses: Storage, dlogits: Storage): Handled => {
      if (!indicesInRange(labels, classes)) return false;
      addon.softmaxCrossEntropyGrad(id, probabilities as Float32Array, classes, labels, smoothing, dlosses as Float32Array, dlogits as Float32Array);
    }, 2),

    dropout: float32((state: Uint32Array, p: number, x: Storage, out: Storage, mask: Storage): Handled => {
      addon.dropout(id, state, p, x as Float32Array, out as Float32Array, mask as Float32Array);
    }),

    // Same float64 arithmetic as the references in src/optim, so results are identical.
    sgdStep: float32((param: FloatArray, grad: FloatArray, lr: number): Handled => {
      addon.sgd(id, param as Float32Array, grad as Float32Array, lr);
    }),

    adamStep: float32((param: FloatArray, grad: FloatArray, expAvg: FloatArray, expAvgSq: FloatArray, scalars: AdamStepScalars): Handled => {
      const { beta1, beta2, eps, stepSize, biasCorrection2Sqrt } = scalars;
      addon.adam(id, param as Float32Array, grad as Float32Array, expAvg as Float32Array, expAvgSq as Float32Array, beta1, beta2, eps, stepSize, biasCorrection2Sqrt);
    }),
  };

  const heap = options.heap;
  return {
    name: options.name ?? 'native', isa, microKernel, threads: options.threads, ...primitives, fused, heap,
    allocate: heap ? (dtype: DType, size: number, zeroed?: boolean) => heap.allocate(dtype, size, zeroed) : undefined,
    get memoryBytes() { return addon.memoryBytes(id); },
    fmaPeakGflops: () => addon.fmaPeak(id),
    bf16,
    bf16PeakGflops: () => addon.bf16Peak(id),
  };
}
