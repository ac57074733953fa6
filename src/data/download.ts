/**
 * Fetching a file once, safely: the bytes are checked against a published checksum before anything
 * is written, then written to a temporary file beside the destination and renamed into place, so a
 * failed or interrupted download never leaves a partial or wrong file where a loader would find it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatasetError } from './errors.js';

/** Gets the bytes at a URL or throws; injectable so tests (and offline setups) need no network. */
export type FetchBytes = (url: string) => Promise<Uint8Array>;

/** Published digests of a file, lowercase hex; every one given is checked. */
export interface Checksums {
  /** MD5 digest, 32 hex digits. */
  md5?: string;
  /** SHA-256 digest, 64 hex digits. */
  sha256?: string;
}

/** The platform's fetch; an HTTP status other than 2xx is an error. */
export const fetchBytes: FetchBytes = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
};

/** Throws a DatasetError naming `name` and both digests when `bytes` do not match `checksums`. */
export function verifyChecksums(bytes: Uint8Array, checksums: Checksums, name: string): void {
  for (const algorithm of ['md5', 'sha256'] as const) {
    const expected = checksums[algorithm]?.toLowerCase();
    if (expected === undefined) continue;
    const got = createHash(algorithm).update(bytes).digest('hex');
    if (got !== expected) {
      throw new DatasetError(`${name}: ${algorithm.toUpperCase()} checksum mismatch: expected ${expected}, got ${got} (${bytes.length} bytes)`);
    }
  }
}

/**
 * Downloads `url`, verifies it and stores it at `destination` (creating folders). Tries each URL
 * of `urls` in turn (mirrors) until one gives bytes with the right checksums; the error lists why
 * each failed.
 */
export async function downloadVerified(
  urls: readonly string[],
  destination: string,
  checksums: Checksums,
  fetch: FetchBytes = fetchBytes,
): Promise<void> {
  const failures: string[] = [];
  for (const url of urls) {
    let bytes: Uint8Array;
    try {
      bytes = await fetch(url);
      verifyChecksums(bytes, checksums, url);
    } catch (error) {
      failures.push(error instanceof DatasetError ? error.message : `${url}: ${(error as Error).message}`);
      continue;
    }
    writeAtomically(destination, bytes);
    return;
  }
  throw new DatasetError(`could not download ${destination}; nothing was written there:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
}

function writeAtomically(destination: string, bytes: Uint8Array): void {
  mkdirSync(dirname(destination), { recursive: true });
  const temporary = `${destination}.${process.pid}.${Date.now()}.part`;
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, destination);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new DatasetError(`${destination}: cannot write the downloaded file (${(error as Error).message})`);
  }
}
