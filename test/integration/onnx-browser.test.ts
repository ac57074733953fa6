/**
 * A model trained in PyTorch, exported with torch.onnx.export, runs in perceptron in a browser:
 * the package's browser entry, bundled by esbuild, imports PyTorch's files (test/golden/onnx-torch.json)
 * in Debian's Chromium, under the playground's content-security policy (no eval), and gives
 * PyTorch's outputs.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { build } from 'esbuild';
import { launchBrowser } from '../web/browser.js';
import { serveFolder } from './serve-folder.js';
import { assertClose } from '../helpers.js';

const BROWSER_ENTRY = fileURLToPath(new URL('../../src/browser.js', import.meta.url));
const GOLDEN = fileURLToPath(new URL('../../../test/golden/onnx-torch.json', import.meta.url));

interface TorchCase {
  name: string;
  modules: string[];
  outputShape: number[];
  output: number[];
}

interface PageResult {
  error?: string;
  cases: { name: string; modules: string[]; shape: number[]; output: number[] }[];
}

const APP = `import { fromOnnx, Tensor, noGrad } from ${JSON.stringify(BROWSER_ENTRY)};

const bytesOf = (base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
try {
  const golden = await (await fetch('onnx-torch.json')).json();
  const cases = golden.cases.map((c) => {
    const model = fromOnnx(bytesOf(c.onnx), { source: c.name + '.onnx' });
    const y = noGrad(() => model.call(new Tensor(Float32Array.from(c.input), c.inputShape)));
    return { name: c.name, modules: [...model].map((m) => m.typeName), shape: [...y.shape], output: Array.from(y.data) };
  });
  window.__result = { cases };
} catch (error) {
  window.__result = { error: String(error && error.stack || error), cases: [] };
}
`;

test('PyTorch\'s ONNX files, imported in Chromium by the bundled browser entry under a strict CSP, give PyTorch\'s outputs', { timeout: 180_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'perceptron-onnx-browser-'));
  const browser = await launchBrowser();
  try {
    writeFileSync(join(root, 'app.src.js'), APP);
    await build({ entryPoints: [join(root, 'app.src.js')], bundle: true, format: 'esm', platform: 'browser', outfile: join(root, 'app.js'), logLevel: 'error' });
    writeFileSync(join(root, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="app.js"></script>');
    copyFileSync(GOLDEN, join(root, 'onnx-torch.json'));
    const server = await serveFolder(root, true);
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    try {
      await page.goto(server.url);
      await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 90_000 });
      const result = await page.evaluate(() => (window as unknown as { __result: PageResult }).__result);
      assert.equal(result.error, undefined, 'the page failed');
      assert.deepEqual(errors, []);
      const { cases } = JSON.parse(readFileSync(GOLDEN, 'utf8')) as { cases: TorchCase[] };
      assert.equal(result.cases.length, cases.length);
      for (const [i, expected] of cases.entries()) {
        const actual = result.cases[i];
        assert.equal(actual.name, expected.name);
        assert.deepEqual(actual.modules, expected.modules, expected.name);
        assert.deepEqual(actual.shape, expected.outputShape, expected.name);
        assertClose(actual.output, expected.output, { atol: 1e-5, rtol: 1e-5, label: `${expected.name} in Chromium` });
      }
    } finally {
      await page.close();
      await server.close();
    }
  } finally {
    await browser.close();
    rmSync(root, { recursive: true, force: true });
  }
});
