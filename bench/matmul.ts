/**
 * Matrix-product speed in GFLOP/s (2·m·k·n / time) on the D2L MLP's shapes and 1024³, for the js
 * backend, the wasm backend with standard and relaxed SIMD and the native backend (where its addon
 * was built), each on 1 and 2 threads, and the native backend's bf16 products (autocast) where the
 * CPU has AVX512_BF16. Each figure is the best of several timed rounds, after a
 * warm-up: run it on a quiet machine. Native figures also show their share of the FMA peak.
 *
 *     npm run build && node dist/bench/matmul.js [--rounds 7] [--quick] [--peak GFLOPS]
 *
 * --peak: the float32 FMA peak of one core in GFLOP/s. By default the native backend times it
 * (twelve independent FMA chains of its widest ISA), since the same ISA runs at different rates on
 * different CPUs: ~116 on session 6's Zen 4 (512-bit FMAs in two halves), ~271 on a Zen 5.
 */
import type { Backend, MatmulLayout, Storage } from '../src/backend/backend.js';
import { jsBackend } from '../src/backend/js/index.js';
import { createNativeBackendSync, nativeIsas, nativeUnavailableReason } from '../src/backend/native/index.js';
import { createWasmBackendSync, type WasmBackend } from '../src/backend/wasm/index.js';

interface Shape {
  label: string;
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
}

const shapes: Shape[] = [
  { label: 'X·W1       256×784 · 784×256', m: 256, k: 784, n: 256, transA: false, transB: false },
  { label: 'Xᵀ·dH      (256×784)ᵀ · 256×256', m: 784, k: 256, n: 256, transA: true, transB: false },
  { label: 'dH·W1ᵀ     256×256 · (784×256)ᵀ', m: 256, k: 256, n: 784, transA: false, transB: true },
  { label: 'H·W2       256×256 · 256×10', m: 256, k: 256, n: 10, transA: false, transB: false },
  { label: '1024³', m: 1024, k: 1024, n: 1024, transA: false, transB: false },
];

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 7;
const quick = args.includes('--quick');
/** The FMA peak of one core: --peak, else timed by the native backend on its ISA (see fmaPeakGflops). */
const peakOption = Number(args[args.indexOf('--peak') + 1]) || 0;
let peakPerCore = peakOption;

function random(backend: Backend, size: number): Storage {
  const data = backend.allocate ? backend.allocate('float32', size) : new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = Math.random() - 0.5;
  return data;
}

type Product = (a: Storage, b: Storage, out: Storage, layout: MatmulLayout) => unknown;

/** Best GFLOP/s over `rounds` rounds of about 100 ms (one product at least), of the backend's float32 product or `product`. */
function measure(backend: Backend, { m, k, n, transA, transB }: Shape, product: Product = (a, b, out, layout) => backend.matmul(a, b, out, layout)): number {
  const a = random(backend, m * k), b = random(backend, k * n), out = random(backend, m * n);
  const layout: MatmulLayout = { batch: 1, m, k, n, transA, transB, aBatchStride: 0, bBatchStride: 0 };
  const flops = 2 * m * k * n;
  let start = performance.now();
  product(a, b, out, layout);
  const once = performance.now() - start;
  const reps = Math.max(1, Math.round(100 / Math.max(once, 1e-3)));
  let best = Infinity;
  for (let r = 0; r < (once > 500 ? 1 : rounds); r++) {
    start = performance.now();
    for (let i = 0; i < reps; i++) product(a, b, out, layout);
    best = Math.min(best, (performance.now() - start) / reps);
  }
  return flops / best / 1e6;
}

async function main(): Promise<void> {
  /** name, backend, and for the bf16 columns their product. */
  const columns: [string, Backend, Product?][] = [['js', jsBackend]];
  for (const relaxed of [false, true]) {
    for (const threads of [1, 2]) {
      const backend = createWasmBackendSync({ relaxed, threads, name: `wasm-${relaxed ? 'relaxed' : 'simd'}-${threads}` });
      if (!backend) {
        console.log(`(wasm ${relaxed ? 'relaxed' : 'standard'} SIMD is not available here)`);
        continue;
      }
      while ((backend as WasmBackend).activeThreads < threads) await new Promise((resolve) => setTimeout(resolve, 10));
      // Half a second of products first: V8 compiles wasm in a quick tier, then optimizes hot code.
      measure(backend, shapes[0]);
      measure(backend, shapes[0]);
      columns.push([`wasm ${relaxed ? 'relaxed' : 'std'} ${threads}T`, backend]);
      if (threads === 1) console.log(`wasm ${relaxed ? 'relaxed' : 'standard'} SIMD: ${(backend as WasmBackend).microKernel} micro-kernel`);
    }
  }
  /** Threads and the one-core peak of each native column, for its share of the peak. */
  const nativePeaks = new Map<string, { threads: number; peak: () => number }>();
  if (nativeIsas().length > 0) {
    for (const threads of [1, 2]) {
      const backend = createNativeBackendSync({ threads, name: `native-${threads}` });
      measure(backend, shapes[0]);
      const name = `native ${backend.isa} ${threads}T`;
      columns.push([name, backend]);
      nativePeaks.set(name, { threads, peak: () => peakPerCore });
      if (threads === 1) {
        peakPerCore ||= backend.fmaPeakGflops();
        const source = peakOption ? 'given by --peak' : `timed on twelve ${backend.isa} FMA chains`;
        console.log(`native ${backend.isa}: ${backend.microKernel} micro-kernel; % = share of the FMA peak (${peakPerCore.toFixed(1)} GFLOP/s per core, ${source})`);
      }
    }
    // bf16 products (autocast) where the CPU has them, against the bf16 dot product's own peak.
    for (const threads of [1, 2]) {
      const backend = createNativeBackendSync({ threads, name: `native-bf16-${threads}` });
      const bf16 = backend.fused.matmulBf16;
      if (!backend.bf16 || !bf16) break;
      const name = `native ${backend.bf16} ${threads}T`;
      const bf16Peak = backend.bf16PeakGflops();
      columns.push([name, backend, bf16]);
      nativePeaks.set(name, { threads, peak: () => bf16Peak });
      if (threads === 1) console.log(`native ${backend.bf16}: bf16 operands, float32 sums (autocast); % = share of the bf16 dot-product peak (${bf16Peak.toFixed(1)} GFLOP/s per core, timed)`);
    }
  } else {
    console.log(`(native backend unavailable: ${nativeUnavailableReason()})`);
  }
  const width = 34;
  console.log(`GFLOP/s, best of ${rounds} rounds (Node ${process.version})`);
  console.log(['shape (m×k×n)'.padEnd(width), ...columns.map(([name]) => name.padStart(22))].join(''));
  for (const shape of shapes) {
    const cells = columns.map(([name, backend, product]) => {
      if (name === 'js' && (quick || shape.m * shape.k * shape.n > 1e8)) return '—';
      const gflops = measure(backend, shape, product);
      const native = nativePeaks.get(name);
      return native ? `${gflops.toFixed(1)} (${Math.round((100 * gflops) / (native.peak() * native.threads))}%)` : gflops.toFixed(1);
    });
    console.log([shape.label.padEnd(width), ...cells.map((c) => c.padStart(22))].join(''));
  }
}

await main();
