/**
 * One persistent pool of workers on the shared memory, sized to the cores, started by the first
 * task that wants more than one thread (a program that never multiplies large matrices starts
 * none). A task is published by writing its arguments into the control block and bumping a
 * generation word; listening workers join and take work, the calling thread takes its own, then
 * waits for the workers that joined (a spin, then Atomics.wait). No message is posted per task.
 *
 * Workers still starting are left out, so the pool is usable at once; a worker that fails to
 * start (a browser that cannot load its script) lowers the pool's thread count for good, so that
 * `threads` never counts a thread that cannot work, and start() waits until the count is known. A worker spins for a
 * millisecond after each task, then sleeps; small tasks leave sleeping workers out (and wake
 * them for the next), and when workers keep finishing far behind the caller — cores busy with
 * other programs — the caller works alone for a while.
 */
import { ARG_COUNT, ARGS_BYTE_OFFSET, ASLEEP, closeJoin, CONTROL_BYTES, FINISHED, GENERATION, JOIN, joinTag, MAX_ARGS, MAX_THREADS, parallelTasks, READY, TASK, THREAD_BITS, waitWhileEqual, type KernelExports, type ParallelTask } from './control.js';
import { assetLocation, bundlerCopiedFiles } from './load.js';
import type { WorkerInit } from './worker.js';

/** After this many tasks in a row where workers finished late, the caller works alone … */
const LAGGING_TASKS = 4;
/** (late: by more than this, in milliseconds, and more than the caller's own share took) */
const LATE_MS = 0.5;
/** … for this many tasks, then tries the workers again. */
const SOLO_TASKS = 100;

export interface PoolOptions {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  kernels: KernelExports;
  /** Threads including the calling one. */
  threads: number;
  /** Allocates zeroed bytes in the memory (for the control block and per-thread scratch). */
  take(bytes: number): number;
  /** The folder of the worker script (a served copy of the package's dist/wasm/), if the page names one (see load.ts). */
  assetsUrl?: string | URL;
}

/** How long start() waits for workers before it counts the missing ones out. */
const START_TIMEOUT_MS = 10_000;

/** Threads to use: PERCEPTRON_THREADS, else the cores the runtime reports. */
export function defaultThreadCount(): number {
  const env = globalThis.process?.env?.PERCEPTRON_THREADS;
  const requested = env === undefined || env === '' ? NaN : Number(env);
  if (Number.isInteger(requested) && requested >= 1) return Math.min(requested, MAX_THREADS);
  const os = globalThis.process?.getBuiltinModule?.('node:os');
  const cores = os ? os.availableParallelism() : (globalThis.navigator?.hardwareConcurrency ?? 1);
  return Math.max(1, Math.min(cores, MAX_THREADS));
}

export class ThreadPool {
  #threads: number;
  readonly #kernels: KernelExports;
  readonly #slots: Int32Array;
  readonly #args: Float64Array;
  readonly #scratch: number[] = [];
  readonly #start: () => void;
  #started = false;
  #generation = 0;
  /** Workers known to be listening (1..listening); checked again while some are starting. */
  #listening = 0;
  /** Parallel tasks left to run on the calling thread alone, after workers were found starved. */
  #solo = 0;
  /** Consecutive tasks in which the caller waited longer for the workers than it computed itself. */
  #lagging = 0;
  /** Atomics.wait is refused on a browser's main thread: there the caller only spins. */
  readonly #canSleep = typeof globalThis.process?.versions?.node === 'string';

  constructor({ module, memory, kernels, threads, take, assetsUrl }: PoolOptions) {
    this.#threads = threads;
    this.#kernels = kernels;
    const control = take(CONTROL_BYTES);
    this.#slots = new Int32Array(memory.buffer, control, READY + MAX_THREADS);
    this.#args = new Float64Array(memory.buffer, control + ARGS_BYTE_OFFSET, MAX_ARGS);
    const scratchBytes = kernels.matmulScratchBytes();
    for (let t = 0; t < threads; t++) this.#scratch.push(take(scratchBytes));
    this.#start = () => {
      for (let index = 1; index < threads; index++) {
        // Threads below the one that failed still work; it and those above are left out of every task.
        const failed = () => (this.#threads = Math.min(this.#threads, index));
        startWorker({ module, memory, control, index, scratch: this.#scratch[index] }, assetsUrl, failed);
      }
    };
  }

  /** Threads including the calling one: those asked for, less any whose worker failed to start. */
  get threads(): number {
    return this.#threads;
  }

  /**
   * Starts the workers now and resolves with the threads that listen once each has started or
   * failed; workers not listening after `timeoutMs` are counted out (they never join a task).
   */
  async start(timeoutMs = START_TIMEOUT_MS): Promise<number> {
    const end = performance.now() + timeoutMs;
    while (this.listening < this.#threads && performance.now() < end) await new Promise((resolve) => setTimeout(resolve, 5));
    this.#threads = this.listening;
    return this.#threads;
  }

  /** Threads listening now: the caller and the workers that have started (it starts them). */
  get listening(): number {
    if (!this.#started && this.#threads > 1) {
      this.#started = true;
      this.#start();
    }
    while (this.#listening + 1 < this.threads && Atomics.load(this.#slots, READY + this.#listening + 1) !== 0) this.#listening++;
    return this.#listening + 1;
  }

  /**
   * Threads a task should use now: the listening ones, or only the caller for a while after the
   * workers kept finishing late — on a machine whose cores are busy with other work, a descheduled
   * worker holding part of a product would make the caller wait for milliseconds.
   */
  get active(): number {
    return this.#solo > 0 ? 1 : this.listening;
  }

  /**
   * Threads awake now: the caller and the workers before the first one asleep. Any asleep are
   * woken (to a task for nobody), so that the next small task finds them awake.
   */
  wakeUp(): number {
    const active = this.active;
    let count = 1;
    while (count < active && Atomics.load(this.#slots, READY + count) !== ASLEEP) count++;
    if (count < active) this.#publish(0);
    return count;
  }

  /**
   * Bumps the generation for a task taking `threads` threads (0: none, just waking workers).
   * Atomics.notify costs microseconds even with nobody waiting, so only sleepers get one (a worker
   * marks itself asleep before it waits, and its wait returns at once if the generation moved).
   */
  #publish(threads: number): void {
    this.#generation = (this.#generation + 1) % 2 ** (31 - THREAD_BITS);
    // Open the task to joiners before any worker can see it.
    Atomics.store(this.#slots, JOIN, joinTag(this.#generation) << 8);
    Atomics.store(this.#slots, GENERATION, (this.#generation << THREAD_BITS) | threads);
    for (let w = 1; w < this.threads; w++) {
      if (Atomics.load(this.#slots, READY + w) === ASLEEP) {
        Atomics.notify(this.#slots, GENERATION);
        return;
      }
    }
  }

  /** Runs a task on `threads` threads (at most the active ones); returns when all are done. */
  run(task: ParallelTask, args: readonly number[], threads = this.threads): void {
    if (threads > 1 && this.#solo > 0) this.#solo--;
    const count = threads === 1 ? 1 : Math.min(threads, this.active);
    const kernel = this.#kernels[task] as (...values: number[]) => void;
    if (count === 1) {
      kernel(...args, this.#scratch[0]);
      return;
    }
    const slots = this.#slots;
    this.#args.set(args);
    slots[ARG_COUNT] = args.length;
    slots[TASK] = parallelTasks.indexOf(task);
    Atomics.store(slots, FINISHED, 0);
    this.#publish(count);
    const start = performance.now();
    kernel(...args, this.#scratch[0]);
    const computed = performance.now();
    // All the work is handed out by now; wait only for the workers that took part.
    const joined = closeJoin(slots);
    let finished = Atomics.load(slots, FINISHED);
    while (finished < joined) finished = waitWhileEqual(slots, FINISHED, finished, this.#canSleep);
    const waited = performance.now() - computed;
    // Late by more than the caller's whole share, and by a scheduler's time slice rather than by
    // a wake-up: a worker that did not get a core.
    this.#lagging = waited > Math.max(computed - start, LATE_MS) ? this.#lagging + 1 : 0;
    if (this.#lagging >= LAGGING_TASKS) {
      this.#lagging = 0;
      this.#solo = SOLO_TASKS;
    }
  }
}

/**
 * Starts the worker of thread `init.index`; `failed` is called if it cannot start. In a browser the
 * script is found in `assetsUrl` where given, else named by the literal
 * `new Worker(new URL('./worker.js', import.meta.url), …)` that Vite and webpack 5 recognise and
 * bundle as a worker, else (esbuild) started from the package's inlined copy through a blob: URL,
 * which the page's cross-origin isolation extends to, as it does to its own scripts.
 */
function startWorker(init: WorkerInit, assetsUrl: string | URL | undefined, failed: () => void): void {
  const threads = globalThis.process?.getBuiltinModule?.('node:worker_threads');
  if (threads) {
    // Bundlers are told to leave this one alone: it would be a second, unbundled copy of the script.
    const worker = new threads.Worker(new URL(/* webpackIgnore: true */ /* @vite-ignore */ './worker.js', import.meta.url), { workerData: init });
    // A worker that never became ready is left out of tasks; the process may exit without it.
    worker.on('error', failed);
    worker.unref();
    return;
  }
  // A content-security policy that refuses the script makes the constructor throw.
  const listen = (start: () => Worker) => {
    try {
      const worker = start();
      worker.addEventListener('error', failed);
      worker.postMessage(init);
    } catch {
      failed();
    }
  };
  if (assetsUrl !== undefined) listen(() => new Worker(assetLocation(assetsUrl, 'worker.js'), { type: 'module' }));
  else if (bundlerCopiedFiles()) listen(() => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }));
  else inlinedWorkerUrl().then((url) => listen(() => new Worker(url, { type: 'module' })), failed);
}

let inlinedWorker: Promise<string> | undefined;
/** A blob: URL of the inlined worker script, made once for every worker of the page. */
function inlinedWorkerUrl(): Promise<string> {
  inlinedWorker ??= import('./inlined.js').then(({ workerScript }) => URL.createObjectURL(new Blob([workerScript], { type: 'text/javascript' })));
  return inlinedWorker;
}
