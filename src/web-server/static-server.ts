/**
 * A small static file server (node:http) for the playground: GET and HEAD of the regular files
 * under one folder, with their content types, never anything outside it (symbolic links
 * included), only for requests addressed to this machine (DNS rebinding), under a
 * content-security policy, and no caching (a rebuilt page is seen at the next reload).
 */
import { constants, realpathSync } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { pipeline } from 'node:stream';
import { extname, join, normalize, sep } from 'node:path';

/** Content types of the files the playground is made of (wasm must be application/wasm for streaming compilation). */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file a request path names under `root` ('/' → index.html), or null if it would leave root. */
export function resolveRequestPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  const path = join(root, relative.endsWith(sep) || relative === '' || relative === '.' ? join(relative, 'index.html') : relative);
  return isInside(root, path) ? path : null;
}

/**
 * The content-security policy of every answer. The page is its own scripts, style sheets and
 * wasm ('wasm-unsafe-eval' lets WebAssembly compile, nothing else), images drawn from data: and
 * blob: URLs (the favicon, figures turned into PNG), workers from its own origin; no plugins, no
 * framing, no <base>, no forms. Style attributes are allowed (the page's legend swatches are
 * built with them); <style> elements are not, and with images and connections limited to the
 * page's own origin a style attribute has nowhere to send anything.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Sent with every answer: the policy above, and cross-origin isolation (COOP + COEP), which
 * gives the page SharedArrayBuffer and so the wasm backend's threads.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * The host and path a request target names: origin form ('/path?query') with the Host header,
 * or absolute form ('http://host/path'), whose authority is the host (RFC 9112 §3.2.2).
 * Null for anything else ('*', 'a', 'http://[').
 */
export function requestTarget(target: string, hostHeader: string | undefined): { host: string; path: string } | null {
  if (target.startsWith('/')) {
    if (hostHeader === undefined) return null;
    const end = target.search(/[?#]/);
    return { host: hostHeader.toLowerCase(), path: end < 0 ? target : target.slice(0, end) };
  }
  if (!/^http:\/\//i.test(target) || !URL.canParse(target)) return null;
  const url = new URL(target);
  return { host: url.host, path: url.pathname };
}

/**
 * The Host values this server answers to: 127.0.0.1, localhost and [::1] at its port, and the
 * address the connection came in on (an address literal cannot be rebound by DNS, a name can:
 * a page of attacker.example whose name now points to 127.0.0.1 sends Host: attacker.example).
 */
function ownHosts(localAddress: string | undefined, port: number | undefined): Set<string> {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  if (localAddress) hosts.add(localAddress.includes(':') ? `[${localAddress.toLowerCase()}]:${port}` : `${localAddress}:${port}`);
  return hosts;
}

/** Whether `path` is `root` or inside it. */
function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * A server for the regular files under `root` (an absolute folder). Call listen() on it. A path
 * is served only if, with every symbolic link resolved, it is still a regular file under the
 * folder; the file is opened at that resolved path and checked again through its descriptor.
 */
export function createStaticServer(root: string): Server {
  const realRoot = realpathSync(root);
  return createServer((request, response) => {
    const reply = (status: number, text: string, headers: Record<string, string> = {}) => {
      response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      response.end(request.method === 'HEAD' ? undefined : `${text}\n`);
    };
    const target = requestTarget(request.url ?? '', request.headers.host);
    if (target === null) return reply(400, 'bad request');
    if (!ownHosts(request.socket.localAddress, request.socket.localPort).has(target.host)) return reply(421, 'misdirected request: this server answers only for its own address');
    if (request.method !== 'GET' && request.method !== 'HEAD') return reply(405, 'method not allowed', { Allow: 'GET, HEAD' });
    const path = resolveRequestPath(root, target.path);
    if (path === null) return reply(404, 'not found');
    serveFile(realRoot, path).then(
      (file) => {
        if (file === null) return reply(404, 'not found');
        response.writeHead(200, {
          ...SECURITY_HEADERS,
          'Content-Type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
          'Content-Length': file.size,
          'Cache-Control': 'no-cache',
        });
        if (request.method === 'HEAD') {
          response.end();
          return void file.handle.close();
        }
        // pipeline() closes the file when the answer ends, fails or the client goes away.
        pipeline(file.handle.createReadStream(), response, () => undefined);
      },
      () => reply(404, 'not found'),
    );
  });
}

/** The open regular file `path` names under `realRoot` (symbolic links resolved), or null. */
async function serveFile(realRoot: string, path: string): Promise<{ handle: FileHandle; size: number } | null> {
  const real = await realpath(path);
  if (!isInside(realRoot, real)) return null;
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  const info = await handle.stat().catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });
  if (!info.isFile()) {
    await handle.close();
    return null;
  }
  return { handle, size: info.size };
}

/** Starts listening; resolves with the address (port 0 picks a free port). */
export function listen(server: Server, port: number, host: string): Promise<URL> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      resolve(new URL(`http://${host.includes(':') ? `[${host}]` : host}:${actualPort}/`));
    });
  });
}
