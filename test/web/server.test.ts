/** The playground's static server and the `perceptron playground` command line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStaticServer, listen, resolveRequestPath } from '../../src/web-server/static-server.js';
import { runCli } from '../cli/run-cli.js';

test('resolveRequestPath: index.html for folders, nothing outside the root', () => {
  const root = '/srv/page';
  assert.equal(resolveRequestPath(root, '/'), '/srv/page/index.html');
  assert.equal(resolveRequestPath(root, '/app.js'), '/srv/page/app.js');
  assert.equal(resolveRequestPath(root, '/assets/wasm/k.wasm'), '/srv/page/assets/wasm/k.wasm');
  assert.equal(resolveRequestPath(root, '/assets/'), '/srv/page/assets/index.html');
  assert.equal(resolveRequestPath(root, '/%61pp.js'), '/srv/page/app.js');
  // Dot segments cannot climb above the root, however they are written.
  assert.equal(resolveRequestPath(root, '/../secret'), '/srv/page/secret');
  assert.equal(resolveRequestPath(root, '/a/../../%2e%2e/secret'), '/srv/page/secret');
  assert.equal(resolveRequestPath(root, '/%E0%A4%A'), null, 'malformed escapes');
  assert.equal(resolveRequestPath(root, '/a%00.js'), null, 'NUL bytes');
});

interface Reply {
  status: number;
  type: string | undefined;
  body: string;
}

/** A raw request, so that the path reaches the server exactly as written. */
function get(port: number, path: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the static server answers with the files and their types, and with 404 and 405 otherwise', async () => {
  const base = mkdtempSync(join(tmpdir(), 'static-server-'));
  const root = join(base, 'web');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'app.js'), 'export {};');
  writeFileSync(join(root, 'assets', 'k.wasm'), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(base, 'secret.txt'), 'not to be served');
  const server: Server = createStaticServer(root);
  const address = await listen(server, 0, '127.0.0.1');
  const port = Number(address.port);
  try {
    assert.match(address.href, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.deepEqual(await get(port, '/'), { status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><title>t</title>' });
    assert.equal((await get(port, '/app.js?v=1')).type, 'text/javascript; charset=utf-8');
    assert.equal((await get(port, '/assets/k.wasm')).type, 'application/wasm');
    assert.equal((await get(port, '/../secret.txt')).status, 404);
    assert.equal((await get(port, '/%2e%2e/secret.txt')).status, 404);
    assert.equal((await get(port, '/missing.js')).status, 404);
    assert.equal((await get(port, '/assets')).status, 404, 'a folder is not a file');
    const head = await get(port, '/app.js', 'HEAD');
    assert.deepEqual([head.status, head.body], [200, '']);
    assert.equal((await get(port, '/app.js', 'POST')).status, 405);
  } finally {
    server.close();
  }
});

test('perceptron playground refuses a bad port and a port in use, with a message', async () => {
  const bad = runCli(['playground', '--port', 'abc']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--port expects a number, got 'abc'/);
  const outOfRange = runCli(['playground', '--port', '70000']);
  assert.equal(outOfRange.status, 2);
  assert.match(outOfRange.stderr, /--port expects an integer from 0 to 65535/);

  const occupant = createStaticServer(tmpdir());
  const { port } = await listen(occupant, 0, '127.0.0.1');
  try {
    const busy = runCli(['playground', '--port', port], { timeoutMs: 20_000 });
    assert.equal(busy.status, 1);
    assert.match(busy.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use; choose another with --port N`));
  } finally {
    occupant.close();
  }
});
