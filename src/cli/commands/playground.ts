/** `perceptron playground [--port N] [--host ADDRESS]`: serves the browser playground built in dist/web. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createStaticServer, listen } from '../../web-server/static-server.js';
import { parseNumber, UsageError } from '../usage-error.js';

/** The built page: dist/web, three folders up from this file's dist/src/cli/commands. */
export const PLAYGROUND_ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));

export const DEFAULT_PORT = 8080;

function port(value: string): number {
  const n = parseNumber('--port', value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port expects an integer from 0 to 65535 (0: any free port), got '${value}'`);
  return n;
}

/** Serves the playground until SIGINT or SIGTERM; prints its address first. */
export async function servePlayground(options: { port: number; host: string }): Promise<void> {
  if (!existsSync(`${PLAYGROUND_ROOT}index.html`)) {
    throw new Error(`the playground is not built (no ${PLAYGROUND_ROOT}index.html); run 'npm run build'`);
  }
  const server = createStaticServer(PLAYGROUND_ROOT);
  let address: URL;
  try {
    address = await listen(server, options.port, options.host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${options.port} on ${options.host} is in use; choose another with --port N (0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`--host ${options.host} is not an address of this machine`);
    throw error;
  }
  console.log(`perceptron playground: ${address.href}  (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export function registerPlayground(program: Command): void {
  program
    .command('playground')
    .description('serve the browser playground (TensorFlow Playground, on this library) and print its address')
    .option('--port <n>', 'port to listen on (0: any free port)', String(DEFAULT_PORT))
    .option('--host <address>', 'address to bind (127.0.0.1: this machine only)', '127.0.0.1')
    .action(async (flags: { port: string; host: string }) => {
      await servePlayground({ port: port(flags.port), host: flags.host });
    });
}
