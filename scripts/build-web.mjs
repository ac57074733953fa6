// Builds the playground (web/) into static files in dist/web/: one ES module bundle of the page
// and the library (the compiled dist/src, the very code Node runs), the HTML and CSS beside it, and
// the wasm kernels where the library looks for them. Run after `tsc -p tsconfig.json` (npm run build).
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/web');

/**
 * Node built-ins have no browser counterpart. The library only calls them on Node-only paths
 * (reading files, PNG through resvg), so in the bundle each is an empty module; the browser
 * draws PNGs through a canvas instead, so the resvg module is left out as well. Its stand-in is
 * named by its path in the repository, so the bundle and its source map name no folder of the
 * machine that built them.
 */
const nodeOnly = {
  name: 'node-only',
  setup(builder) {
    builder.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-only' }));
    builder.onResolve({ filter: /^\.\/png\.js$/ }, (args) => ({ path: relative(root, join(args.resolveDir, args.path)), namespace: 'node-only' }));
    builder.onLoad({ filter: /.*/, namespace: 'node-only' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

/** 'perceptron' is the library as built in dist/src ('perceptron/io/x.js': a module of it). */
const library = {
  name: 'perceptron',
  setup(builder) {
    builder.onResolve({ filter: /^perceptron(\/|$)/ }, (args) => ({ path: join(root, 'dist/src', args.path.slice('perceptron/'.length) || 'index.js') }));
  },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: [join(root, 'web/src/main.ts')],
  outfile: join(out, 'app.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  plugins: [library, nodeOnly],
  logLevel: 'warning',
  metafile: true,
});
for (const file of ['index.html', 'style.css']) cpSync(join(root, 'web', file), join(out, file));
// The wasm loader looks for its kernels at ../../../../assets/wasm/ from its module, which from
// /app.js is /assets/wasm/ on the page's server.
const kernels = join(root, 'assets/wasm');
if (existsSync(kernels)) {
  mkdirSync(join(out, 'assets/wasm'), { recursive: true });
  for (const file of readdirSync(kernels).filter((f) => f.endsWith('.wasm'))) cpSync(join(kernels, file), join(out, 'assets/wasm', file));
}
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`playground: dist/web/ (${(bytes / 1024).toFixed(0)} KiB)`);
