/**
 * Checks of the files a command will write, made before any work: a run must not end after an
 * hour of training on a raw errno about a temporary file, nor replace its own training data.
 */
import { accessSync, closeSync, constants, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './usage-error.js';

/** Whether `path` can be written (created, with its missing folders, or replaced); a UsageError naming `flag` if not. */
export function checkWritable(flag: string, path: string): void {
  const target = resolve(path);
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) throw new UsageError(`${flag} ${path} is a folder; give a file name`);
    try {
      accessSync(target, constants.W_OK);
    } catch {
      throw new UsageError(`${flag} ${path} cannot be written: no permission`);
    }
    return;
  }
  let ancestor = dirname(target);
  while (!existsSync(ancestor)) ancestor = dirname(ancestor);
  if (!statSync(ancestor).isDirectory()) throw new UsageError(`${flag} ${path} cannot be written: ${ancestor} is not a folder`);
  try {
    accessSync(ancestor, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${path} cannot be written: no permission to create files in ${ancestor}`);
  }
}

/** Whether two paths name the same existing file (by device and inode, so links and '..' count). */
export function sameFile(a: string, b: string): boolean {
  if (!existsSync(a) || !existsSync(b)) return false;
  const [x, y] = [statSync(a), statSync(b)];
  return x.dev === y.dev && x.ino === y.ino;
}

/** Whether `path` is a safetensors file with perceptron metadata (only its header is read). */
export function isPerceptronCheckpoint(path: string): boolean {
  const file = openSync(path, 'r');
  try {
    const length = Buffer.alloc(8);
    if (readSync(file, length, 0, 8, 0) !== 8) return false;
    const headerLength = length.readBigUInt64LE(0);
    if (headerLength > BigInt(statSync(path).size) || headerLength > 100_000_000n) return false;
    const header = Buffer.alloc(Number(headerLength));
    if (readSync(file, header, 0, header.length, 8) !== header.length) return false;
    const parsed: unknown = JSON.parse(header.toString('utf8'));
    return typeof (parsed as { __metadata__?: { perceptron?: unknown } })?.__metadata__?.perceptron === 'string';
  } catch {
    return false;
  } finally {
    closeSync(file);
  }
}

/**
 * `--out` of a training run: writable; never one of the run's inputs (`inputs`: flag → path);
 * and an existing file only if it is a perceptron checkpoint, unless `force`.
 */
export function checkCheckpointOut(out: string, inputs: Record<string, string | undefined>, force: boolean): void {
  checkWritable('--out', out);
  for (const [flag, input] of Object.entries(inputs)) {
    if (input !== undefined && flag !== '--resume' && sameFile(out, input)) {
      throw new UsageError(`--out ${out} is the training data (${flag}); choose another file for the checkpoint`);
    }
  }
  if (!force && existsSync(out) && !isPerceptronCheckpoint(out)) {
    throw new UsageError(`--out ${out} exists and is not a perceptron checkpoint; choose another file, or pass --force to replace it`);
  }
}
