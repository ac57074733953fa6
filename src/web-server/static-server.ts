/**
 * A small static file server (node:http) for the playground: GET and HEAD of the files under one
 * folder, with their content types, never anything outside it, and no caching (a rebuilt page is
 * seen at the next reload).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
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
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep) ? path : null;
}

/** A server for the files under `root` (an absolute folder). Call listen() on it. */
export function createStaticServer(root: string): Server {
  return createServer((request, response) => {
    const reply = (status: number, text: string, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      response.end(request.method === 'HEAD' ? undefined : `${text}\n`);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return reply(405, 'method not allowed', { Allow: 'GET, HEAD' });
    const path = resolveRequestPath(root, new URL(request.url ?? '/', 'http://localhost').pathname);
    if (path === null) return reply(404, 'not found');
    stat(path).then(
      (info) => {
        if (!info.isFile()) return reply(404, 'not found');
        response.writeHead(200, {
          'Content-Type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
          'Content-Length': info.size,
          'Cache-Control': 'no-cache',
          'X-Content-Type-Options': 'nosniff',
        });
        if (request.method === 'HEAD') return response.end();
        createReadStream(path).on('error', () => response.destroy()).pipe(response);
      },
      () => reply(404, 'not found'),
    );
  });
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
