/** The playground's static server and the `perceptron playground` command line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
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

interface FullReply extends Reply {
  headers: Record<string, string | string[] | undefined>;
}

/** A request with the path exactly as written (and the Host header given, if any). */
function request(port: number, path: string, options: { method?: string; host?: string } = {}): Promise<FullReply> {
  return new Promise((resolve, reject) => {
    const headers = options.host === undefined ? {} : { Host: options.host };
    const req = httpRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers, setHost: options.host === undefined }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function get(port: number, path: string, method = 'GET'): Promise<Reply> {
  const { status, type, body } = await request(port, path, { method });
  return { status, type, body };
}

/**
 * Bytes written to the server as they are, on a fresh connection (ending with 'Connection:
 * close', so the server closes it after answering); resolves with the first line of the answer
 * ('' if the server closed without one), or rejects after `timeoutMs`.
 */
function raw(port: number, bytes: string, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer in ${timeoutMs} ms to ${JSON.stringify(bytes)}`));
    }, timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', () => undefined); // a reset after the answer is the server closing a bad request
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer.split('\r\n')[0]);
    });
    socket.write(bytes, 'latin1'); // not end(): a half-closed connection may be dropped before the answer
  });
}

/** A served folder: index.html, app.js, assets/k.wasm, and secret.txt beside it (outside). */
function servedFolder(): { base: string; root: string } {
  const base = mkdtempSync(join(tmpdir(), 'static-server-'));
  const root = join(base, 'web');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'app.js'), 'export {};');
  writeFileSync(join(root, 'assets', 'k.wasm'), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(base, 'secret.txt'), 'not to be served');
  return { base, root };
}

test('the static server answers with the files and their types, and with 404 and 405 otherwise', async () => {
  const { root } = servedFolder();
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

test('request targets that are not paths (///, //[, http://[, http://%zz/, http://:99999/, *) get an answer, and the server goes on', async () => {
  const { root } = servedFolder();
  const server = createStaticServer(root);
  const { port } = await listen(server, 0, '127.0.0.1');
  try {
    const answers: Record<string, number> = {};
    for (const target of ['///', '//[', 'http://[', 'http://%zz/', 'http://:99999/', '*', '//', '//evil.example/', 'http:', 'a', '/%', '/%zz', '/\\..\\secret.txt']) {
      answers[target] = (await request(Number(port), target)).status;
    }
    assert.deepEqual(answers, {
      '///': 200, // the root, however many slashes
      '//[': 404,
      'http://[': 400,
      'http://%zz/': 400,
      'http://:99999/': 400,
      '*': 400,
      '//': 200,
      '//evil.example/': 404,
      'http:': 400,
      a: 400,
      '/%': 404,
      '/%zz': 404,
      '/\\..\\secret.txt': 404,
    });
    assert.equal((await get(Number(port), '/')).status, 200, 'still serving');
  } finally {
    server.close();
  }
});

test('the server answers only for its own address: Host 127.0.0.1:PORT or localhost:PORT', async () => {
  const { root } = servedFolder();
  const server = createStaticServer(root);
  const { port } = await listen(server, 0, '127.0.0.1');
  const status = async (host: string | undefined, target = '/') => (await raw(Number(port), `GET ${target} HTTP/1.1\r\n${host === undefined ? '' : `Host: ${host}\r\n`}Connection: close\r\n\r\n`)).split(' ')[1];
  try {
    assert.equal(await status(`127.0.0.1:${port}`), '200');
    assert.equal(await status(`localhost:${port}`), '200');
    assert.equal(await status(`LOCALHOST:${port}`), '200', 'host names are case-insensitive');
    // DNS rebinding: a page of attacker.example whose name now resolves to 127.0.0.1.
    assert.equal(await status(`attacker.example:${port}`), '421');
    assert.equal(await status('attacker.example'), '421');
    assert.equal(await status('127.0.0.1'), '421', 'the port is part of the origin');
    assert.equal(await status(`127.0.0.1:${Number(port) + 1}`), '421');
    assert.equal(await status(`localhost.attacker.example:${port}`), '421');
    assert.equal(await status(''), '421');
    assert.equal(await status(undefined), '400', 'HTTP/1.1 without Host is malformed');
    // In absolute form the target's authority is the host (RFC 9112 §3.2.2), whatever Host says.
    assert.equal(await status(`127.0.0.1:${port}`, `http://attacker.example:${port}/`), '421');
    assert.equal(await status(`attacker.example:${port}`, `http://127.0.0.1:${port}/`), '200');
  } finally {
    server.close();
  }
});

test('a symbolic link is served only when it resolves to a file inside the folder', async () => {
  const { base, root } = servedFolder();
  symlinkSync(join(base, 'secret.txt'), join(root, 'out.txt'));
  symlinkSync(base, join(root, 'up'));
  symlinkSync(join(root, 'app.js'), join(root, 'alias.js'));
  mkdirSync(join(root, 'fifo-dir'));
  const server = createStaticServer(root);
  const { port } = await listen(server, 0, '127.0.0.1');
  try {
    assert.equal((await get(Number(port), '/out.txt')).status, 404);
    assert.equal((await get(Number(port), '/up/secret.txt')).status, 404);
    assert.deepEqual(await get(Number(port), '/alias.js'), { status: 200, type: 'text/javascript; charset=utf-8', body: 'export {};' });
    assert.equal((await get(Number(port), '/fifo-dir')).status, 404);
  } finally {
    server.close();
  }
});

test('every answer carries a content-security policy and cross-origin isolation (COOP, COEP)', async () => {
  const { root } = servedFolder();
  const server = createStaticServer(root);
  const { port } = await listen(server, 0, '127.0.0.1');
  try {
    for (const path of ['/', '/app.js', '/missing', '/%zz']) {
      const { headers } = await request(Number(port), path);
      assert.equal(headers['cross-origin-opener-policy'], 'same-origin', path);
      assert.equal(headers['cross-origin-embedder-policy'], 'require-corp', path);
      assert.equal(headers['x-content-type-options'], 'nosniff', path);
      const policy = new Map(String(headers['content-security-policy']).split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
      assert.deepEqual(policy.get('default-src'), ["'self'"], path);
      assert.deepEqual(policy.get('script-src'), ["'self'", "'wasm-unsafe-eval'"], path);
      assert.deepEqual(policy.get('object-src'), ["'none'"], path);
      assert.deepEqual(policy.get('frame-ancestors'), ["'none'"], path);
      assert.deepEqual(policy.get('base-uri'), ["'none'"], path);
    }
  } finally {
    server.close();
  }
});

test('the built playground names no absolute path of the machine it was built on (source maps included)', () => {
  const repository = fileURLToPath(new URL('../../../', import.meta.url));
  const web = join(repository, 'dist/web');
  const files = (readdirSync(web, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[]).filter((entry) => entry.isFile());
  assert.ok(files.some((entry) => entry.name === 'app.js'), 'the playground is built');
  for (const entry of files) {
    const text = readFileSync(join(entry.parentPath, entry.name), 'latin1');
    assert.equal(text.includes(repository.replace(/\/$/, '')), false, `${entry.name} contains ${repository}`);
  }
});

/** Counts of the fuzz below, printed for the reliability note. */
const fuzzCounts = { requests: 0, statuses: {} as Record<string, number> };

test('fuzz: no request target or header set crashes or hangs the server (fast-check, 400 requests)', async (t) => {
  const { root } = servedFolder();
  const server = createStaticServer(root);
  const { port } = await listen(server, 0, '127.0.0.1');
  const own = [`127.0.0.1:${port}`, `localhost:${port}`];
  const printable = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
  const pieces = fc.constantFrom('/', '//', '///', '[', ']', '%', '%zz', '%2e', '%2f', '%00', '..', '.', ':', '@', '?', '#', '\\', 'http://', 'https://', '*', ':99999', ':0', 'index.html', 'app.js', 'assets', '\u00e9', '\u00ff');
  const target = fc.oneof(
    { arbitrary: fc.array(pieces, { maxLength: 8 }).map((parts) => `/${parts.join('')}`), weight: 4 },
    { arbitrary: fc.array(pieces, { maxLength: 8 }).map((parts) => parts.join('')), weight: 2 },
    { arbitrary: printable, weight: 1 },
    { arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }), weight: 1 },
    { arbitrary: fc.webPath(), weight: 2 },
  ).filter((s) => s.length > 0 && !/[\s]/.test(s));
  const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/).filter((n) => !/^(content-length|transfer-encoding|expect|upgrade|connection)$/i.test(n));
  const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
  const host = fc.oneof({ arbitrary: fc.constantFrom(...own), weight: 4 }, fc.constantFrom('attacker.example', '', '[', '[::1]', `127.0.0.1:${port}:1`), headerValue);
  const method = fc.oneof({ arbitrary: fc.constant('GET'), weight: 4 }, fc.constantFrom('HEAD', 'POST', 'OPTIONS', 'get', 'G\u00e9T', 'PRI'));
  const version = fc.oneof({ arbitrary: fc.constant('HTTP/1.1'), weight: 4 }, fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', ''));
  try {
    await fc.assert(
      fc.asyncProperty(method, target, version, fc.option(host), fc.array(fc.tuple(headerName, fc.oneof({ arbitrary: headerValue, weight: 15 }, fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 20 }).filter((v) => !/[\r\n]/.test(v)))), { maxLength: 5 }), async (m, path, v, h, headers) => {
        const lines = [`${m} ${path} ${v}`.trimEnd(), ...(h === null ? [] : [`Host: ${h}`]), ...headers.map(([name, value]) => `${name}: ${value}`), 'Connection: close'];
        const statusLine = await raw(Number(port), `${lines.join('\r\n')}\r\n\r\n`);
        fuzzCounts.requests++;
        const status = /^HTTP\/1\.[01] (\d{3}) /.exec(statusLine)?.[1] ?? (statusLine === '' ? 'closed' : 'other');
        fuzzCounts.statuses[status] = (fuzzCounts.statuses[status] ?? 0) + 1;
        assert.notEqual(status, 'other', statusLine);
        assert.ok(status === 'closed' || Number(status) < 500, statusLine);
        // Only a well-formed GET or HEAD for this server's own host can be served.
        if (status === '200') assert.ok(h !== null && own.includes(h.toLowerCase()) || /^http:\/\/(127\.0\.0\.1|localhost):/i.test(path), `${m} ${path} Host: ${h}`);
      }),
      { numRuns: 400, seed: 11 },
    );
    assert.equal((await get(Number(port), '/')).status, 200, 'still serving');
  } finally {
    server.close();
  }
  t.diagnostic(`fuzzed requests: ${fuzzCounts.requests}; answers: ${JSON.stringify(fuzzCounts.statuses)}`);
});
