/**
 * Issue 12: `import … from 'perceptron'` bundles for the browser with esbuild, Vite and webpack
 * (each from npm, run as README.md's "In the browser" says, no plugins, no config, no copied
 * files), and the bundle trains in Debian's Chromium: with threads where the page is cross-origin
 * isolated, on one thread where it is not, the backend reporting the truth either way. Vite and
 * webpack copy the kernels and bundle the worker; esbuild's bundle carries the package's inlined
 * copies. Served files named with `assetsUrl` still work.
 *
 * References: a matrix product checked in the page against plain loops, and the training's loss
 * against the same module run in Node on the js backend.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, test } from 'node:test';
import { launchBrowser, type Browser } from '../web/browser.js';
import { serveFolder } from './serve-folder.js';
import { CONTENT_SECURITY_POLICY } from '../../src/web-server/static-server.js';
import { BLOB_WORKER_POLICY, buildApp, REPOSITORY, RECIPES, sh, type Project, type Recipe, type RecipeName } from './web-app.js';

const BUILD_TIMEOUT_MS = 180_000;
const PAGE_TIMEOUT_MS = 90_000;

interface AppResult {
  error?: string;
  isolated: boolean;
  backend: string;
  threads: number;
  activeThreads: number;
  sharedMemory: boolean;
  productError: number;
  lossBefore: number;
  lossAfter: number;
  accuracy: number;
}

interface TrainResult {
  lossBefore: number;
  lossAfter: number;
  accuracy: number;
}

const folders: string[] = [];
let browser: Promise<Browser> | undefined;
after(async () => {
  if (browser) await (await browser).close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}, { timeout: 60_000 });

const builds = new Map<RecipeName, Promise<Project>>();
/** The recipe's project, built once (the first test of a bundler builds it; the others wait for it). */
function built(recipe: Recipe): Promise<Project> {
  let project = builds.get(recipe.name);
  if (!project) {
    project = buildApp(recipe, BUILD_TIMEOUT_MS);
    project.then(({ folder }) => folders.push(folder), () => undefined);
    builds.set(recipe.name, project);
  }
  return project;
}

const recipe = (name: RecipeName): Recipe => RECIPES.find((candidate) => candidate.name === name)!;

/** The files under `folder`, relative to it. */
const filesUnder = (folder: string): string[] => readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1));

/** The base64 of a wasm module's first six bytes ('\0asm' and the start of its version): whole base64 digits, no padding. */
const WASM_BASE64_START = Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0]).toString('base64');

/** The served scripts that hold the package's inlined copies (dist/src/backend/wasm/inlined.js, bundled): a module in base64. */
const withInlinedCopies = (folder: string): string[] => filesUnder(folder).filter((file) => file.endsWith('.js') && readFileSync(join(folder, file), 'utf8').includes(WASM_BASE64_START));

/**
 * Opens the app served from `root` in Chromium and waits for its result; console errors and page
 * errors are collected. An isolated page is served under `policy`.
 */
async function runApp(root: string, isolated: boolean, policy?: string): Promise<{ result: AppResult; errors: string[]; cores: number; requests: string[] }> {
  browser ??= launchBrowser();
  const server = await serveFolder(root, isolated, policy);
  const page = await (await browser).context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  try {
    await page.goto(server.url);
    await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: PAGE_TIMEOUT_MS });
    const result = await page.evaluate(() => (window as unknown as { __result: AppResult }).__result);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    return { result, errors, cores, requests: server.requests };
  } finally {
    await page.close();
    await server.close();
  }
}

let reference: Promise<{ training: TrainResult; nodeEntry: string[] }> | undefined;
/** The training module run in Node on the js backend, from a project's folder ('perceptron' as Node resolves it). */
function nodeReference(folder: string) {
  reference ??= sh(
    `PERCEPTRON_BACKEND=js node --input-type=module -e "const p = await import('perceptron'); const { trainMlp } = await import('./train-mlp.js');` +
      ` console.log(JSON.stringify({ training: trainMlp(), nodeEntry: [typeof p.data.readIdx, typeof p.train.runRecipe, typeof p.data.loadCsv] }))"`,
    folder,
    60_000,
  ).then((output) => JSON.parse(output.trim().split('\n').at(-1)!) as { training: TrainResult; nodeEntry: string[] });
  return reference;
}

function assertTrained(name: string, result: AppResult, expected: TrainResult): void {
  assert.equal(result.error, undefined, `${name}: the app failed`);
  assert.equal(result.backend, 'wasm', `${name}: the app runs on the wasm backend`);
  assert.ok(result.productError < 1e-3, `${name}: a ${result.threads}-thread product differs from plain loops by ${result.productError}`);
  assert.ok(Math.abs(result.lossBefore - expected.lossBefore) < 1e-5, `${name}: initial loss ${result.lossBefore}, Node's js backend ${expected.lossBefore}`);
  assert.ok(result.lossAfter < 0.01, `${name}: the loss fell only to ${result.lossAfter} (from ${result.lossBefore})`);
  assert.ok(Math.abs(result.lossAfter - expected.lossAfter) < 1e-4, `${name}: final loss ${result.lossAfter}, Node's js backend ${expected.lossAfter}`);
  assert.equal(result.accuracy, 1, `${name}: training accuracy on the circle`);
}

test("Node resolves 'perceptron' to the full entry: the file readers and recipes are there", { timeout: BUILD_TIMEOUT_MS }, async () => {
  const { folder } = await built(RECIPES[0]);
  const { training, nodeEntry } = await nodeReference(folder);
  assert.deepEqual(nodeEntry, ['function', 'function', 'function']);
  assert.ok(training.lossAfter < 0.01 && training.accuracy === 1, `the reference training itself: ${JSON.stringify(training)}`);
});

test("README's \"In the browser\" gives each bundler's commands exactly as these tests run them, and the policy for blob: workers", () => {
  const readme = readFileSync(join(REPOSITORY, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## In the browser\n');
  assert.ok(start >= 0, 'README.md has a section "In the browser"');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  for (const recipe of RECIPES) {
    for (const command of recipe.commands) assert.ok(section.includes(command), `README's section names \`${command}\``);
    if (recipe.loadOptions) assert.ok(section.includes(`loadWasmBackend(${recipe.loadOptions})`), `README's section names loadWasmBackend(${recipe.loadOptions})`);
  }
  const workerSources = /worker-src [^;]*/.exec(BLOB_WORKER_POLICY)![0];
  assert.ok(section.includes(workerSources), `README's section names \`${workerSources}\``);
});

for (const recipe of RECIPES) {
  test(`${recipe.name}: the README's commands bundle the app (no plugins, no config)`, { timeout: BUILD_TIMEOUT_MS }, async () => {
    const { folder, log } = await built(recipe);
    const served = join(folder, recipe.served);
    const wasm = filesUnder(served).filter((name) => name.endsWith('.wasm'));
    assert.equal(wasm.length, recipe.kernelFiles, `${recipe.name} put ${wasm.length} kernel builds in its output:\n${log}`);
    assert.doesNotMatch(log, /\bwarning\b|\berror\b/i, `${recipe.name} printed a warning or an error:\n${log}`);
    const inlined = withInlinedCopies(served);
    assert.equal(inlined.length, 1, `one output file holds the inlined copies: ${inlined.join(', ')}`);
    if (recipe.splitsInlinedCopies) assert.match(basename(inlined[0]), /^(?!index\b|main\b|app\b).*\.js$/, `the inlined copies are a chunk of their own, not the entry: ${inlined[0]}`);
  });

  for (const isolated of [true, false]) {
    const what = isolated ? 'cross-origin isolated: threads on every core' : 'not isolated: one thread';
    test(`${recipe.name}: the bundle trains in Chromium, ${what}`, { timeout: BUILD_TIMEOUT_MS + PAGE_TIMEOUT_MS }, async () => {
      const { folder } = await built(recipe);
      const served = join(folder, recipe.served);
      const [{ result, errors, cores, requests }, expected] = await Promise.all([runApp(served, isolated, recipe.policy), nodeReference(folder)]);
      assert.equal(result.isolated, isolated, 'crossOriginIsolated');
      assertTrained(recipe.name, result, expected.training);
      if (isolated) {
        assert.ok(cores > 1, `Chromium reports ${cores} core(s); threads need at least two`);
        assert.equal(result.sharedMemory, true, 'a shared memory where the page is isolated');
        assert.equal(result.threads, cores, 'threads: one per core');
        assert.equal(result.activeThreads, cores, 'every worker started');
      } else {
        assert.equal(result.sharedMemory, false, 'a plain memory where the page is not isolated');
        assert.equal(result.threads, 1, 'one thread');
      }
      assert.deepEqual(errors, [], 'console errors');
      assert.deepEqual(requests.filter((request) => !request.startsWith('200 ')), [], 'requests that failed');
      if (recipe.splitsInlinedCopies) {
        const [chunk] = withInlinedCopies(served);
        assert.ok(!requests.includes(`200 /${chunk}`), `the chunk with the inlined copies (${chunk}) was fetched, though the bundler copied the files: ${requests.join(', ')}`);
      }
    });
  }
}

// webpack wrote file:///…/dist/src/backend/native/load.js into main.js while native/load.ts read a
// bare import.meta.url (the browser entry reaches that file, never runs it). (esbuild's comments
// name modules by relative paths, which here, with the package linked from the repository, pass
// through it: not a URL anything loads.)
test('no bundle holds a file:// URL of the machine that built it', { timeout: BUILD_TIMEOUT_MS }, async () => {
  const leaks: string[] = [];
  for (const recipe of RECIPES) {
    const served = join((await built(recipe)).folder, recipe.served);
    for (const file of filesUnder(served).filter((name) => name.endsWith('.js'))) {
      if (readFileSync(join(served, file), 'utf8').includes(`file://${REPOSITORY}`)) leaks.push(`${recipe.name}: ${file}`);
    }
  }
  assert.deepEqual(leaks, []);
});

test("esbuild under a policy without blob: workers (the playground's): one thread, it still trains, and the console says why", { timeout: BUILD_TIMEOUT_MS + PAGE_TIMEOUT_MS }, async () => {
  const { folder } = await built(recipe('esbuild'));
  const [{ result, errors }, expected] = await Promise.all([runApp(join(folder, 'public'), true, CONTENT_SECURITY_POLICY), nodeReference(folder)]);
  assert.equal(result.isolated, true);
  assert.equal(result.sharedMemory, true, 'a shared memory: the page is isolated');
  assert.equal(result.threads, 1, 'threads: only the page\'s own, as the policy refused every worker');
  assertTrained('esbuild without blob: workers', result, expected.training);
  assert.ok(errors.length > 0 && errors.every((error) => /Content Security Policy/.test(error) && error.includes('blob:')), `the console names the policy that refused the blob: worker:\n${errors.join('\n')}`);
});

test('esbuild-assets: with the worker script missing, the backend reports one thread and still trains', { timeout: BUILD_TIMEOUT_MS + PAGE_TIMEOUT_MS }, async () => {
  const { folder } = await built(recipe('esbuild-assets'));
  rmSync(join(folder, 'public/perceptron-wasm/worker.js'));
  const [{ result, errors, cores, requests }, expected] = await Promise.all([runApp(join(folder, 'public'), true), nodeReference(folder)]);
  assert.ok(cores > 1, `Chromium reports ${cores} core(s)`);
  assert.equal(result.isolated, true);
  assert.ok(requests.includes('404 /perceptron-wasm/worker.js'), `the page asked for the worker: ${requests.join(', ')}`);
  assert.equal(result.threads, 1, 'threads: only the page\'s own, as no worker could start');
  assertTrained('esbuild-assets without worker', result, expected.training);
  assert.ok(errors.every((error) => error.includes('worker.js')), `console errors other than the missing worker's: ${errors.join('\n')}`);
});

test('esbuild-assets without the copied folder: loadWasmBackend fails with a message that says what to do', { timeout: BUILD_TIMEOUT_MS + PAGE_TIMEOUT_MS }, async () => {
  const served = recipe('esbuild-assets');
  const { folder } = await buildApp({ ...served, commands: served.commands.filter((command) => !command.startsWith('cp ')) }, BUILD_TIMEOUT_MS);
  folders.push(folder);
  const { result } = await runApp(join(folder, 'public'), true);
  assert.match(result.error ?? '', /cannot fetch http:\/\/127\.0\.0\.1:\d+\/perceptron-wasm\/kernels\.[\w.]+\.wasm \(HTTP 404\); assetsUrl must name a served copy of the package's dist\/wasm\/ \(or leave assetsUrl out/);
});
