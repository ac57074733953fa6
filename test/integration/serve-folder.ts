/**
 * A static server for a built web app under test, as a web developer's host would serve it:
 * either cross-origin isolated (COOP + COEP, with the playground's content-security policy, so
 * the library must also work under a strict policy) or plain, with no such headers.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../src/web-server/static-server.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** COOP + COEP, which make the page cross-origin isolated. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export interface ServedFolder {
  url: string;
  /** Paths requested so far, with their status. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves the files under `root` on 127.0.0.1 (a free port); when `isolated`, with ISOLATION_HEADERS
 * and a content-security policy (the playground's unless `policy` names another).
 */
export function serveFolder(root: string, isolated: boolean, policy = CONTENT_SECURITY_POLICY): Promise<ServedFolder> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = join(root, normalize(decodeURIComponent(path)).replace(/^(\.\.(\/|$))+/, ''), path.endsWith('/') ? 'index.html' : '');
    const headers = { ...(isolated ? { ...ISOLATION_HEADERS, 'Content-Security-Policy': policy } : {}), 'Cache-Control': 'no-store' };
    let found = false;
    try {
      found = statSync(file).isFile();
    } catch {
      found = false;
    }
    requests.push(`${found ? 200 : 404} ${path}`);
    if (!found) {
      response.writeHead(404, headers).end('not found');
      return;
    }
    response.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        requests,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}
