/**
 * The IDX format (LeCun, Cortes and Burges: "THE IDX FILE FORMAT", yann.lecun.com/exdb/mnist),
 * in which MNIST and Fashion-MNIST ship. A file is a 4-byte magic number — two zero bytes, a type
 * code, the number of dimensions — then each dimension's size as a big-endian uint32, then the
 * values, big-endian, row-major. Files may be gzip-compressed; readIdx notices by content.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DatasetError, IdxError } from './errors.js';

export type IdxType = 'ubyte' | 'sbyte' | 'short' | 'int' | 'float' | 'double';
export type IdxValues = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxData {
  type: IdxType;
  shape: number[];
  /** The values in row-major order, decoded to the platform's byte order. */
  data: IdxValues;
}

interface IdxTypeInfo {
  type: IdxType;
  bytes: number;
  make: (length: number) => IdxValues;
  read: (view: DataView, offset: number) => number;
}

/** Type codes from the format's definition; every multi-byte value is big-endian. */
const IDX_TYPES = new Map<number, IdxTypeInfo>([
  [0x08, { type: 'ubyte', bytes: 1, make: (n) => new Uint8Array(n), read: (v, o) => v.getUint8(o) }],
  [0x09, { type: 'sbyte', bytes: 1, make: (n) => new Int8Array(n), read: (v, o) => v.getInt8(o) }],
  [0x0b, { type: 'short', bytes: 2, make: (n) => new Int16Array(n), read: (v, o) => v.getInt16(o) }],
  [0x0c, { type: 'int', bytes: 4, make: (n) => new Int32Array(n), read: (v, o) => v.getInt32(o) }],
  [0x0d, { type: 'float', bytes: 4, make: (n) => new Float32Array(n), read: (v, o) => v.getFloat32(o) }],
  [0x0e, { type: 'double', bytes: 8, make: (n) => new Float64Array(n), read: (v, o) => v.getFloat64(o) }],
]);

const hex = (byte: number): string => `0x${byte.toString(16).padStart(2, '0')}`;

/** Decodes uncompressed IDX bytes; `sourceName` (usually the path) appears in every error. */
export function parseIdx(bytes: Uint8Array, sourceName: string): IdxData {
  if (bytes.length < 4) {
    throw new IdxError(sourceName, `truncated: an IDX file starts with a 4-byte magic number, but the file has ${bytes.length} bytes`);
  }
  const [zero0, zero1, code, ndim] = bytes;
  if (zero0 !== 0 || zero1 !== 0) {
    const gzipHint = zero0 === 0x1f && zero1 === 0x8b ? ' (these are gzip bytes: decompress first, or use readIdx)' : '';
    throw new IdxError(
      sourceName,
      `wrong magic number: expected 0x00 0x00 <type> <ndims>, got ${[...bytes.subarray(0, 4)].map(hex).join(' ')}; not an IDX file${gzipHint}`,
    );
  }
  const info = IDX_TYPES.get(code);
  if (!info) {
    const known = [...IDX_TYPES].map(([c, t]) => `${hex(c)} ${t.type}`).join(', ');
    throw new IdxError(sourceName, `unsupported type code ${hex(code)} in the magic number (known: ${known})`);
  }
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw new IdxError(sourceName, `truncated header: ${ndim} dimensions need ${headerBytes} header bytes, got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let d = 0; d < ndim; d++) shape.push(view.getUint32(4 + 4 * d));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = count * info.bytes;
  const got = bytes.length - headerBytes;
  const promise = `the header promises shape [${shape.join(', ')}] of ${info.type} (${expected} bytes of data)`;
  if (got < expected) throw new IdxError(sourceName, `truncated: ${promise}, got ${got} bytes`);
  if (got > expected) throw new IdxError(sourceName, `trailing bytes: ${promise}, got ${got} bytes (${got - expected} extra)`);

  // A copy as a plain Uint8Array (Node's Buffer.slice would share memory and stay a Buffer).
  if (info.type === 'ubyte') return { type: info.type, shape, data: new Uint8Array(bytes.subarray(headerBytes)) };
  const data = info.make(count);
  for (let i = 0, offset = headerBytes; i < count; i++, offset += info.bytes) data[i] = info.read(view, offset);
  return { type: info.type, shape, data };
}

/** True for bytes that start with gzip's magic number 0x1f 0x8b (RFC 1952). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Reads an IDX file, plain or gzip-compressed (told apart by content, not by name). */
export function readIdx(path: string): IdxData {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new DatasetError(`${path}: cannot read the IDX file (${(error as Error).message})`);
  }
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new IdxError(path, `corrupt gzip data: ${(error as Error).message}`);
    }
  }
  return parseIdx(bytes, path);
}
