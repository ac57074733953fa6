/**
 * What the calling thread and the workers share: the kernel module's exports, the layout of the
 * control block in wasm memory through which tasks are handed out, and the wait that every
 * thread uses (a spin, then Atomics.wait). No message is posted per task.
 */

/** The exports of assembly/index.ts (pointers are byte offsets, sizes element counts). */
export interface KernelExports {
  heapBase(): number;
  matmulF32(a: number, b: number, c: number, m: number, k: number, n: number, transA: number, transB: number, packedB: number, control: number, threads: number, wide: number, scratch: number): void;
  matmulScratchBytes(): number;
  matmulPackedBBytes(k: number, n: number): number;
  binaryF32(op: number, a: number, aRow: number, aCol: number, b: number, bRow: number, bCol: number, out: number, rows: number, cols: number): void;
  unaryF32(op: number, x: number, out: number, n: number): void;
  clipF32(x: number, lo: number, hi: number, out: number, n: number): void;
  reduceF32(op: number, x: number, outer: number, length: number, inner: number, out: number, acc: number): void;
  activationF32(kind: number, x: number, out: number, n: number, slope: number): void;
  activationGradF32(kind: number, x: number, y: number, dy: number, dx: number, n: number, slope: number): void;
  copy32(src: number, sRow: number, sCol: number, dst: number, dRow: number, dCol: number, rows: number, cols: number): void;
  gatherRows(x: number, rowBytes: number, indices: number, count: number, out: number, control: number, threads: number, scratch: number): void;
  scatterAddRowsF32(dy: number, rowSize: number, indices: number, count: number, out: number): void;
  biasActivationF32(kind: number, x: number, bias: number, rows: number, cols: number, out: number, slope: number): void;
  softmaxCrossEntropyF32(logits: number, classes: number, labels: number, rows: number, smoothing: number, losses: number, probabilities: number): void;
  softmaxCrossEntropyGradF32(probabilities: number, classes: number, labels: number, rows: number, smoothing: number, dlosses: number, dlogits: number): void;
  dropoutF32(state: number, p: number, x: number, out: number, mask: number, n: number): void;
  sgdF32(param: number, grad: number, n: number, lr: number, control: number, threads: number, scratch: number): void;
  adamF32(
    param: number, grad: number, expAvg: number, expAvgSq: number, n: number,
    beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, stepSize: number, biasCorrection2Sqrt: number, eps: number,
    control: number, threads: number, scratch: number,
  ): void;
}

/** The kernels on a memory (each thread makes its own instance; the builds import only the memory). */
export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
}

/** Tasks that run on several threads, by index; each gets its arguments and the thread's scratch. */
export const parallelTasks = ['matmulF32', 'gatherRows', 'sgdF32', 'adamF32'] as const;
export type ParallelTask = (typeof parallelTasks)[number];

// The control block: Int32 slots, then float64 task arguments.
/**
 * Bumped to publish a task; workers wait on it. It holds the task's count and, in its low 7 bits,
 * the threads taking part (caller included), so that a worker reads both in one atomic load.
 */
export const GENERATION = 0;
export const THREAD_BITS = 7;
export const FINISHED = 1; // workers that joined the task and finished it; the caller waits on it
export const TASK = 2;
/**
 * Which task workers may join, whether it is closed, and how many joined: (tag << 8) | closed
 * (bit 7) | count. Every parallel kernel hands out its work dynamically, so the caller can do all
 * of it: once its own call returns it closes the task and waits only for the workers that joined.
 * A worker that had not joined by then (asleep, or off its core) skips the task, instead of
 * making the caller wait the milliseconds until it runs again.
 */
export const JOIN = 3;
const JOIN_CLOSED = 1 << 7;
const JOIN_COUNT = JOIN_CLOSED - 1;
/** The task's tag in JOIN, from the generation count (23 bits fit above the flag and the count). */
export const joinTag = (generation: number): number => generation & ((1 << 23) - 1);

/** A worker's try to join task `tag`: false once the caller has closed it or moved on. */
export function tryJoin(control: Int32Array, tag: number): boolean {
  for (;;) {
    const value = Atomics.load(control, JOIN);
    if (value >>> 8 !== tag || (value & JOIN_CLOSED) !== 0) return false;
    if (Atomics.compareExchange(control, JOIN, value, value + 1) === value) return true;
  }
}

/** The caller closes its task to late workers; returns how many joined. */
export function closeJoin(control: Int32Array): number {
  for (;;) {
    const value = Atomics.load(control, JOIN);
    if (Atomics.compareExchange(control, JOIN, value, value | JOIN_CLOSED) === value) return value & JOIN_COUNT;
  }
}
export const ARG_COUNT = 4;
export const READY = 8; // READY + w: worker w (1-based) is LISTENING or ASLEEP (0 until it starts)
export const LISTENING = 1;
export const ASLEEP = 2;
export const MAX_THREADS = 64; // < 2^THREAD_BITS
export const ARGS_BYTE_OFFSET = (READY + MAX_THREADS) * 4;
export const MAX_ARGS = 16;
export const CONTROL_BYTES = ARGS_BYTE_OFFSET + MAX_ARGS * 8;

/**
 * How long a thread spins before it sleeps: long enough to catch the next product of a training
 * step (they come every millisecond or so) without waking, short enough to leave an idle core alone.
 */
const SPIN_MS = 1;

/**
 * Returns once control[slot] differs from `value` (its new value). Spins first, then sleeps with
 * Atomics.wait where allowed; while asleep, control[state] (if given) says so, so that the caller
 * can leave a sleeping worker out of a task too small to be worth waking it.
 */
export function waitWhileEqual(control: Int32Array, slot: number, value: number, canSleep: boolean, state = -1): number {
  const start = performance.now();
  for (;;) {
    for (let i = 0; i < 256; i++) {
      const now = Atomics.load(control, slot);
      if (now !== value) return now;
    }
    if (canSleep && performance.now() - start > SPIN_MS) {
      if (state >= 0) Atomics.store(control, state, ASLEEP);
      Atomics.wait(control, slot, value);
      if (state >= 0) Atomics.store(control, state, LISTENING);
    }
  }
}
