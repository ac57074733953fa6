// Builds the playground (web/) into static files in dist/web/: one ES module bundle of the page
// and the library (the compiled dist/src, the very code Node runs, through the package's browser
// entry: 'perceptron' as any web app imports it, without plugins), the HTML and CSS beside it, and
// the package's dist/wasm/ (kernels and worker) in wasm/, which the page names to loadWasmBackend
// (esbuild does not follow `new URL('…', import.meta.url)`, and served files keep the page under
// `worker-src 'self'`). Splitting leaves the package's inlined copies of them, which the page never
// uses, in a chunk of their own that is never fetched. Run after
// `tsc -p tsconfig.json` and scripts/build-wasm-assets.mjs (npm run build).
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/web');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: { app: join(root, 'web/src/main.ts') },
  outdir: out,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
});
for (const file of ['index.html', 'style.css']) cpSync(join(root, 'web', file), join(out, file));
cpSync(join(root, 'dist/wasm'), join(out, 'wasm'), { recursive: true });
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`playground: dist/web/ (${(bytes / 1024).toFixed(0)} KiB)`);
