// Kernels that move elements: strided 2-D copies, row gathers and the scatter-add that is
// their gradient. Copies and gathers only move bytes, so one kernel serves every 4-byte dtype.

import { claim } from './claim';

/** dst[r·dRow + c·dCol] = src[r·sRow + c·sCol] for 4-byte elements over rows × cols. */
export function copy32(src: usize, sRow: i32, sCol: i32, dst: usize, dRow: i32, dCol: i32, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const s = src + (<usize>(r * sRow) << 2);
    const d = dst + (<usize>(r * dRow) << 2);
    if (sCol == 1 && dCol == 1) {
      memory.copy(d, s, <usize>cols << 2);
    } else {
      for (let c = 0; c < cols; c++) store<u32>(d + (<usize>(c * dCol) << 2), load<u32>(s + (<usize>(c * sCol) << 2)));
    }
  }
}

/** Rows a thread claims at a time in gatherRows. */
const GATHER_CHUNK = 16;

/**
 * out row r = x row indices[r], each row `rowBytes` long. Each of the `threads` threads calls it
 * with the same arguments (`threads` is unused; scratch too) and claims chunks of rows at
 * `control` (assembly/claim.ts): gathering a batch from a large data set waits on memory, and two
 * cores keep twice as many reads in flight.
 */
export function gatherRows(x: usize, rowBytes: i32, indices: usize, count: i32, out: usize, control: usize, threads: i32, scratch: usize): void {
  for (let start = claim(control, count, GATHER_CHUNK); start >= 0; start = claim(control, count, GATHER_CHUNK)) {
    const end = min(count, start + GATHER_CHUNK);
    for (let r = start; r < end; r++) {
      const from = x + <usize>load<i32>(indices + (<usize>r << 2)) * <usize>rowBytes;
      memory.copy(out + <usize>r * <usize>rowBytes, from, rowBytes);
    }
  }
}

/** out row indices[r] += dy row r, float32 rows of `rowSize` elements. */
export function scatterAddRowsF32(dy: usize, rowSize: i32, indices: usize, count: i32, out: usize): void {
  for (let r = 0; r < count; r++) {
    const to = out + (<usize>load<i32>(indices + (<usize>r << 2)) * <usize>rowSize << 2);
    const from = dy + (<usize>r * <usize>rowSize << 2);
    let j = 0;
    for (; j + 4 <= rowSize; j += 4) {
      const at = <usize>j << 2;
      v128.store(to + at, f32x4.add(v128.load(to + at), v128.load(from + at)));
    }
    for (; j < rowSize; j++) {
      const at = <usize>j << 2;
      store<f32>(to + at, load<f32>(to + at) + load<f32>(from + at));
    }
  }
}
