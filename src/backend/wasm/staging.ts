/**
 * Operands of one kernel call in wasm memory. A kernel reads and writes memory by address, so an
 * array that lives on the JS heap (a tiny tensor, a user's typed array) is copied into a scratch
 * block for the call, and an output is copied back when the call succeeds. Every block taken for
 * the call is released when it ends, whether it returns or throws, so a failed call can leave
 * nothing behind for the next one to copy back.
 */
import type { Storage } from '../backend.js';
import type { PooledHeap } from '../heap.js';

interface Staged {
  address: number;
  bytes: number;
  /** The output array the block is copied back into when the call succeeds (null: an input, or scratch). */
  copyBackTo: Storage | null;
}

export class OperandStaging {
  readonly #heap: PooledHeap;
  readonly #staged: Staged[] = [];

  constructor(heap: PooledHeap) {
    this.#heap = heap;
  }

  /** Blocks held by the call in progress (0 between calls). */
  get pending(): number {
    return this.#staged.length;
  }

  /** The array's address in wasm memory; a JS-heap array is copied in first (and back out if `output`). */
  address(array: Storage, output = false): number {
    if (this.#heap.owns(array)) return array.byteOffset;
    const address = this.#take(array.byteLength, false, 'stage an operand of');
    this.#heap.u8.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), address);
    this.#staged.push({ address, bytes: array.byteLength, copyBackTo: output ? array : null });
    return address;
  }

  /** A scratch block for the call in progress (zeroed unless `zeroed` is false). */
  scratch(bytes: number, zeroed = true): number {
    const address = this.#take(bytes, zeroed, 'take scratch of');
    this.#staged.push({ address, bytes, copyBackTo: null });
    return address;
  }

  /** The kernel wrapped so that each call ends by copying its outputs back and releasing its blocks. */
  wrap<A extends unknown[], R>(kernel: (...args: A) => R): (...args: A) => R {
    return (...args: A): R => {
      let succeeded = false;
      try {
        const result = kernel(...args);
        succeeded = true;
        return result;
      } finally {
        this.#finish(succeeded);
      }
    };
  }

  #take(bytes: number, zeroed: boolean, what: string): number {
    const address = this.#heap.take(bytes, zeroed);
    if (address < 0) throw new RangeError(`wasm backend: memory is full (${this.#heap.memoryBytes} bytes); cannot ${what} ${bytes} bytes`);
    return address;
  }

  #finish(succeeded: boolean): void {
    const heap = this.#heap;
    for (const { address, bytes, copyBackTo: array } of this.#staged) {
      if (succeeded && array) new Uint8Array(array.buffer, array.byteOffset, bytes).set(heap.u8.subarray(address, address + bytes));
      heap.release(address, bytes);
    }
    this.#staged.length = 0;
  }
}
