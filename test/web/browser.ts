/**
 * What the playground's browser tests share: the server started as a user starts it
 * (`perceptron playground --port 0`), Debian's chromium driven by playwright-core (never a
 * downloaded browser), and pages that record every console error.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
export const CHROMIUM = process.env.PERCEPTRON_CHROMIUM ?? '/usr/bin/chromium';

export interface Server {
  url: string;
  stop(): Promise<void>;
}

/** Starts `perceptron playground --port 0` and waits for the address it prints. */
export function startServer(): Promise<Server> {
  const child: ChildProcess = spawn(process.execPath, [MAIN, 'playground', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`perceptron playground printed no address in 60 s:\n${output}`)), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const address = output.match(/http:\/\/127\.0\.0\.1:\d+\//)?.[0];
      if (!address) return;
      clearTimeout(timer);
      resolve({
        url: address,
        stop: () => new Promise<void>((done) => {
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`perceptron playground exited with ${code} before serving:\n${output}`));
    });
  });
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's chromium, headless, with a fresh profile. CI installs it; without it the tests fail, loudly. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the playground's browser tests need Chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run installs it)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'playground-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    acceptDownloads: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface PlaygroundPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
}

/** A new tab on the playground at `hash`, once the page says it is ready. */
export async function openPlayground(browser: Browser, server: Server, hash = ''): Promise<PlaygroundPage> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  await page.goto(`${server.url}${hash}`);
  await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
  return { page, errors };
}

/** The parts of the page's Playground (window.__playground) that the tests read. */
export interface PlaygroundHandle {
  settings: Record<string, unknown>;
  backend: string;
  stats: { updates: number; trainMs: number; drawMs: number };
  initialWeights: Record<string, number[]>;
  problem: { train: { x: { data: Float32Array; shape: number[] } }; test: { x: { shape: number[] } } };
  step(): void;
  training: {
    epoch: number;
    sizes: number[];
    history: { train: number; test: number }[];
    parameterValues(): Record<string, number[]>;
    weight(layer: number, from: number, to: number): number;
  };
}

declare global {
  interface Window {
    __playground: PlaygroundHandle;
  }
}

export interface Snapshot {
  hash: string;
  settings: Record<string, unknown>;
  backend: string;
  epoch: number;
  losses: { train: number; test: number };
  sizes: number[];
  initialWeights: Record<string, number[]>;
  weights: Record<string, number[]>;
  /** The first ten coordinates of the training points. */
  firstPoints: number[];
  trainCount: number;
  testCount: number;
}

/** The page's state, as plain data. */
export function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(() => {
    const p = window.__playground;
    return {
      hash: location.hash,
      settings: p.settings,
      backend: p.backend,
      epoch: p.training.epoch,
      losses: p.training.history[p.training.history.length - 1],
      sizes: p.training.sizes,
      initialWeights: p.initialWeights,
      weights: p.training.parameterValues(),
      firstPoints: Array.from(p.problem.train.x.data.slice(0, 10)),
      trainCount: p.problem.train.x.shape[0],
      testCount: p.problem.test.x.shape[0],
    };
  });
}

/** Polls `read` until `done` holds or `timeoutMs` passes; returns the last value read. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, intervalMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    value = await read();
  }
  return value;
}
