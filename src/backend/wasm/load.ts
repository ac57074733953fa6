/**
 * Finding and compiling the kernel module. Four builds ship in assets/wasm (npm run build:wasm
 * makes them): standard SIMD or relaxed SIMD (fused multiply-add), each for a shared memory
 * (threads) or a plain one (where SharedArrayBuffer is missing). Relaxed SIMD is used when the
 * runtime validates a tiny module using it; Node 20 needs a V8 flag for that, set here.
 *
 * Node reads the build from the package. A browser fetches it from where a bundler copied it
 * (Vite, webpack 5), from the folder `assetsUrl` names, or, where no bundler copied it (esbuild),
 * takes the copy inlined in the package (inlined.d.ts).
 */

export interface KernelBuild {
  relaxed: boolean;
  shared: boolean;
}

let tuned: boolean | undefined;
/**
 * Sets two V8 flags in Node before any kernel is compiled (browsers cannot; they run the same
 * code as V8 compiles it by default). Returns whether they are set. They apply to the whole
 * process, and only change how V8 compiles wasm, never what it computes:
 * - `--no-wasm-loop-unrolling` lets the wide 6×8 matrix micro-kernel keep its 12 accumulators
 *   in registers (see assembly/matmul.ts), which makes it faster than the 4×8 one.
 * - `--no-wasm-dynamic-tiering` compiles every function with the optimizing compiler right away
 *   (in the background) instead of after it has run hot for a while, so the first steps of a
 *   training run do not crawl through baseline code (a faster first epoch: bench/RESULTS.md,
 *   appendix, session 2).
 */
export function tuneV8ForKernels(): boolean {
  if (tuned === undefined) {
    const v8 = globalThis.process?.getBuiltinModule?.('node:v8');
    tuned = false;
    try {
      if (v8) {
        v8.setFlagsFromString('--no-wasm-loop-unrolling');
        v8.setFlagsFromString('--no-wasm-dynamic-tiering');
        tuned = true;
      }
    } catch {
      tuned = false;
    }
  }
  return tuned;
}

/** (v128, v128, v128) → v128 running f32x4.relaxed_madd. */
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 123, 123, 123, 1, 123, 3, 2, 1, 0, 10, 13, 1, 11, 0, 32, 0, 32, 1, 32, 2, 253, 133, 2, 11,
]);
/** The same with v128.bitselect: plain SIMD. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 123, 123, 123, 1, 123, 3, 2, 1, 0, 10, 12, 1, 10, 0, 32, 0, 32, 1, 32, 2, 253, 82, 11,
]);

export const hasSimd = (): boolean => typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);

/** Whether relaxed SIMD compiles here, turning on Node 20's flag for it first if needed. */
export function hasRelaxedSimd(): boolean {
  if (WebAssembly.validate(RELAXED_PROBE)) return true;
  globalThis.process?.getBuiltinModule?.('node:v8')?.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return WebAssembly.validate(RELAXED_PROBE);
}

/**
 * Whether memory can be shared with workers: SharedArrayBuffer and Atomics exist, and in a browser
 * the page is cross-origin isolated (COOP + COEP headers), without which a shared memory cannot be
 * posted to a worker.
 */
export const hasSharedMemory = (): boolean =>
  typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;

/** The build that suits this runtime, or a requested one (undefined if that cannot run here). */
export function chooseBuild(request: Partial<KernelBuild> = {}): KernelBuild | undefined {
  const relaxed = request.relaxed === false ? false : hasRelaxedSimd();
  const shared = request.shared === false ? false : hasSharedMemory();
  if ((request.relaxed && !relaxed) || (request.shared && !shared)) return undefined;
  return { relaxed, shared };
}

export function fileName({ relaxed, shared }: KernelBuild): string {
  return `kernels.${relaxed ? 'relaxed' : 'simd'}${shared ? '' : '.single'}.wasm`;
}

/**
 * Where a build lies: assets/wasm at the package root, four folders above dist/src/backend/wasm.
 * Each URL is written out as a literal `new URL('…', import.meta.url)`, the one form that bundlers
 * which handle assets (Vite, webpack 5) recognise: they copy the file into their output and rewrite
 * the URL. esbuild leaves it as it is, pointing beside the bundle where nothing was copied.
 */
function packagedLocation({ relaxed, shared }: KernelBuild): URL {
  if (relaxed) return shared ? new URL('../../../../assets/wasm/kernels.relaxed.wasm', import.meta.url) : new URL('../../../../assets/wasm/kernels.relaxed.single.wasm', import.meta.url);
  return shared ? new URL('../../../../assets/wasm/kernels.simd.wasm', import.meta.url) : new URL('../../../../assets/wasm/kernels.simd.single.wasm', import.meta.url);
}

/**
 * Whether a bundler copied the packaged files (the kernels and the worker) into its output: it then
 * gives each copy a name of its own (Vite, webpack and Parcel add a content hash). A URL that still
 * ends in the package's layout was left alone — by esbuild, or by a page that loads the package
 * unbundled — and is not fetched: in a bundle it names a file that does not exist, and every page
 * load would log the 404 in the console before falling back. The inlined copies serve both cases.
 */
export function bundlerCopiedFiles(): boolean {
  const build: KernelBuild = { relaxed: false, shared: true };
  return !packagedLocation(build).pathname.endsWith(`/assets/wasm/${fileName(build)}`);
}

/**
 * A file of the folder `assetsUrl` names (the package's dist/wasm/, served by the page): a
 * relative folder is taken against the page's address, as the page's own links are.
 */
export function assetLocation(assetsUrl: string | URL, file: string): URL {
  const folder = new URL(assetsUrl, globalThis.location?.href);
  if (!folder.pathname.endsWith('/')) folder.pathname += '/';
  return new URL(file, folder);
}

/** Compiles a build synchronously (Node, where the file can be read synchronously); undefined elsewhere. */
export function compileSync(build: KernelBuild): WebAssembly.Module | undefined {
  tuneV8ForKernels();
  const fs = globalThis.process?.getBuiltinModule?.('node:fs');
  const url = globalThis.process?.getBuiltinModule?.('node:url');
  if (!fs || !url) return undefined;
  return new WebAssembly.Module(fs.readFileSync(url.fileURLToPath(packagedLocation(build))));
}

/** The bit of a wasm memory's limits flags that marks it shared (the threads proposal). */
const SHARED_LIMITS_FLAG = 0x02;

/**
 * The bytes of a build inlined in the package. Only the two shared builds are inlined, as base64: a
 * single-memory build differs from its shared one in one byte, the flags of the memory import's
 * limits (scripts/build-wasm-assets.mjs checks that, byte for byte), so clearing the shared bit
 * makes it.
 */
export async function inlinedKernels({ relaxed, shared }: KernelBuild): Promise<Uint8Array<ArrayBuffer>> {
  const { kernels } = await import('./inlined.js');
  const { base64, sharedFlagOffset } = kernels[relaxed ? 'relaxed' : 'simd'];
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  if (!shared) bytes[sharedFlagOffset] &= ~SHARED_LIMITS_FLAG;
  return bytes;
}

/**
 * Compiles a build in any runtime: read from the package in Node; in browsers fetched from
 * `assetsUrl` where given (any MIME type the server gives), else from where a bundler copied it,
 * else taken from the package's inlined copy.
 */
export async function compile(build: KernelBuild, assetsUrl?: string | URL): Promise<WebAssembly.Module> {
  const compiled = assetsUrl === undefined ? compileSync(build) : undefined;
  if (compiled) return compiled;
  if (assetsUrl === undefined && !bundlerCopiedFiles()) {
    const bytes = await inlinedKernels(build).catch((error: Error) => {
      throw new Error(`wasm backend: the kernels inlined in the package did not load (${error.message}); deploy the bundle's whole output folder, or serve a copy of the package's dist/wasm/ and name it with loadWasmBackend({ assetsUrl })`);
    });
    return WebAssembly.compile(bytes);
  }
  const location = assetsUrl === undefined ? packagedLocation(build) : assetLocation(assetsUrl, fileName(build));
  const response = await fetch(location);
  if (!response.ok) {
    const remedy = assetsUrl === undefined
      ? 'the bundler copied the kernels there: deploy its whole output folder'
      : "assetsUrl must name a served copy of the package's dist/wasm/ (or leave assetsUrl out: the package carries the kernels inlined)";
    throw new Error(`wasm backend: cannot fetch ${response.url} (HTTP ${response.status}); ${remedy}`);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}
