/**
 * The IDX format (LeCun, Cortes and Burges: "THE IDX FILE FORMAT", yann.lecun.com/exdb/mnist),
 * in which MNIST and Fashion-MNIST ship. A file is a 4-byte magic number — two zero bytes, a type
 * code, the number of dimensions — then each dimension's size as a big-endian uint32, then the
 * values, big-endian, row-major. Files may be gzip-compressed; readIdx notices by content.
 */
import { readFileSync } from 'node:fs';
import { kMaxLength } from 'node:buffer';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { DatasetError, IdxError } from './errors.js';

/** The element types of the IDX format (the type byte of the file's magic number). */
export type IdxType = 'ubyte' | 'sbyte' | 'short' | 'int' | 'float' | 'double';
/** The typed array an IDX file decodes to, by element type. */
export type IdxValues = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** A decoded IDX file (the (Fashion-)MNIST format): element type, shape and values. */
export interface IdxData {
  /** The element type named by the header's type byte (0x08 'ubyte' … 0x0E 'double'). */
  type: IdxType;
  /** The size of each dimension, as the header lists them: [60000, 28, 28] for MNIST's training images. */
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

interface IdxHeader {
  info: IdxTypeInfo;
  shape: number[];
  headerBytes: number;
  /** Header and data: the whole file's size, as the header declares it. */
  fileBytes: number;
}

/** Reads and checks the magic number and the dimensions at the start of `bytes`. */
function parseIdxHeader(bytes: Uint8Array, sourceName: string): IdxHeader {
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
  return { info, shape, headerBytes, fileBytes: headerBytes + shape.reduce((a, b) => a * b, 1) * info.bytes };
}

/** Decodes uncompressed IDX bytes; `sourceName` (usually the path) appears in every error. */
export function parseIdx(bytes: Uint8Array, sourceName: string): IdxData {
  const { info, shape, headerBytes, fileBytes } = parseIdxHeader(bytes, sourceName);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = fileBytes - headerBytes;
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

/**
 * The largest header (255 dimensions) fits in 1,024 bytes; this much compressed input always
 * holds it (gzip's own header included, unless it carries a very long name or comment), and
 * expands to at most ~64 MiB (deflate's ratio is at most 1,032:1).
 */
const GZIP_HEADER_INPUT = 64 * 1024;

/**
 * Decompresses a gzipped IDX file, never to more than the size its header declares: the header
 * is read first from the start of the stream, and a stream that expands past it (a gzip bomb:
 * 1 MB that expands to 1 GB) is refused before it is expanded whole.
 */
function gunzipIdx(bytes: Uint8Array, path: string): Uint8Array {
  const corrupt = (error: unknown) => new IdxError(path, `corrupt gzip data: ${(error as Error).message}`);
  let start: Uint8Array;
  try {
    start = gunzipSync(bytes.subarray(0, GZIP_HEADER_INPUT), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  } catch (error) {
    throw corrupt(error);
  }
  const { fileBytes } = parseIdxHeader(start, path);
  try {
    return gunzipSync(bytes, { maxOutputLength: Math.max(1, Math.min(fileBytes, kMaxLength)) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new IdxError(path, `decompresses to more than the ${fileBytes} bytes its header declares (trailing data or a gzip bomb)`);
    }
    throw corrupt(error);
  }
}

/** Reads an IDX file, plain or gzip-compressed (told apart by content, not by name). */
export function readIdx(path: string): IdxData {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new DatasetError(`${path}: cannot read the IDX file (${(error as Error).message})`);
  }
  if (isGzip(bytes)) bytes = gunzipIdx(bytes, path);
  return parseIdx(bytes, path);
}
