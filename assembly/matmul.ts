// Single-precision matrix product C (m×n) = op(A)·op(B), where op transposes when asked.
//
// The algorithm is GotoBLAS's, sized for wasm's 16 vector registers: B is packed once into
// panels of NR = 8 columns (shared by all threads), A into private panels of MR rows, and an
// MR×8 micro-kernel keeps its tile in f32x4 accumulators while it walks the shared depth.
// Packing makes all four transpose combinations run the same inner loop at the same speed.
//
// Two micro-kernels, because what V8 makes of them differs (Node 20, V8 11.3; the figures are in
// bench/RESULTS.md, appendix, session 2):
// - 4×8 (8 accumulators), unrolled by hand four times with an exit test between the copies.
//   V8's optimizing compiler moves every load of a basic block ahead of the arithmetic; the exit
//   tests keep each copy's loads in its own block, so the registers never run out, and the loop's
//   interrupt check runs once per four steps. With standard SIMD it beats the plain loop.
// - 6×8 (12 accumulators: more independent fused multiply-adds in flight than the FMA latency
//   needs), used with relaxed SIMD when V8's own loop unrolling is off (`wide`): with unrolling on,
//   V8 hoists two steps' loads together and spills; off, it beats 4×8. The Node loader turns V8's
//   wasm loop unrolling off before compiling (src/backend/wasm/load.ts); browsers keep 4×8.
//
// Threads cooperate without a fixed partition: they claim B panels and then blocks of C rows
// from atomic counters, so a thread that starts late simply does less. Every element of C is
// summed in the same order whichever thread computes it, so the result does not depend on the
// number of threads.

const NR = 8;
/** Rows of the wide micro-kernel (the narrow one has 4). */
const MR_WIDE = 6;
/**
 * Largest depth block: at most 512 floats × 8 columns = 16 KiB of packed B per micro-panel (it
 * stays in L1 while the block's A panels stream from L2). Against 256: the MLP's k = 784 runs
 * as 2 blocks of 392 instead of 4 of 196, so C is loaded and stored half as often (bench/RESULTS.md,
 * appendix, session 3).
 */
const KC_MAX = 512;
/** Most rows of C per claimed block: 6 micro-panels, an A block of at most 36 × 512 floats (72 KiB). */
const PANELS_PER_BLOCK = 6;

// The control words live in a 64-byte block the caller hands over zeroed (all i32, byte offsets):
// a count of the threads that arrived, then three counters per column group.
const ARRIVALS = 0;
const GROUP_BYTES = 12;
const NEXT_B_PANEL = 4;
const PACKED_B_PANELS = 8;
const NEXT_ROW = 12;
/** Column groups fit in the control block: 4 + 4 × 12 ≤ 64 bytes. */
const MAX_GROUPS = 4;
/**
 * Packed B above this size (half a core's L2) is split into column groups, one per thread, when A
 * is the smaller operand (C at least twice as wide as tall): each thread starts on its own group,
 * so it packs and streams only its part of B, which then stays in its own L2. Each thread packs
 * all of A instead, so with A as large as B nothing is won: dH·W1ᵀ (256×256·(784×256)ᵀ) gains
 * on two threads, X·W1 (256×784·784×256) does not (bench/RESULTS.md, appendix, session 3).
 */
const GROUP_MIN_PACKED_B: i64 = 512 * 1024;

@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Depth of each k block: k split into equal blocks of at most KC_MAX. */
@inline
function depthBlock(k: i32): i32 {
  const blocks = (k + KC_MAX - 1) / KC_MAX;
  return (k + blocks - 1) / blocks;
}

/**
 * Transposes the 4×4 block whose rows are r0..r3 and stores its columns at out, out + step, …:
 * how a stored row-major operand becomes depth-major panels four depth steps at a time.
 */
@inline
function storeTransposed4x4(r0: v128, r1: v128, r2: v128, r3: v128, out: usize, step: usize): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(out, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(out + step, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(out + 2 * step, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(out + 3 * step, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

/**
 * Packs B's columns j0..j0+8 over the whole depth: for each k block, kc rows of 8 floats.
 * Columns past n are zero. bRow/bCol: element strides of B's k and n axes.
 */
function packBPanel(b: usize, k: i32, n: i32, j0: i32, bRow: i32, bCol: i32, kc: i32, dst: usize): void {
  const cols = min(NR, n - j0);
  for (let p0 = 0; p0 < k; p0 += kc) {
    const depth = min(kc, k - p0);
    let out = dst + (<usize>p0 * <usize>(((n + NR - 1) / NR) * NR) + <usize>(j0 / NR) * <usize>depth * NR) * 4;
    let p = p0;
    if (bRow == 1 && cols == NR) {
      // B stored transposed (n×k): each column is contiguous; transpose 4 depth steps at a time.
      const column = b + (<usize>j0 * <usize>bCol) * 4;
      const stride = <usize>bCol * 4;
      for (; p + 4 <= p0 + depth; p += 4) {
        const at = column + (<usize>p << 2);
        storeTransposed4x4(v128.load(at), v128.load(at + stride), v128.load(at + 2 * stride), v128.load(at + 3 * stride), out, NR * 4);
        const at4 = at + 4 * stride;
        storeTransposed4x4(v128.load(at4), v128.load(at4 + stride), v128.load(at4 + 2 * stride), v128.load(at4 + 3 * stride), out + 16, NR * 4);
        out += 4 * NR * 4;
      }
    }
    for (; p < p0 + depth; p++) {
      const row = b + (<usize>p * <usize>bRow + <usize>j0 * <usize>bCol) * 4;
      if (bCol == 1 && cols == NR) {
        v128.store(out, v128.load(row));
        v128.store(out, v128.load(row, 16), 16);
      } else {
        for (let c = 0; c < NR; c++) {
          store<f32>(out + (<usize>c << 2), c < cols ? load<f32>(row + (<usize>c * <usize>bCol << 2)) : 0);
        }
      }
      out += NR * 4;
    }
  }
}

/**
 * Packs rows i0..i0+rows of A over depth p0..p0+depth into panels of mr rows (4 or 6; rows past
 * m zero): per depth step, the panel's mr floats side by side.
 */
function packABlock(a: usize, m: i32, i0: i32, rows: i32, p0: i32, depth: i32, aRow: i32, aCol: i32, mr: i32, dst: usize): void {
  const step = <usize>mr * 4;
  for (let ip = 0; ip < rows; ip += mr) {
    const valid = min(mr, min(rows - ip, m - i0 - ip));
    let out = dst + <usize>ip * <usize>depth * 4;
    const base = a + (<usize>(i0 + ip) * <usize>aRow + <usize>p0 * <usize>aCol) * 4;
    let p = 0;
    if (aRow == 1 && valid == mr) {
      // A stored transposed (k×m): a panel's rows are contiguous at each depth step.
      for (; p < depth; p++) {
        const at = base + <usize>p * <usize>aCol * 4;
        v128.store(out, v128.load(at));
        if (mr == MR_WIDE) store<u64>(out, load<u64>(at, 16), 16);
        out += step;
      }
    } else if (aCol == 1 && valid == mr) {
      // A stored as is (m×k): transpose 4 depth steps of the rows at a time.
      const stride = <usize>aRow * 4;
      for (; p + 4 <= depth; p += 4) {
        const at = base + (<usize>p << 2);
        storeTransposed4x4(v128.load(at), v128.load(at + stride), v128.load(at + 2 * stride), v128.load(at + 3 * stride), out, step);
        if (mr == MR_WIDE) {
          // Rows 4 and 5: pairs (row 4, row 5) per depth step, 8 bytes each.
          const r4 = v128.load(at + 4 * stride), r5 = v128.load(at + 5 * stride);
          const low = v128.shuffle<f32>(r4, r5, 0, 4, 1, 5), high = v128.shuffle<f32>(r4, r5, 2, 6, 3, 7);
          v128.store64_lane(out + 16, low, 0);
          v128.store64_lane(out + step + 16, low, 1);
          v128.store64_lane(out + 2 * step + 16, high, 0);
          v128.store64_lane(out + 3 * step + 16, high, 1);
        }
        out += 4 * step;
      }
    }
    for (; p < depth; p++) {
      const col = base + <usize>p * <usize>aCol * 4;
      for (let r = 0; r < mr; r++) {
        store<f32>(out + (<usize>r << 2), r < valid ? load<f32>(col + (<usize>r * <usize>aRow << 2)) : 0);
      }
      out += step;
    }
  }
}

/**
 * The 4×8 micro-kernel: c (row stride ldc bytes) = (accumulate ? c : 0) + Σ_p a[p]ᵀ·b[p] over
 * `depth` (≥ 1) steps of a packed A panel (4 floats per step) and a packed B panel (8 floats per step).
 */
@inline
function kernel4x8(depth: i32, a: usize, b: usize, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  if (accumulate) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c + ldc); c11 = v128.load(c + ldc, 16);
    c20 = v128.load(c + 2 * ldc); c21 = v128.load(c + 2 * ldc, 16);
    c30 = v128.load(c + 3 * ldc); c31 = v128.load(c + 3 * ldc, 16);
  }
  const end = b + <usize>depth * NR * 4;
  // Four identical copies of one step, each ending in its exit test (see the top of the file for
  // why by hand: AssemblyScript cannot hand eight accumulators to a helper and back).
  for (;;) {
    {
      const b0 = v128.load(b), b1 = v128.load(b, 16);
      let s = v128.load32_splat(a);
      c00 = madd(s, b0, c00); c01 = madd(s, b1, c01);
      s = v128.load32_splat(a, 4);
      c10 = madd(s, b0, c10); c11 = madd(s, b1, c11);
      s = v128.load32_splat(a, 8);
      c20 = madd(s, b0, c20); c21 = madd(s, b1, c21);
      s = v128.load32_splat(a, 12);
      c30 = madd(s, b0, c30); c31 = madd(s, b1, c31);
      a += 4 * 4;
      b += NR * 4;
      if (b >= end) break;
    }
    {
      const b0 = v128.load(b), b1 = v128.load(b, 16);
      let s = v128.load32_splat(a);
      c00 = madd(s, b0, c00); c01 = madd(s, b1, c01);
      s = v128.load32_splat(a, 4);
      c10 = madd(s, b0, c10); c11 = madd(s, b1, c11);
      s = v128.load32_splat(a, 8);
      c20 = madd(s, b0, c20); c21 = madd(s, b1, c21);
      s = v128.load32_splat(a, 12);
      c30 = madd(s, b0, c30); c31 = madd(s, b1, c31);
      a += 4 * 4;
      b += NR * 4;
      if (b >= end) break;
    }
    {
      const b0 = v128.load(b), b1 = v128.load(b, 16);
      let s = v128.load32_splat(a);
      c00 = madd(s, b0, c00); c01 = madd(s, b1, c01);
      s = v128.load32_splat(a, 4);
      c10 = madd(s, b0, c10); c11 = madd(s, b1, c11);
      s = v128.load32_splat(a, 8);
      c20 = madd(s, b0, c20); c21 = madd(s, b1, c21);
      s = v128.load32_splat(a, 12);
      c30 = madd(s, b0, c30); c31 = madd(s, b1, c31);
      a += 4 * 4;
      b += NR * 4;
      if (b >= end) break;
    }
    {
      const b0 = v128.load(b), b1 = v128.load(b, 16);
      let s = v128.load32_splat(a);
      c00 = madd(s, b0, c00); c01 = madd(s, b1, c01);
      s = v128.load32_splat(a, 4);
      c10 = madd(s, b0, c10); c11 = madd(s, b1, c11);
      s = v128.load32_splat(a, 8);
      c20 = madd(s, b0, c20); c21 = madd(s, b1, c21);
      s = v128.load32_splat(a, 12);
      c30 = madd(s, b0, c30); c31 = madd(s, b1, c31);
      a += 4 * 4;
      b += NR * 4;
      if (b >= end) break;
    }
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
}

/** The 6×8 micro-kernel: as kernel4x8 with 6 rows (A panels of 6 floats per step). */
@inline
function kernel6x8(depth: i32, a: usize, b: usize, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0);
  let c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  if (accumulate) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c + ldc); c11 = v128.load(c + ldc, 16);
    c20 = v128.load(c + 2 * ldc); c21 = v128.load(c + 2 * ldc, 16);
    c30 = v128.load(c + 3 * ldc); c31 = v128.load(c + 3 * ldc, 16);
    c40 = v128.load(c + 4 * ldc); c41 = v128.load(c + 4 * ldc, 16);
    c50 = v128.load(c + 5 * ldc); c51 = v128.load(c + 5 * ldc, 16);
  }
  const end = b + <usize>depth * NR * 4;
  while (b < end) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    let s = v128.load32_splat(a);
    c00 = madd(s, b0, c00); c01 = madd(s, b1, c01);
    s = v128.load32_splat(a, 4);
    c10 = madd(s, b0, c10); c11 = madd(s, b1, c11);
    s = v128.load32_splat(a, 8);
    c20 = madd(s, b0, c20); c21 = madd(s, b1, c21);
    s = v128.load32_splat(a, 12);
    c30 = madd(s, b0, c30); c31 = madd(s, b1, c31);
    s = v128.load32_splat(a, 16);
    c40 = madd(s, b0, c40); c41 = madd(s, b1, c41);
    s = v128.load32_splat(a, 20);
    c50 = madd(s, b0, c50); c51 = madd(s, b1, c51);
    a += MR_WIDE * 4;
    b += NR * 4;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
  v128.store(c + 4 * ldc, c40); v128.store(c + 4 * ldc, c41, 16);
  v128.store(c + 5 * ldc, c50); v128.store(c + 5 * ldc, c51, 16);
}

/** A tile at the edge of C: computed in an mr×8 scratch tile, then its valid part added or stored. */
function edgeTile(depth: i32, a: usize, b: usize, c: usize, ldc: usize, rows: i32, cols: i32, accumulate: bool, mr: i32, tile: usize): void {
  if (mr == MR_WIDE) kernel6x8(depth, a, b, tile, NR * 4, false);
  else kernel4x8(depth, a, b, tile, NR * 4, false);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const at = c + <usize>r * ldc + (<usize>j << 2);
      const v = load<f32>(tile + (<usize>(r * NR + j) << 2));
      // Same order as the full kernel: the previous partial sum plus this block's.
      store<f32>(at, accumulate ? load<f32>(at) + v : v);
    }
  }
}

/**
 * One thread's share of C = op(A)·op(B); each of the `threads` threads of a product calls it with
 * the same arguments and its own `scratch` (packed A block + an edge tile). `control` points at a
 * zeroed 64-byte block of counters; `packedB` at room for k × ceil(n/8)·8 floats, shared by all threads.
 * `wide` picks the 6×8 micro-kernel (only where V8's wasm loop unrolling is off; see the top).
 *
 * C's columns form one group, or one per thread when B is large and A small (see
 * GROUP_MIN_PACKED_B). A thread starts on the group of its arrival and then helps with the
 * others, so a thread that never arrives costs nothing but its help.
 */
export function matmulF32(
  a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool,
  packedB: usize, control: usize, threads: i32, wide: bool, scratch: usize,
): void {
  const panels = (n + NR - 1) / NR;
  const packedBBytes = <i64>k * <i64>panels * NR * 4;
  const groups = threads > 1 && 2 * m <= n && packedBBytes > GROUP_MIN_PACKED_B ? min(min(threads, MAX_GROUPS), panels) : 1;
  const first = atomic.add<i32>(control + ARRIVALS, 1) % groups;
  for (let step = 0; step < groups; step++) {
    const group = (first + step) % groups;
    multiplyColumnGroup(
      a, b, c, m, k, n, transA, transB, packedB, control + <usize>group * GROUP_BYTES,
      group * panels / groups, (group + 1) * panels / groups, max(1, threads / groups), wide, scratch,
    );
  }
}

/**
 * The part of C in B panels [firstPanel, endPanel), with that group's counters at `control`;
 * `threads`: how many threads are expected to share it (sizes the row blocks).
 */
function multiplyColumnGroup(
  a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool,
  packedB: usize, control: usize, firstPanel: i32, endPanel: i32, threads: i32, wide: bool, scratch: usize,
): void {
  const mr = wide ? MR_WIDE : 4;
  const mc = PANELS_PER_BLOCK * mr;
  const kc = depthBlock(k);
  const aRow = transA ? 1 : k, aCol = transA ? m : 1;
  const bRow = transB ? 1 : n, bCol = transB ? k : 1;
  const panels = (n + NR - 1) / NR;
  // Phase 1: pack the group's B panels, panel by panel, whoever comes first.
  for (;;) {
    const jp = firstPanel + atomic.add<i32>(control + NEXT_B_PANEL, 1);
    if (jp >= endPanel) break;
    packBPanel(b, k, n, jp * NR, bRow, bCol, kc, packedB);
    atomic.add<i32>(control + PACKED_B_PANELS, 1);
  }
  while (atomic.load<i32>(control + PACKED_B_PANELS) < endPanel - firstPanel) {}
  // Phase 2: blocks of rows of C, whoever comes first. Guided self-scheduling: each claim takes
  // a share of what is left (mr rows at least, mc at most), so the last blocks are small and no
  // thread waits long for another to finish.
  const ldc = <usize>n * 4;
  const packedA = scratch;
  const tile = scratch + PANELS_PER_BLOCK * MR_WIDE * KC_MAX * 4;
  const paddedN = <usize>panels * NR;
  for (;;) {
    let i0 = atomic.load<i32>(control + NEXT_ROW);
    let rows = 0;
    while (i0 < m) {
      rows = min(m - i0, min(mc, max(mr, ((m - i0) / (2 * threads) + mr - 1) / mr * mr)));
      const seen = atomic.cmpxchg<i32>(control + NEXT_ROW, i0, i0 + rows);
      if (seen == i0) break;
      i0 = seen;
    }
    if (i0 >= m) break;
    for (let p0 = 0; p0 < k; p0 += kc) {
      const depth = min(kc, k - p0);
      const accumulate = p0 > 0;
      packABlock(a, m, i0, (rows + mr - 1) / mr * mr, p0, depth, aRow, aCol, mr, packedA);
      const bBlock = packedB + <usize>p0 * paddedN * 4;
      for (let jp = firstPanel; jp < endPanel; jp++) {
        const j0 = jp * NR;
        const cols = min(NR, n - j0);
        const bPanel = bBlock + <usize>jp * <usize>depth * NR * 4;
        for (let ip = 0; ip < rows; ip += mr) {
          const aPanel = packedA + <usize>ip * <usize>depth * 4;
          const cTile = c + <usize>(i0 + ip) * ldc + (<usize>j0 << 2);
          const tileRows = min(mr, rows - ip);
          if (tileRows < mr || cols < NR) edgeTile(depth, aPanel, bPanel, cTile, ldc, tileRows, cols, accumulate, mr, tile);
          else if (wide) kernel6x8(depth, aPanel, bPanel, cTile, ldc, accumulate);
          else kernel4x8(depth, aPanel, bPanel, cTile, ldc, accumulate);
        }
      }
    }
  }
}

/** Bytes of private scratch each thread needs, and of shared packed B for a k×n operand. */
export function matmulScratchBytes(): i32 {
  return PANELS_PER_BLOCK * MR_WIDE * KC_MAX * 4 + MR_WIDE * NR * 4;
}
/** In i64 like matmulF32's own offsets (k·n·4 passes 2³¹ at k = n = 23,171), returned as an exact f64. */
export function matmulPackedBBytes(k: i32, n: i32): f64 {
  return <f64>(<i64>k * <i64>((n + NR - 1) / NR) * NR * 4);
}
