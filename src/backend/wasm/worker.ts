/**
 * A pool worker: instantiates the kernel module on the shared memory, then serves tasks forever,
 * reading each from the control block (see control.ts). Started by pool.ts, in Node through
 * worker_threads (workerData) and in browsers as a module worker (one message).
 */
import { ARG_COUNT, ARGS_BYTE_OFFSET, FINISHED, GENERATION, instantiate, joinTag, LISTENING, MAX_ARGS, parallelTasks, READY, TASK, THREAD_BITS, tryJoin, waitWhileEqual } from './control.js';

export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Address of the control block. */
  control: number;
  /** This worker's thread index (1-based; the calling thread is 0) and its scratch address. */
  index: number;
  scratch: number;
}

function serve({ module, memory, control, index, scratch }: WorkerInit): never {
  const kernels = instantiate(module, memory) as unknown as Record<string, (...args: number[]) => void>;
  const slots = new Int32Array(memory.buffer, control, READY + index + 1);
  const args = new Float64Array(memory.buffer, control + ARGS_BYTE_OFFSET, MAX_ARGS);
  let seen = Atomics.load(slots, GENERATION);
  Atomics.store(slots, READY + index, LISTENING);
  for (;;) {
    seen = waitWhileEqual(slots, GENERATION, seen, true, READY + index);
    if (index >= (seen & ((1 << THREAD_BITS) - 1))) continue;
    // Too late (the caller finished the work and closed the task): skip it.
    if (!tryJoin(slots, joinTag(seen >>> THREAD_BITS))) continue;
    const values = Array.from(args.subarray(0, slots[ARG_COUNT]));
    kernels[parallelTasks[slots[TASK]]](...values, scratch);
    Atomics.add(slots, FINISHED, 1);
    Atomics.notify(slots, FINISHED);
  }
}

const threads = globalThis.process?.getBuiltinModule?.('node:worker_threads');
if (threads?.workerData) serve(threads.workerData as WorkerInit);
else (globalThis as unknown as { onmessage: (event: { data: WorkerInit }) => void }).onmessage = (event) => serve(event.data);
