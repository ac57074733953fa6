/** Writes small IDX files for tests, independently of the reader: header, then big-endian values. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Type code → bytes per value and DataView setter name, from the IDX format's definition. */
export const IDX_CODES = {
  ubyte: { code: 0x08, bytes: 1, set: 'setUint8' },
  sbyte: { code: 0x09, bytes: 1, set: 'setInt8' },
  short: { code: 0x0b, bytes: 2, set: 'setInt16' },
  int: { code: 0x0c, bytes: 4, set: 'setInt32' },
  float: { code: 0x0d, bytes: 4, set: 'setFloat32' },
  double: { code: 0x0e, bytes: 8, set: 'setFloat64' },
} as const;

export type IdxTypeName = keyof typeof IDX_CODES;

export function encodeIdx(type: IdxTypeName, shape: readonly number[], values: readonly number[]): Uint8Array {
  const { code, bytes, set } = IDX_CODES[type];
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + values.length * bytes);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  values.forEach((v, i) => (view[set] as (offset: number, value: number) => void).call(view, header + i * bytes, v));
  return out;
}

export const tempDir = (prefix = 'perceptron-data-'): string => mkdtempSync(join(tmpdir(), prefix));

export function writeBytes(path: string, bytes: Uint8Array, gzip = false): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
  return path;
}

/**
 * A tiny MNIST-layout data set: `count` images of 2×3 pixels whose every pixel is `fill`, labels
 * i mod classes. Returns the four files' bytes keyed by their base names.
 */
export function fakeImageSet(trainCount: number, testCount: number, fill: number, classes = 10): Record<string, Uint8Array> {
  const images = (n: number) => encodeIdx('ubyte', [n, 2, 3], Array.from({ length: n * 6 }, () => fill));
  const labels = (n: number) => encodeIdx('ubyte', [n], Array.from({ length: n }, (_, i) => i % classes));
  return {
    'train-images-idx3-ubyte': images(trainCount),
    'train-labels-idx1-ubyte': labels(trainCount),
    't10k-images-idx3-ubyte': images(testCount),
    't10k-labels-idx1-ubyte': labels(testCount),
  };
}
