/**
 * Finding the native addon (build/native/perceptron.node at the package root, made by
 * scripts/build-native.mjs during `npm install`). Node only: elsewhere, and wherever the build
 * could not run, loading gives the reason instead, which the backend registry reports.
 */

/** The functions of native/src/addon.cpp; arrays are read in place, offsets and sizes in elements. */
export interface NativeAddon {
  /** The instruction sets this CPU runs, fastest first ('avx512', 'avx2', 'generic'). */
  supportedIsas(): string[];
  /** A backend instance: its kernel table ('' for the fastest) and its pool of `threads` (the caller included). */
  create(isa: string, threads: number): number;
  memoryBytes(id: number): number;
  fmaPeak(id: number): number;
  describe(id: number): string;
  /** The operation names in the order of their codes (native/src/kernels.h). */
  readonly binaryOps: readonly string[];
  readonly unaryOps: readonly string[];
  readonly reduceOps: readonly string[];
  readonly activations: readonly string[];
  /** The instance's bf16 products ('avx512bf16'), or '' where the CPU or its table has none. */
  bf16Kernels(id: number): string;
  bf16Peak(id: number): number;
  /** matmul with the operands rounded to bf16 and float32 accumulation; throws where bf16Kernels(id) is ''. */
  matmulBf16(id: number, a: Float32Array, b: Float32Array, out: Float32Array, batch: number, m: number, k: number, n: number, transA: boolean, transB: boolean, aBatchStride: number, bBatchStride: number): void;
  matmul(id: number, a: Float32Array, b: Float32Array, out: Float32Array, batch: number, m: number, k: number, n: number, transA: boolean, transB: boolean, aBatchStride: number, bBatchStride: number): void;
  binary(id: number, op: number, a: Float32Array, aOffset: number, aRow: number, aCol: number, b: Float32Array, bOffset: number, bRow: number, bCol: number, out: Float32Array, outOffset: number, rows: number, cols: number): void;
  unary(id: number, op: number, x: Float32Array, out: Float32Array): void;
  reduce(id: number, op: number, x: Float32Array, outer: number, length: number, inner: number, out: Float32Array): void;
  copy32(id: number, src: Float32Array | Int32Array, srcOffset: number, srcRow: number, srcCol: number, dst: Float32Array | Int32Array, dstOffset: number, dstRow: number, dstCol: number, rows: number, cols: number): void;
  gatherRows(id: number, x: Float32Array | Int32Array, rowSize: number, indices: Int32Array, out: Float32Array | Int32Array): void;
  scatterAddRows(id: number, dy: Float32Array, rowSize: number, indices: Int32Array, out: Float32Array): void;
  clip(id: number, x: Float32Array, lo: number, hi: number, out: Float32Array): void;
  activation(id: number, kind: number, x: Float32Array, out: Float32Array, slope: number): void;
  activationGrad(id: number, kind: number, x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array, slope: number): void;
  biasActivation(id: number, kind: number, x: Float32Array, bias: Float32Array, rows: number, cols: number, out: Float32Array | null, slope: number): void;
  softmaxCrossEntropy(id: number, logits: Float32Array, classes: number, labels: Int32Array, smoothing: number, losses: Float32Array, probabilities: Float32Array): void;
  softmaxCrossEntropyGrad(id: number, probabilities: Float32Array, classes: number, labels: Int32Array, smoothing: number, dlosses: Float32Array, dlogits: Float32Array): void;
  sgd(id: number, param: Float32Array, grad: Float32Array, lr: number): void;
  dropout(id: number, state: Uint32Array, p: number, x: Float32Array, out: Float32Array, mask: Float32Array): void;
  adam(id: number, param: Float32Array, grad: Float32Array, expAvg: Float32Array, expAvgSq: Float32Array, beta1: number, beta2: number, eps: number, stepSize: number, biasCorrection2Sqrt: number): void;
}

/** The addon, or why there is none. */
export type AddonLoad = { addon: NativeAddon; reason?: undefined } | { addon?: undefined; reason: string };

const HOW_TO_GET_IT = 'install a C++ compiler (g++ or clang++) and run `npm run build:native`';

let loaded: AddonLoad | undefined;

/** Loads the addon once per process. */
export function loadAddon(): AddonLoad {
  loaded ??= tryLoad();
  return loaded;
}

function tryLoad(): AddonLoad {
  const process = globalThis.process;
  const moduleApi = process?.getBuiltinModule?.('node:module');
  const fs = process?.getBuiltinModule?.('node:fs');
  const url = process?.getBuiltinModule?.('node:url');
  const paths = process?.getBuiltinModule?.('node:path');
  if (!moduleApi || !fs || !url || !paths) return { reason: 'native code needs Node.js' };
  // dist/src/backend/native/load.js → the package root, four folders up. This file's own URL, in
  // a form bundlers leave alone: a bare import.meta.url makes webpack write the build machine's
  // path into browser bundles (which reach this file, never run it), and a plain
  // new URL('…', import.meta.url) makes bundlers ship the file as an asset.
  const here = new URL(/* webpackIgnore: true */ /* @vite-ignore */ './load.js', import.meta.url);
  const folder = paths.join(paths.dirname(url.fileURLToPath(here)), '..', '..', '..', '..', 'build', 'native');
  const path = paths.join(folder, 'perceptron.node');
  if (!fs.existsSync(path)) {
    const reasonFile = paths.join(folder, 'unavailable.txt');
    const why = fs.existsSync(reasonFile) ? fs.readFileSync(reasonFile, 'utf8').trim() : 'the addon has not been built';
    return { reason: `${why}; to get it, ${HOW_TO_GET_IT}` };
  }
  try {
    return { addon: moduleApi.createRequire(here)(path) as NativeAddon };
  } catch (error) {
    return { reason: `${path} does not load (${(error as Error).message}); to rebuild it, ${HOW_TO_GET_IT}` };
  }
}
