/**
 * Pooled tensor storage in one growable shared memory (a WebAssembly.Memory). The wasm backend's
 * kernels read and write tensors there in place (no copies); the native backend uses a memory of
 * its own only as a pool, so that a training step reuses the same pages instead of allocating
 * fresh zeroed ones for every op's output (page faults, and the collections that V8 starts for
 * fresh array buffers: bench/RESULTS.md, session 7). Tensors stay garbage-collected for the user:
 * each typed array handed out is registered with a FinalizationRegistry, and when it is collected
 * its block goes back to a free list of its size class, to be handed out again. Memory only grows
 * when no free block fits.
 *
 * Two facts shape the design:
 * - Views on a shared memory stay valid after `memory.grow` (a new SharedArrayBuffer object then
 *   covers the same bytes), so the heap remembers every buffer object the memory has had, to tell
 *   its own arrays from JS-heap ones (which kernels copy in).
 * - FinalizationRegistry callbacks only run when the event loop turns, never inside a synchronous
 *   training loop. Where the runtime allows it (Node: V8 flags set at load), the heap collects
 *   synchronously instead of growing: a full GC, then `cleanupSome()` reclaims the dead blocks.
 *   Elsewhere it stops growing at a soft limit and hands out JS-heap arrays beyond it (slower,
 *   since kernels copy them, but correct), until the callbacks have refilled the free lists.
 */
import { allocateOnHeap, type DType, type Storage } from './backend.js';
import type { Collector } from './collector.js';

const PAGE = 65536;
const ALIGN = 64;
/** Arrays smaller than this stay on the JS heap: copying them in costs less than tracking them. */
const SMALL_BYTES = 256;
const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4 };
/** The most bytes between two collections, however little they find. */
const MAX_THRESHOLD = 2 ** 31;

export interface HeapOptions {
  /** Where the allocator starts (above the module's static data). */
  base: number;
  collector?: Collector;
  /** Bytes handed out since the last collection that trigger a new one (default 128 MiB; see collect()). */
  collectEvery?: number;
  /** Without a collector: the size beyond which tensors go to the JS heap (default 512 MiB). */
  softLimit?: number;
}

/** Rounds a byte count up to its size class: 64-byte steps up to 512, then 8 steps per doubling. */
export function sizeClass(bytes: number): number {
  const units = Math.max(1, Math.ceil(bytes / ALIGN));
  if (units <= 8) return units * ALIGN;
  const step = 2 ** (Math.floor(Math.log2(units)) - 3);
  return Math.ceil(units / step) * step * ALIGN;
}

type Registry = FinalizationRegistry<number> & { cleanupSome?: (callback?: (held: number) => void) => void };

export class PooledHeap {
  readonly memory: WebAssembly.Memory;
  /** Every buffer object the memory has had (a new one after each grow). */
  readonly #buffers = new WeakSet<ArrayBufferLike>();
  readonly #free = new Map<number, number[]>();
  readonly #registry: Registry;
  /** With a collector: blocks found dead by the registry, not yet back on a free list. */
  readonly #dead?: number[];
  readonly #collector?: Collector;
  readonly #collectEvery: number;
  readonly #softLimit: number;
  #top: number;
  #sinceCollect = 0;
  #live = 0;
  /** Bytes to hand out before the next collection: collectEvery, doubled while collections find little dead. */
  #threshold: number;
  /** Whether the last collection reclaimed under a quarter of what had been handed out. */
  #lastPoor = false;
  #collections = 0;
  #buffer!: ArrayBuffer | SharedArrayBuffer;
  #f32!: Float32Array;
  #f64!: Float64Array;
  #i32!: Int32Array;
  #u8!: Uint8Array;

  constructor(memory: WebAssembly.Memory, options: HeapOptions) {
    this.memory = memory;
    this.#top = Math.ceil(options.base / ALIGN) * ALIGN;
    this.#collector = options.collector;
    // A full GC costs milliseconds whatever it finds, so it runs after a good stretch of work; not
    // too long a stretch, though: every block handed out for the first time is a fresh page of
    // memory to fault in and a cold one in the caches (bench/RESULTS.md has both costs measured).
    this.#collectEvery = options.collectEvery ?? 128 * 2 ** 20;
    this.#threshold = this.#collectEvery;
    this.#softLimit = options.softLimit ?? 512 * 2 ** 20;
    if (options.collector) {
      const { queue, callback } = options.collector.deadQueue();
      this.#dead = queue;
      this.#registry = new options.collector.FinalizationRegistry<number>(callback) as Registry;
    } else {
      this.#registry = new FinalizationRegistry<number>((held) => this.#reclaim(held)) as Registry;
    }
    this.#refresh();
  }

  /** Bytes of the memory (it never shrinks). */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }
  /** Bytes held by live blocks: tensors not yet collected plus scratch in use. */
  get liveBytes(): number {
    return this.#live;
  }
  /** Synchronous collections run so far. */
  get collections(): number {
    return this.#collections;
  }

  /** Whether an array lives in this memory (then its byteOffset is its address). */
  owns(array: ArrayBufferView): boolean {
    return this.#buffers.has(array.buffer);
  }

  /** Typed-array views on the whole memory, re-created after a grow. */
  get f32(): Float32Array { return this.#view().#f32; }
  get f64(): Float64Array { return this.#view().#f64; }
  get i32(): Int32Array { return this.#view().#i32; }
  get u8(): Uint8Array { return this.#view().#u8; }

  /**
   * A typed array in the memory (zeroed unless `zeroed` is false), returned to the pool when
   * collected; a plain JS-heap array when it is tiny or the memory cannot hold it.
   */
  allocate(dtype: DType, size: number, zeroed = true): Storage {
    const bytes = size * BYTES[dtype];
    const address = bytes < SMALL_BYTES ? -1 : this.#take(bytes, zeroed);
    if (address < 0) return allocateOnHeap(dtype, size);
    const buffer = this.#view().#buffer;
    const array = dtype === 'float32' ? new Float32Array(buffer, address, size)
      : dtype === 'float64' ? new Float64Array(buffer, address, size)
      : new Int32Array(buffer, address, size);
    const block = sizeClass(bytes);
    this.#registry.register(array, (block / ALIGN) * 2 ** 26 + address / ALIGN);
    return array;
  }

  /** A block for scratch (zeroed unless `zeroed` is false), given back with release(); -1 when the memory is full. */
  take(bytes: number, zeroed = true): number {
    return this.#take(bytes, zeroed);
  }

  release(address: number, bytes: number): void {
    const block = sizeClass(bytes);
    this.#live -= block;
    this.#freeList(block).push(address);
  }

  /**
   * Reclaims what the garbage collector has found dead; a full GC first when `full`. The next
   * collection comes after collectEvery more bytes — or twice as many as last time when this one
   * and the one before both reclaimed under a quarter of what was handed out before them (a
   * program keeping its tensors), so that collections never run back to back for nothing. One
   * such collection alone does not count: loading a data set is one, and it should not make the
   * training that follows run on twice as much fresh memory.
   */
  collect(full = true): void {
    const handedOut = this.#sinceCollect, liveBefore = this.#live;
    if (full && this.#collector) {
      this.#collector.gc();
      this.#collections++;
    }
    this.#registry.cleanupSome?.();
    this.#drainDead();
    const poor = liveBefore - this.#live < handedOut / 4;
    if (!poor) this.#threshold = this.#collectEvery;
    else if (this.#lastPoor) this.#threshold = Math.min(2 * this.#threshold, MAX_THRESHOLD);
    this.#lastPoor = poor;
    this.#sinceCollect = 0;
  }

  #drainDead(): void {
    const dead = this.#dead;
    if (dead) while (dead.length > 0) this.#reclaim(dead.pop()!);
  }

  #reclaim(held: number): void {
    const block = Math.floor(held / 2 ** 26) * ALIGN;
    this.#live -= block;
    this.#freeList(block).push((held % 2 ** 26) * ALIGN);
  }

  #freeList(block: number): number[] {
    let list = this.#free.get(block);
    if (!list) this.#free.set(block, (list = []));
    return list;
  }

  #take(bytes: number, zeroed = true): number {
    this.#drainDead();
    const block = sizeClass(bytes);
    let address = this.#reuse(block, bytes, zeroed);
    if (address < 0 && this.#collector && this.#sinceCollect > this.#threshold) {
      this.collect();
      address = this.#reuse(block, bytes, zeroed);
    }
    if (address < 0) address = this.#bump(block);
    if (address < 0 && this.#collector) {
      this.collect();
      address = this.#reuse(block, bytes, zeroed);
    }
    if (address >= 0) {
      this.#live += block;
      this.#sinceCollect += block;
    }
    return address;
  }

  #reuse(block: number, bytes: number, zeroed: boolean): number {
    const address = this.#free.get(block)?.pop();
    if (address === undefined) return -1;
    if (zeroed) this.u8.fill(0, address, address + bytes);
    return address;
  }

  #bump(block: number): number {
    const end = this.#top + block;
    if (!this.#collector && end > this.#softLimit) return -1;
    if (end > this.memory.buffer.byteLength) {
      const current = this.memory.buffer.byteLength;
      // Grow by at least a quarter, so that a growing run of allocations grows rarely.
      const pages = Math.max(Math.ceil((end - current) / PAGE), Math.ceil(current / PAGE / 4));
      try {
        this.memory.grow(pages);
      } catch {
        try {
          this.memory.grow(Math.ceil((end - current) / PAGE));
        } catch {
          return -1;
        }
      }
    }
    const address = this.#top;
    this.#top = end;
    return address;
  }

  #view(): this {
    if (this.memory.buffer !== this.#buffer) this.#refresh();
    return this;
  }

  #refresh(): void {
    const buffer = this.memory.buffer;
    this.#buffers.add(buffer);
    this.#buffer = buffer;
    this.#f32 = new Float32Array(buffer);
    this.#f64 = new Float64Array(buffer);
    this.#i32 = new Int32Array(buffer);
    this.#u8 = new Uint8Array(buffer);
  }
}

/**
 * A growable shared memory. It reserves its maximum of address space up front: 4 GiB (65536 pages
 * of 64 KiB) where the runtime grants it, less where it does not (32-bit and mobile browsers).
 */
export function growableMemory(shared: boolean): WebAssembly.Memory {
  for (const maximum of [65536, 16384, 4096]) {
    try {
      return new WebAssembly.Memory({ initial: 32, maximum, shared });
    } catch (error) {
      if (maximum === 4096) throw error;
    }
  }
  throw new Error('unreachable');
}
