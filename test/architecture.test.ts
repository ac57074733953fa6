/**
 * The layering of docs/architecture.md, read from the sources' import statements: every import
 * points down (or stays inside the core of tensor, autograd and ops, whose Tensor methods are sugar
 * over the ops), and the layers above src/tensor reach src/backend only through its public API.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = join(root, 'src');

/** Each folder (or top-level file) of src/ and its height: an import may only go to an equal or lower one. */
const RANK: Record<string, number> = {
  errors: 0,
  activation: 1,
  backend: 2,
  tensor: 3, autograd: 3, ops: 3, nd: 3, plot: 3,
  nn: 4,
  // Exchange formats (ONNX, PyTorch state dicts) read and build modules; train/ and the CLI use them.
  io: 5, data: 5, optim: 5,
  train: 6, 'web-server': 6,
  // The package's two faces: the browser entry, and the Node entry that adds to it.
  browser: 7,
  index: 8,
  // The command line is a user of the package: it may import its public face.
  cli: 9,
};
/** Layers of equal height that may import each other: the tensor core. */
const CORE = new Set(['tensor', 'autograd', 'ops', 'nd']);
/** What layers above src/tensor may import from src/backend/index.js. */
const PUBLIC_BACKEND = new Set([
  'getBackend', 'setBackend', 'listBackends', 'registerBackend', 'loadWasmBackend', 'fusedKernel',
  'Backend', 'DType', 'FloatArray', 'AdamStepScalars', 'FusedKernels', 'Primitives', 'Handled', 'Storage',
]);

interface Import {
  file: string;
  target: string;
  names: string[];
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** The layer of a path under src/: its first folder, or the file's name for top-level files. */
const layerOf = (path: string): string => relative(src, path).split('/')[0].replace(/\.(ts|js)$/, '');

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const found: Import[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s+(?:type\s+)?([^;]*?)\s+from\s+'(\.[^']+)'/gms)) {
    const names = (/\{([^}]*)\}/.exec(match[1])?.[1] ?? '').split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]).filter(Boolean);
    found.push({ file, target: normalize(join(dirname(file), match[2])), names });
  }
  return found;
}

const imports = sourceFiles(src).flatMap(importsOf).filter(({ target }) => target.startsWith(src + '/'));

test('every import in src/ points down the layers (or within the tensor core)', () => {
  assert.ok(imports.length > 200, `read ${imports.length} imports`);
  const wrong = imports.filter(({ file, target }) => {
    const from = layerOf(file), to = layerOf(target);
    assert.ok(from in RANK && to in RANK, `${relative(root, file)}: layer '${from}' or '${to}' has no place in the layering`);
    if (from === to || (CORE.has(from) && CORE.has(to))) return false;
    return RANK[to] >= RANK[from];
  });
  assert.deepEqual(wrong.map(({ file, target }) => `${relative(root, file)} → ${relative(root, target)}`), []);
});

test('the layers above src/tensor use only the public API of src/backend', () => {
  const above = imports.filter(({ file, target }) => RANK[layerOf(file)] > RANK.tensor && layerOf(target) === 'backend');
  const wrong = above.filter(({ target, names }) => relative(src, target) !== 'backend/index.js' || names.some((name) => !PUBLIC_BACKEND.has(name)));
  assert.deepEqual(wrong.map(({ file, target, names }) => `${relative(root, file)} → ${relative(root, target)} {${names.join(', ')}}`), []);
  assert.ok(above.some(({ file }) => layerOf(file) === 'optim'), 'the optimizers declare their fused kernels through the public API');
});

test('src/backend imports nothing above it (types of the activation table aside)', () => {
  const wrong = imports.filter(({ file, target }) => layerOf(file) === 'backend' && !['backend', 'errors', 'activation'].includes(layerOf(target)));
  assert.deepEqual(wrong.map(({ file, target }) => `${relative(root, file)} → ${relative(root, target)}`), []);
});

/** Every module specifier a source file imports or re-exports statically ('node:fs', './x.js', 'zod/mini'). */
const specifiersOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s+(?:type\s+)?(?:[^;]*?\s+from\s+)?'([^']+)'/gms)].map((match) => match[1]);

test('the browser entry (src/browser.ts) reaches no Node built-in and no Node-only package through its static imports', () => {
  const reached = new Set<string>();
  const outside = new Set<string>();
  const visit = (file: string): void => {
    if (reached.has(file)) return;
    reached.add(file);
    for (const specifier of specifiersOf(file)) {
      if (specifier.startsWith('.')) visit(normalize(join(dirname(file), specifier)).replace(/\.js$/, '.ts'));
      else outside.add(specifier);
    }
  };
  visit(join(src, 'browser.ts'));
  assert.ok(reached.size > 50, `followed ${reached.size} modules`);
  assert.ok(reached.has(join(src, 'backend/wasm/pool.ts')), 'the wasm backend is part of the browser entry');
  assert.deepEqual([...outside].filter((specifier) => specifier.startsWith('node:') || specifier === '@resvg/resvg-wasm'), []);
  const nodeOnly = ['io/atomic-file.ts', 'data/idx.ts', 'data/download.ts', 'data/csv-file.ts', 'train/checkpoint.ts', 'train/recipe.ts', 'plot/png.ts'];
  assert.deepEqual(nodeOnly.filter((path) => reached.has(join(src, path))), []);
});
