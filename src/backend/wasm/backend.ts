/**
 * The wasm backend: the Backend interface on the kernels of assembly/, with tensor storage in the
 * module's memory (heap.ts) and products spread over a worker pool (pool.ts). Float32 kernels that
 * an MLP's training step uses run in wasm; every other case (float64 and int32 arithmetic, pow,
 * sin, cos, where, argmax, the rarer activations) goes to the js reference, which is correct on
 * any typed array, views on wasm memory included.
 */
import type { ActivationParams } from '../../activation/table.js';
import {
  allocateOnHeap, type AdamKernelParams, type Backend, type BinaryKernel, type DType, type FloatArray, type MatmulLayout, type ReduceKernel,
  type SGDKernelParams, type Storage, type StridedView, type UnaryKernel,
} from '../backend.js';
import { jsBackend } from '../js/index.js';
import { adamStepScalars, isPlainAdam, isPlainSgd } from '../js/optimizers.js';
import { forEachRow } from '../js/strided.js';
import { instantiate, type KernelExports, type ParallelTask } from './control.js';
import { WasmHeap, type HeapOptions } from './heap.js';
import { tuneV8ForKernels, type KernelBuild } from './load.js';
import { ThreadPool } from './pool.js';

export interface WasmBackendOptions {
  /** Threads for matrix products, the calling one included (needs a shared-memory build). */
  threads: number;
  heap: Omit<HeapOptions, 'base'>;
  /** Name to register under ('wasm' by default). */
  name?: string;
  /** Only the 4×8 matrix micro-kernel (see WasmOptions). */
  narrowKernel?: boolean;
}

/** What the wasm backend tells beyond the Backend interface: its build, threads and memory. */
export interface WasmBackend extends Backend {
  readonly build: KernelBuild;
  readonly threads: number;
  /** The matrix micro-kernel in use: '6×8' (Node, relaxed SIMD) or '4×8'. */
  readonly microKernel: string;
  /** Threads that take part in a product now: workers still starting are left out. */
  readonly activeThreads: number;
  readonly heap: WasmHeap;
  /** In the wasm memory with a shared-memory build; on the JS heap otherwise (a plain memory's views die when it grows). */
  allocate(dtype: DType, size: number, zeroed?: boolean): Storage;
}

const BINARY_OPS: Partial<Record<BinaryKernel, number>> = {
  add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5, eq: 6, ne: 7, lt: 8, le: 9, gt: 10, ge: 11,
};
const UNARY_OPS: Partial<Record<UnaryKernel, number>> = {
  neg: 0, abs: 1, sqrt: 2, square: 3, reciprocal: 4, floor: 5, ceil: 6, round: 7, sign: 8, exp: 9, log: 10,
};
const REDUCE_OPS: Partial<Record<ReduceKernel, number>> = { sum: 0, max: 1, min: 2 };
const ACTIVATIONS: Record<string, number> = { relu: 0, sigmoid: 1, tanh: 2, leakyRelu: 3 };
/**
 * Products smaller than this many multiply-adds (about 40 µs of work) run on the calling thread
 * alone; larger ones are offered to the workers, and one that does not join in time costs nothing
 * (see JOIN in control.ts). Measured on the D2L step: its three 0.65M products take 0.14 ms on two
 * threads against 0.20 ms on one.
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

const isF32 = (...arrays: Storage[]): boolean => arrays.every((x) => x instanceof Float32Array);

/** Axes after dropping size-1 ones and merging neighbours that every operand steps through evenly. */
interface Collapsed {
  shape: number[];
  strides: number[][];
}

function collapse(shape: readonly number[], strides: readonly (readonly number[])[]): Collapsed {
  const out: Collapsed = { shape: [], strides: strides.map(() => []) };
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = out.shape.length - 1;
    if (last >= 0 && strides.every((s, t) => out.strides[t][last] === s[d] * shape[d])) {
      out.shape[last] *= shape[d];
      strides.forEach((s, t) => (out.strides[t][last] = s[d]));
    } else {
      out.shape.push(shape[d]);
      strides.forEach((s, t) => out.strides[t].push(s[d]));
    }
  }
  return out;
}

/**
 * Calls body(offsets, rows, cols, rowStrides, colStrides) for each 2-D slice of a strided
 * iteration: the last two collapsed axes are the kernel's rows and columns, any axes before them
 * are walked here. Offsets and strides are in elements, one per operand.
 */
function forEachPlane(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  bases: readonly number[],
  body: (offsets: number[], rows: number, cols: number, rowStrides: number[], colStrides: number[]) => void,
): void {
  if (shape.some((d) => d === 0)) return;
  const c = collapse(shape, strides);
  const rank = c.shape.length;
  const cols = rank >= 1 ? c.shape[rank - 1] : 1;
  const rows = rank >= 2 ? c.shape[rank - 2] : 1;
  const colStrides = c.strides.map((s) => (rank >= 1 ? s[rank - 1] : 0));
  const rowStrides = c.strides.map((s) => (rank >= 2 ? s[rank - 2] : 0));
  // forEachRow walks every axis but its last: give it the outer axes plus the rows axis.
  const outer = rank > 2 ? c.shape.slice(0, rank - 1) : [];
  forEachRow(outer, c.strides.map((s) => s.slice(0, Math.max(rank - 1, 0))), bases, (offsets) =>
    body(offsets, rows, cols, rowStrides, colStrides),
  );
}

function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  for (let d = shape.length - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

export function createWasmBackend(module: WebAssembly.Module, memory: WebAssembly.Memory, build: KernelBuild, options: WasmBackendOptions): WasmBackend {
  const kernels: KernelExports = instantiate(module, memory);
  const heap = new WasmHeap(memory, { ...options.heap, base: kernels.heapBase() });
  const threads = build.shared ? options.threads : 1;
  const pool = new ThreadPool({ module, memory, kernels, threads, take: (bytes) => heap.take(bytes) });
  // Work counters of a parallel task (zeroed before each).
  const taskControl = heap.take(TASK_CONTROL_BYTES);
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

  // Operands that are not in wasm memory are copied into scratch blocks for one kernel call.
  const staged: { array: Storage; address: number; output: boolean }[] = [];
  const address = (array: Storage, output = false): number => {
    if (heap.owns(array)) return array.byteOffset;
    const at = heap.take(array.byteLength, false);
    if (at < 0) throw new RangeError(`wasm backend: memory is full (${heap.memoryBytes} bytes); cannot stage ${array.byteLength} bytes`);
    heap.u8.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at);
    staged.push({ array, address: at, output });
    return at;
  };
  const finish = (): void => {
    for (const { array, address: at, output } of staged) {
      if (output) new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(heap.u8.subarray(at, at + array.byteLength));
      heap.release(at, array.byteLength);
    }
    staged.length = 0;
  };

  function packedBFor(k: number, n: number): number {
    const bytes = kernels.matmulPackedBBytes(k, n);
    if (bytes > packedB.bytes) {
      if (packedB.address >= 0) heap.release(packedB.address, packedB.bytes);
      const address = heap.take(bytes, false);
      // On failure remember no block, so that the next product tries again instead of packing to -1.
      packedB = address < 0 ? { address: -1, bytes: 0 } : { address, bytes };
      if (address < 0) throw new RangeError(`wasm backend: memory is full; cannot pack a ${k}×${n} operand`);
    }
    return packedB.address;
  }

  function matmul(a: Storage, b: Storage, out: Storage, layout: MatmulLayout): void {
    if (!isF32(a, b, out)) return jsBackend.matmul(a, b, out, layout);
    const { batch, m, k, n, transA, transB, aBatchStride, bBatchStride } = layout;
    if (batch === 0 || m === 0 || n === 0) return;
    if (k === 0) {
      out.fill(0);
      return;
    }
    const pa = address(a), pb = address(b), pc = address(out, true);
    const packed = packedBFor(k, n);

    // Small products run on the calling thread (a second one would mostly move cache lines between cores).
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
    finish();
  }

  function binary(kernel: BinaryKernel, a: StridedView, b: StridedView, outShape: readonly number[], out: Storage): void {
    const op = BINARY_OPS[kernel];
    if (op === undefined || !isF32(a.data, b.data, out)) return jsBackend.binary(kernel, a, b, outShape, out);
    if (out.length === 0) return;
    const pa = address(a.data) + 4 * a.offset, pb = address(b.data) + 4 * b.offset, po = address(out, true);
    forEachPlane(outShape, [a.strides, b.strides, contiguousStrides(outShape)], [0, 0, 0], ([ia, ib, io], rows, cols, [ra, rb], [ca, cb]) =>
      kernels.binaryF32(op, pa + 4 * ia, ra, ca, pb + 4 * ib, rb, cb, po + 4 * io, rows, cols),
    );
    finish();
  }

  function unary(kernel: UnaryKernel, x: Storage, out: Storage): void {
    const op = UNARY_OPS[kernel];
    if (op === undefined || !isF32(x, out)) return jsBackend.unary(kernel, x, out);
    kernels.unaryF32(op, address(x), address(out, true), x.length);
    finish();
  }

  function clip(x: Storage, lo: number, hi: number, out: Storage): void {
    if (!isF32(x, out)) return jsBackend.clip(x, lo, hi, out);
    kernels.clipF32(address(x), lo, hi, address(out, true), x.length);
    finish();
  }

  function reduce(kernel: ReduceKernel, x: Storage, shape: readonly number[], axes: readonly number[], out: Storage): void {
    const op = REDUCE_OPS[kernel];
    const contiguousAxes = axes.every((axis, i) => axis === axes[0] + i);
    if (op === undefined || !contiguousAxes || !isF32(x, out)) return jsBackend.reduce(kernel, x, shape, axes, out);
    if (out.length === 0) return;
    const first = axes.length ? axes[0] : shape.length;
    const last = axes.length ? axes[axes.length - 1] : shape.length - 1;
    const product = (from: number, to: number) => shape.slice(from, to).reduce((p, q) => p * q, 1);
    const outer = product(0, first), length = product(first, last + 1), inner = product(last + 1, shape.length);
    const acc = op === 0 && inner > 1 ? heap.take(inner * 8) : 0;
    kernels.reduceF32(op, address(x), outer, length, inner, address(out, true), acc);
    if (acc) heap.release(acc, inner * 8);
    finish();
  }

  function copy(src: StridedView, dst: StridedView, shape: readonly number[]): void {
    const fourBytes = src.data.BYTES_PER_ELEMENT === 4 && dst.data.constructor === src.data.constructor;
    if (!fourBytes) return jsBackend.copy(src, dst, shape);
    const ps = address(src.data) + 4 * src.offset, pd = address(dst.data, true) + 4 * dst.offset;
    forEachPlane(shape, [src.strides, dst.strides], [0, 0], ([is, id], rows, cols, [rs, rd], [cs, cd]) =>
      kernels.copy32(ps + 4 * is, rs, cs, pd + 4 * id, rd, cd, rows, cols),
    );
    finish();
  }

  function activation(name: string, params: ActivationParams, x: Storage, out: Storage): void {
    const kind = ACTIVATIONS[name];
    if (kind === undefined || !isF32(x, out)) return jsBackend.activation(name, params, x, out);
    kernels.activationF32(kind, address(x), address(out, true), x.length, Number(params.negativeSlope ?? 0));
    finish();
  }

  function activationGrad(name: string, params: ActivationParams, x: Storage, y: Storage, dy: Storage, dx: Storage): void {
    const kind = ACTIVATIONS[name];
    if (kind === undefined || !isF32(x, y, dy, dx)) return jsBackend.activationGrad(name, params, x, y, dy, dx);
    kernels.activationGradF32(kind, address(x), address(y), address(dy), address(dx, true), x.length, Number(params.negativeSlope ?? 0));
    finish();
  }

  /** Whether every index names a row of x (else the js backend handles the call, as it would). */
  const inRange = (indices: Int32Array, rows: number): boolean => indices.every((i) => i >= 0 && i < rows);

  // A gather or scatter touches a few rows of a possibly large array: copying all of it in (a data
  // set on the JS heap, say) would cost more than the js kernel.
  function gatherRows(x: Storage, rowSize: number, indices: Int32Array, out: Storage): void {
    if (!heap.owns(x) || x.constructor !== out.constructor || !inRange(indices, rowSize ? x.length / rowSize : 0)) {
      return jsBackend.gatherRows(x, rowSize, indices, out);
    }
    if (out.length === 0) return;
    // Large gathers (a batch from a data set) on every thread; small ones on the caller.
    runClaimed('gatherRows', [address(x), rowSize * x.BYTES_PER_ELEMENT, address(indices), indices.length, address(out, true)], out.byteLength >= PARALLEL_GATHER_BYTES);
    finish();
  }

  function scatterAddRows(dy: Storage, rowSize: number, indices: Int32Array, out: Storage): void {
    if (!heap.owns(out) || !isF32(dy, out) || !inRange(indices, rowSize ? out.length / rowSize : 0)) {
      return jsBackend.scatterAddRows(dy, rowSize, indices, out);
    }
    if (dy.length === 0) return;
    kernels.scatterAddRowsF32(address(dy), rowSize, address(indices), indices.length, address(out, true));
    finish();
  }

  function biasActivation(name: string | null, params: ActivationParams, x: Storage, bias: Storage, out: Storage | null): void {
    const kind = name === null ? -1 : ACTIVATIONS[name];
    const cols = bias.length;
    if (kind === undefined || !isF32(x, bias) || (out !== null && !isF32(out)) || cols === 0 || x.length % cols !== 0) {
      return jsBackend.biasActivation(name, params, x, bias, out);
    }
    if (x.length === 0) return;
    const px = address(x, true), pb = address(bias), po = kind >= 0 && out ? address(out, true) : 0;
    kernels.biasActivationF32(kind, px, pb, x.length / cols, cols, po, Number(params.negativeSlope ?? 0));
    finish();
  }

  function softmaxCrossEntropy(logits: Storage, classes: number, labels: Int32Array, smoothing: number, losses: Storage, probabilities: Storage): void {
    if (!isF32(logits, losses, probabilities)) return jsBackend.softmaxCrossEntropy(logits, classes, labels, smoothing, losses, probabilities);
    if (labels.length === 0) return;
    kernels.softmaxCrossEntropyF32(address(logits), classes, address(labels), labels.length, smoothing, address(losses, true), address(probabilities, true));
    finish();
  }

  function softmaxCrossEntropyGrad(probabilities: Storage, classes: number, labels: Int32Array, smoothing: number, dlosses: Storage, dlogits: Storage): void {
    if (!isF32(probabilities, dlosses, dlogits)) return jsBackend.softmaxCrossEntropyGrad(probabilities, classes, labels, smoothing, dlosses, dlogits);
    if (labels.length === 0) return;
    kernels.softmaxCrossEntropyGradF32(address(probabilities), classes, address(labels), labels.length, smoothing, address(dlosses), address(dlogits, true));
    finish();
  }

  function dropout(state: Uint32Array, p: number, x: Storage, out: Storage, mask: Storage): void {
    if (!isF32(x, out, mask)) return jsBackend.dropout(state, p, x, out, mask);
    if (x.length === 0) return;
    // The state words, and room for the kernel's scratch word after them.
    const words = new Int32Array(5);
    words.set(new Int32Array(state.buffer, state.byteOffset, 4));
    kernels.dropoutF32(address(words, true), p, address(x), address(out, true), address(mask, true), x.length);
    finish();
    state.set(new Uint32Array(words.buffer, 0, 4));
  }

  // Plain SGD and plain Adam on float32 run in wasm (same float64 arithmetic as js); the rest in js.
  function sgdUpdate(param: FloatArray, grad: FloatArray, momentumBuffer: FloatArray | null, firstStep: boolean, hyper: SGDKernelParams): void {
    if (!isPlainSgd(momentumBuffer, hyper) || !isF32(param, grad)) {
      return jsBackend.sgdUpdate(param, grad, momentumBuffer, firstStep, hyper);
    }
    runClaimed('sgdF32', [address(param, true), address(grad), param.length, hyper.lr], param.length >= PARALLEL_UPDATE_SIZE);
    finish();
  }

  function adamUpdate(
    param: FloatArray, grad: FloatArray, expAvg: FloatArray, expAvgSq: FloatArray, maxExpAvgSq: FloatArray | null, step: number, hyper: AdamKernelParams,
  ): void {
    if (!isPlainAdam(maxExpAvgSq, hyper) || !isF32(param, grad, expAvg, expAvgSq)) {
      return jsBackend.adamUpdate(param, grad, expAvg, expAvgSq, maxExpAvgSq, step, hyper);
    }
    const { beta1, beta2, eps } = hyper;
    const { stepSize, biasCorrection2Sqrt } = adamStepScalars(hyper, step);
    runClaimed(
      'adamF32',
      [address(param, true), address(grad), address(expAvg, true), address(expAvgSq, true), param.length, beta1, 1 - beta1, beta2, 1 - beta2, stepSize, biasCorrection2Sqrt, eps],
      param.length >= PARALLEL_UPDATE_SIZE,
    );
    finish();
  }

  return {
    name: options.name ?? 'wasm',
    build,
    threads,
    microKernel: wideKernel ? '6×8' : '4×8',
    get activeThreads() {
      return pool.listening;
    },
    heap,
    unary,
    binary,
    where: jsBackend.where,
    clip,
    reduce,
    matmul,
    copy,
    activation,
    activationGrad,
    gatherRows,
    scatterAddRows,
    biasActivation,
    softmaxCrossEntropy,
    softmaxCrossEntropyGrad,
    dropout,
    sgdUpdate,
    adamUpdate,
    allocate: build.shared ? (dtype: DType, size: number, zeroed?: boolean) => heap.allocate(dtype, size, zeroed) : allocateOnHeap,
  };
}
