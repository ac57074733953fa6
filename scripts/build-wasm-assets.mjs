// Builds dist/wasm/: the wasm kernels and a self-contained worker.js (the pool's worker with its
// imports bundled in), which a page serves for bundlers that do not follow
// `new URL('…', import.meta.url)` (esbuild), naming the folder with loadWasmBackend({ assetsUrl }).
// Vite and webpack 5 need none of it. Run after `tsc -p tsconfig.json` (npm run build).
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/wasm');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const file of readdirSync(join(root, 'assets/wasm')).filter((f) => f.endsWith('.wasm'))) cpSync(join(root, 'assets/wasm', file), join(out, file));
await build({
  entryPoints: [join(root, 'dist/src/backend/wasm/worker.js')],
  outfile: join(out, 'worker.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  logLevel: 'warning',
});
