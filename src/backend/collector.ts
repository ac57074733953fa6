/**
 * Synchronous garbage collection for the pooled heaps (heap.ts). FinalizationRegistry callbacks
 * only run when the event loop turns, never inside a synchronous training loop, so a heap that
 * waited for them would grow without bound during one. Node can do better: with `--expose-gc` and
 * `--harmony-weak-refs-with-cleanup-some` set at run time, a fresh vm context offers `gc()` and a
 * FinalizationRegistry with `cleanupSome()`, which together reclaim dead tensors on the spot.
 */

/**
 * A full GC, and a FinalizationRegistry constructor with cleanupSome, both from another V8 context
 * (where the flags took effect). The registry's callback must belong to that context too:
 * `deadQueue()` makes a callback there that only pushes what died onto a queue of that context,
 * which the heap drains. A callback from our context, called by that registry while Node tears
 * the process down, aborts it ("illegal access").
 */
export interface Collector {
  gc(): void;
  FinalizationRegistry: FinalizationRegistryConstructor;
  deadQueue(): { queue: number[]; callback: (held: number) => void };
}

let collector: Collector | null | undefined;
/**
 * The vm context that gc() and the FinalizationRegistry come from, kept alive for the whole
 * process: Node disposes a context once its context object is collected, and a registry of a
 * disposed context then aborts the process ("illegal access") when it runs its cleanup at exit.
 */
let collectorContext: object | undefined;

/** The process's collector (made once; every heap shares it), or undefined outside Node. */
export function nodeCollector(): Collector | undefined {
  if (collector !== undefined) return collector ?? undefined;
  collector = null;
  const v8 = globalThis.process?.getBuiltinModule?.('node:v8');
  const vm = globalThis.process?.getBuiltinModule?.('node:vm');
  if (!v8 || !vm) return undefined;
  try {
    v8.setFlagsFromString('--expose-gc');
    v8.setFlagsFromString('--harmony-weak-refs-with-cleanup-some');
    const context = vm.createContext();
    collectorContext = context;
    const gc: unknown = vm.runInContext('gc', context);
    const Registry = vm.runInContext('FinalizationRegistry', context) as FinalizationRegistryConstructor;
    if (typeof gc === 'function' && typeof (Registry.prototype as { cleanupSome?: unknown }).cleanupSome === 'function') {
      const makeDeadQueue = vm.runInContext(
        '() => { const queue = []; return { queue, callback: (held) => { queue.push(held); } }; }',
        context,
      ) as Collector['deadQueue'];
      collector = { gc: gc as () => void, FinalizationRegistry: Registry, deadQueue: makeDeadQueue };
    }
  } catch {
    collector = null;
  }
  return collector ?? undefined;
}
