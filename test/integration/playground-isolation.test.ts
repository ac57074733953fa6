/**
 * The playground as `perceptron playground` serves it: cross-origin isolated under a
 * content-security policy, so the page's wasm backend runs one thread per core (issue 12).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openPlayground, startServer, type Browser, type Server } from '../web/browser.js';

let server: Server;
let browser: Browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
}, { timeout: 120_000 });
after(async () => {
  await browser?.close();
  await server?.stop();
}, { timeout: 60_000 });

test('the playground server sends COOP, COEP and a content-security policy with the page, its bundle and its worker', { timeout: 30_000 }, async () => {
  for (const path of ['', 'app.js', 'wasm/worker.js', 'wasm/kernels.simd.wasm']) {
    const response = await fetch(`${server.url}${path}`);
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get('cross-origin-opener-policy'), 'same-origin', path);
    assert.equal(response.headers.get('cross-origin-embedder-policy'), 'require-corp', path);
    const policy = response.headers.get('content-security-policy') ?? '';
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'/, path);
    assert.match(policy, /worker-src 'self'/, path);
  }
});

test('the playground page is cross-origin isolated and trains on wasm with one thread per core', { timeout: 120_000 }, async () => {
  const { page, errors } = await openPlayground(browser, server);
  const state = await page.evaluate(() => ({
    isolated: crossOriginIsolated,
    cores: navigator.hardwareConcurrency,
    backend: window.__playground.backend,
    caption: document.querySelector('#backend-in-use')?.textContent,
  }));
  assert.equal(state.isolated, true, 'crossOriginIsolated');
  assert.equal(state.backend, 'wasm');
  assert.ok(state.cores > 1, `Chromium reports ${state.cores} core(s); threads need at least two`);
  assert.equal(state.caption, `running on wasm (${state.cores} threads)`);
  await page.click('#play');
  const trained = await page.waitForFunction(() => {
    const { history } = window.__playground.training;
    const last = history[history.length - 1];
    return last && last.test < 0.1 ? last.test : false;
  }, undefined, { timeout: 60_000, polling: 250 });
  assert.ok(Number(await trained.jsonValue()) < 0.1, 'the default network learns the circle');
  assert.deepEqual(errors, []);
  await page.close();
});
