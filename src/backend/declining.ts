/**
 * What the fast backends (wasm, native) share to decide which calls they take: they compute
 * float32 and decline everything else, which the dispatch then runs on the js reference.
 */
import type { Handled, StridedView } from './backend.js';

/**
 * The kernel when every data array among its arguments (typed arrays and strided views, but not
 * the int32 positions at `indexArgument`) is float32; otherwise it declines, and js runs the call.
 */
export function float32<A extends unknown[]>(kernel: (...args: A) => Handled, indexArgument = -1): (...args: A) => Handled {
  return (...args: A): Handled => {
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] as { data?: unknown } | null;
      const data = ArrayBuffer.isView(arg) ? arg : (arg as StridedView | null)?.data;
      if (i !== indexArgument && (data instanceof Float64Array || data instanceof Int32Array)) return false;
    }
    return kernel(...args);
  };
}

/** Whether every index names one of `rows` rows (else the js reference handles the call, and its error). */
export const indicesInRange = (indices: Int32Array, rows: number): boolean => indices.every((i) => i >= 0 && i < rows);
