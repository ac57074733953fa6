/**
 * The wasm backend: the primitives and the fused kernels of a training step on the kernels of
 * assembly/, with tensor storage in the module's memory (heap.ts) and products spread over a worker
 * pool (pool.ts). It computes float32; every other call (float64 and int32 arithmetic, pow, sin,
 * cos, where, argmax, the rarer activations) it declines, and the dispatch runs the js reference.
 */
import {
  allocateOnHeap, type AdamStepScalars, type Backend, type BinaryKernel, type DType, type FloatArray, type FusedKernels, type Handled,
  type MatmulLayout, type Primitives, type ReduceKernel, type Storage, type StridedView, type UnaryKernel,
} from '../backend.js';
import type { ActivationParams } from '../../activation/table.js';
import { float32, indicesInRange } from '../declining.js';
import { contiguousStrides, forEachPlane, reductionExtent } from '../strided.js';
import { instantiate, type KernelExports, type ParallelTask } from './control.js';
import { PooledHeap, type HeapOptions } from '../heap.js';
import { ActivationCode, BinaryCode, ReduceCode, UnaryCode } from './kernel-codes.js';
import { tuneV8ForKernels, type KernelBuild } from './load.js';
import { ThreadPool } from './pool.js';
import { OperandStaging } from './staging.js';

export interface WasmBackendOptions {
  /** Threads for matrix products, the calling one included (needs a shared-memory build). */
  threads: number;
  heap: Omit<HeapOptions, 'base'>;
  /** Name to register under ('wasm' by default). */
  name?: string;
  /** Only the 4×8 matrix micro-kernel (see WasmOptions). */
  narrowKernel?: boolean;
  /** Where the worker script is served, for pages whose bundler did not bundle it (see WasmOptions). */
  assetsUrl?: string | URL;
}

/** What the wasm backend tells beyond the Backend interface: its build, threads and memory. */
export interface WasmBackend extends Backend {
  readonly build: KernelBuild;
  /** Threads for products, the calling one included: those asked for, less any whose worker could not start. */
  readonly threads: number;
  /** The matrix micro-kernel in use: '6×8' (Node, relaxed SIMD) or '4×8'. */
  readonly microKernel: string;
  /** Threads that take part in a product now: workers still starting are left out. */
  readonly activeThreads: number;
  /** Starts the workers now; resolves with `threads` once every worker has started or failed (see ThreadPool.start). */
  startThreads(): Promise<number>;
  readonly heap: PooledHeap;
  /** Scratch blocks held by the kernel call in progress (0 between calls). */
  readonly pendingStaged: number;
  readonly fused: Partial<FusedKernels>;
  /** In the wasm memory with a shared-memory build; on the JS heap otherwise (a plain memory's views die when it grows). */
  allocate(dtype: DType, size: number, zeroed?: boolean): Storage;
}

/**
 * Products smaller than this many multiply-adds (tens of microseconds of work) run on the calling thread
 * alone; larger ones are offered to the workers, and one that does not join in time costs nothing
 * (see JOIN in control.ts): for small products a second thread mostly moves cache lines between cores.
 */
const PARALLEL_MIN_MACS = 1 << 19;
/** Products between this size and the one above wake sleeping workers, for the large product that usually follows. */
const WAKE_MIN_MACS = 1 << 17;

/** The block of work counters a parallel kernel claims from (matmul's column groups need all 64 bytes). */
const TASK_CONTROL_BYTES = 64;

/** Optimizer updates of parameters with at least this many elements use all threads. */
const PARALLEL_UPDATE_SIZE = 1 << 15;
/** Gathers writing at least this many bytes use all threads. */
const PARALLEL_GATHER_BYTES = 1 << 18;

const activationCode = (name: string): number | undefined => ActivationCode[name as keyof typeof ActivationCode];
/**
 * leakyRelu's negativeSlope in float32, as PyTorch's float32 kernel holds it (the js reference
 * rounds it too: roundParams); the kernel's float64 product of two float32s, stored as float32, is
 * then the float32 product.
 */
const slopeOf = (params: ActivationParams): number => Math.fround(Number(params.negativeSlope ?? 0));

export function createWasmBackend(module: WebAssembly.Module, memory: WebAssembly.Memory, build: KernelBuild, options: WasmBackendOptions): WasmBackend {
  const kernels: KernelExports = instantiate(module, memory);
  const heap = new PooledHeap(memory, { ...options.heap, base: kernels.heapBase() });
  const threads = build.shared ? options.threads : 1;
  const pool = new ThreadPool({ module, memory, kernels, threads, take: (bytes) => heap.take(bytes), assetsUrl: options.assetsUrl });
  const staging = new OperandStaging(heap);
  const address = (array: Storage, output = false): number => staging.address(array, output);
  // Work counters of a parallel task (zeroed before each).
  const taskControl = heap.take(TASK_CONTROL_BYTES);
  if (taskControl < 0) throw new RangeError('wasm backend: memory is full; cannot start');
  // The 6×8 micro-kernel needs fused multiply-add and V8's loop unrolling off (assembly/matmul.ts).
  const wideKernel = build.relaxed && !options.narrowKernel && tuneV8ForKernels() ? 1 : 0;
  let packedB = { address: -1, bytes: 0 };

  /**
   * Runs a task whose kernel claims its work from the counter at taskControl (the kernel gets it
   * and the thread count after `args`): on every active thread when `parallel`, else on the caller.
   */
  const runClaimed = (task: ParallelTask, args: number[], parallel: boolean): void => {
    const threads = parallel ? pool.active : 1;
    heap.i32[taskControl / 4] = 0;
    pool.run(task, [...args, taskControl, threads], threads);
  };

  /** The block that packs B for every product, grown as needed and kept between products. */
  function packedBFor(k: number, n: number): number {
    const bytes = kernels.matmulPackedBBytes(k, n);
    if (bytes > packedB.bytes) {
      if (packedB.address >= 0) heap.release(packedB.address, packedB.bytes);
      const address = heap.take(bytes, false);
      // On failure remember no block, so that the next product tries again instead of packing to -1.
      packedB = address < 0 ? { address: -1, bytes: 0 } : { address, bytes };
      if (address < 0) throw new RangeError(`wasm backend: memory is full; cannot pack a ${k}×${n} operand (${bytes} bytes)`);
    }
    return packedB.address;
  }

  const primitives: Primitives = {
    matmul: float32(staging.wrap((a: Storage, b: Storage, out: Storage, layout: MatmulLayout): Handled => {
      const { batch, m, k, n, transA, transB, aBatchStride, bBatchStride } = layout;
      if (batch === 0 || m === 0 || n === 0) return;
      if (k === 0) {
        out.fill(0);
        return;
      }
      const pa = address(a), pb = address(b), pc = address(out, true);
      const packed = packedBFor(k, n);
      const macs = m * n * k;
      if (macs >= WAKE_MIN_MACS && macs < PARALLEL_MIN_MACS) pool.wakeUp();
      const threads = macs < PARALLEL_MIN_MACS ? 1 : pool.active;
      for (let t = 0; t < batch; t++) {
        heap.i32.fill(0, taskControl / 4, (taskControl + TASK_CONTROL_BYTES) / 4);
        pool.run(
          'matmulF32',
          [pa + 4 * t * aBatchStride, pb + 4 * t * bBatchStride, pc + 4 * t * m * n, m, k, n, transA ? 1 : 0, transB ? 1 : 0, packed, taskControl, threads, wideKernel],
          threads,
        );
      }
    })),

    binary: float32(staging.wrap((kernel: BinaryKernel, a: StridedView, b: StridedView, outShape: readonly number[], out: Storage): Handled => {
      const op = BinaryCode[kernel as keyof typeof BinaryCode];
      if (op === undefined) return false;
      if (out.length === 0) return;
      const pa = address(a.data) + 4 * a.offset, pb = address(b.data) + 4 * b.offset, po = address(out, true);
      forEachPlane(outShape, [a.strides, b.strides, contiguousStrides(outShape)], [0, 0, 0], ([ia, ib, io], rows, cols, [ra, rb], [ca, cb]) =>
        kernels.binaryF32(op, pa + 4 * ia, ra, ca, pb + 4 * ib, rb, cb, po + 4 * io, rows, cols),
      );
    })),

    unary: float32(staging.wrap((kernel: UnaryKernel, x: Storage, out: Storage): Handled => {
      const op = UnaryCode[kernel as keyof typeof UnaryCode];
      if (op === undefined) return false;
      kernels.unaryF32(op, address(x), address(out, true), x.length);
    })),

    where: () => false,

    reduce: float32(staging.wrap((kernel: ReduceKernel, x: Storage, shape: readonly number[], axes: readonly number[], out: Storage): Handled => {
      const op = ReduceCode[kernel as keyof typeof ReduceCode];
      const extent = reductionExtent(shape, axes);
      if (op === undefined || !extent) return false;
      if (out.length === 0) return;
      const { outer, length, inner } = extent;
      // Column sums accumulate in float64 scratch, one slot per column.
      const accumulators = op === ReduceCode.sum && inner > 1 ? staging.scratch(inner * 8) : 0;
      kernels.reduceF32(op, address(x), outer, length, inner, address(out, true), accumulators);
    })),

    copy: staging.wrap((src: StridedView, dst: StridedView, shape: readonly number[]): Handled => {
      // A bit-for-bit copy of 4-byte elements serves float32 and int32 alike.
      if (src.data.BYTES_PER_ELEMENT !== 4 || dst.data.constructor !== src.data.constructor) return false;
      const ps = address(src.data) + 4 * src.offset, pd = address(dst.data, true) + 4 * dst.offset;
      forEachPlane(shape, [src.strides, dst.strides], [0, 0], ([is, id], rows, cols, [rs, rd], [cs, cd]) =>
        kernels.copy32(ps + 4 * is, rs, cs, pd + 4 * id, rd, cd, rows, cols),
      );
    }),

    // A gather or scatter touches a few rows of a possibly large array: copying all of it in (a data
    // set on the JS heap, say) would cost more than the js kernel, so only arrays in memory run here.
    gatherRows: staging.wrap((x: Storage, rowSize: number, indices: Int32Array, out: Storage): Handled => {
      if (!heap.owns(x) || x.BYTES_PER_ELEMENT !== 4 || x.constructor !== out.constructor || !indicesInRange(indices, rowSize ? x.length / rowSize : 0)) return false;
      if (out.length === 0) return;
      // Large gathers (a batch from a data set) on every thread; small ones on the caller.
      runClaimed('gatherRows', [address(x), rowSize * 4, address(indices), indices.length, address(out, true)], out.byteLength >= PARALLEL_GATHER_BYTES);
    }),

    scatterAddRows: float32(staging.wrap((dy: Storage, rowSize: number, indices: Int32Array, out: Storage): Handled => {
      if (!heap.owns(out) || !indicesInRange(indices, rowSize ? out.length / rowSize : 0)) return false;
      if (dy.length === 0) return;
      kernels.scatterAddRowsF32(address(dy), rowSize, address(indices), indices.length, address(out, true));
    }), 2),
  };

  const fused: Partial<FusedKernels> = {
    clip: float32(staging.wrap((x: Storage, lo: number, hi: number, out: Storage): Handled => {
      kernels.clipF32(address(x), lo, hi, address(out, true), x.length);
    })),

    activation: float32(staging.wrap((name: string, params: ActivationParams, x: Storage, out: Storage): Handled => {
      const kind = activationCode(name);
      if (kind === undefined) return false;
      kernels.activationF32(kind, address(x), address(out, true), x.length, slopeOf(params));
    })),

    activationGrad: float32(staging.wrap((name: string, params: ActivationParams, x: Storage, y: Storage, dy: Storage, dx: Storage): Handled => {
      const kind = activationCode(name);
      if (kind === undefined) return false;
      kernels.activationGradF32(kind, address(x), address(y), address(dy), address(dx, true), x.length, slopeOf(params));
    })),

    biasActivation: float32(staging.wrap((name: string | null, params: ActivationParams, x: Storage, bias: Storage, out: Storage | null): Handled => {
      const kind = name === null ? -1 : activationCode(name);
      const cols = bias.length;
      if (kind === undefined || cols === 0 || x.length % cols !== 0) return false;
      if (x.length === 0) return;
      const po = kind >= 0 && out ? address(out, true) : 0;
      kernels.biasActivationF32(kind, address(x, true), address(bias), x.length / cols, cols, po, slopeOf(params));
    })),

    softmaxCrossEntropy: float32(staging.wrap((logits: Storage, classes: number, labels: Int32Array, smoothing: number, losses: Storage, probabilities: Storage): Handled => {
      if (labels.length === 0) return;
      kernels.softmaxCrossEntropyF32(address(logits), classes, address(labels), labels.length, smoothing, address(losses, true), address(probabilities, true));
    }), 2),

    softmaxCrossEntropyGrad: float32(staging.wrap((probabilities: Storage, classes: number, labels: Int32Array, smoothing: number, dlosses: Storage, dlogits: Storage): Handled => {
      if (labels.length === 0) return;
      kernels.softmaxCrossEntropyGradF32(address(probabilities), classes, address(labels), labels.length, smoothing, address(dlosses), address(dlogits, true));
    }), 2),

    dropout: float32(staging.wrap((state: Uint32Array, p: number, x: Storage, out: Storage, mask: Storage): Handled => {
      if (x.length === 0) return;
      // The state words, and room for the kernel's scratch word after them.
      const words = new Int32Array(5);
      words.set(new Int32Array(state.buffer, state.byteOffset, 4));
      const at = address(words, true);
      kernels.dropoutF32(at, p, address(x), address(out, true), address(mask, true), x.length);
      state.set(new Uint32Array(heap.i32.buffer, at, 4));
    })),

    // Same float64 arithmetic as the references in src/optim, so results are identical.
    sgdStep: float32(staging.wrap((param: FloatArray, grad: FloatArray, lr: number): Handled => {
      runClaimed('sgdF32', [address(param, true), address(grad), param.length, lr], param.length >= PARALLEL_UPDATE_SIZE);
    })),

    adamStep: float32(staging.wrap((param: FloatArray, grad: FloatArray, expAvg: FloatArray, expAvgSq: FloatArray, scalars: AdamStepScalars): Handled => {
      const { beta1, beta2, eps, stepSize, biasCorrection2Sqrt } = scalars;
      runClaimed(
        'adamF32',
        [address(param, true), address(grad), address(expAvg, true), address(expAvgSq, true), param.length, beta1, 1 - beta1, beta2, 1 - beta2, stepSize, biasCorrection2Sqrt, eps],
        param.length >= PARALLEL_UPDATE_SIZE,
      );
    })),
  };

  return {
    name: options.name ?? 'wasm',
    build,
    get threads() {
      return pool.threads;
    },
    startThreads: () => pool.start(),
    microKernel: wideKernel ? '6×8' : '4×8',
    get activeThreads() {
      return pool.listening;
    },
    get pendingStaged() {
      return staging.pending;
    },
    heap,
    ...primitives,
    fused,
    allocate: build.shared ? (dtype: DType, size: number, zeroed?: boolean) => heap.allocate(dtype, size, zeroed) : allocateOnHeap,
  };
}
