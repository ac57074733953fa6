/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of JSON
 * mapping each tensor name to {dtype, shape, data_offsets: [begin, end]} (offsets into the data
 * that follows) plus an optional "__metadata__" of string pairs, then the raw little-endian data.
 * Pure bytes in and out, so it works in Node and in browsers alike.
 */
import type { DType } from '../tensor/tensor.js';
import { PerceptronError } from '../errors.js';
import { sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** A safetensors file that cannot be read; names the source and what is wrong. */
export class SafetensorsError extends PerceptronError {}

const CODES: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I32' };
const DTYPES: Record<string, DType> = { F32: 'float32', F64: 'float64', I32: 'int32' };
const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4 };
/** Headers are padded with spaces so the data starts 8-byte aligned (as the reference writer does). */
const ALIGNMENT = 8;

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function bytesOf(t: Tensor): Uint8Array {
  if (!littleEndian) throw new SafetensorsError('safetensors: big-endian platforms are not supported');
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

/** Encodes named tensors (in the given order) and string metadata into one safetensors file. */
export function encodeSafetensors(tensors: ReadonlyMap<string, Tensor> | Record<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  const entries: [string, Tensor][] = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors as Record<string, Tensor>);
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of entries) {
    header[name] = { dtype: CODES[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  const headerBytes = new TextEncoder().encode(json);
  const padded = Math.ceil((8 + headerBytes.length) / ALIGNMENT) * ALIGNMENT - 8;
  json += ' '.repeat(padded - headerBytes.length);
  const out = new Uint8Array(8 + padded + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(new TextEncoder().encode(json), 8);
  let position = 8 + padded;
  for (const [, t] of entries) {
    out.set(bytesOf(t), position);
    position += t.data.byteLength;
  }
  return out;
}

/** What decodeSafetensors read: the tensors by name, in file order, and the string metadata. */
export interface DecodedSafetensors {
  /** The tensors by name, in the order of the file. */
  tensors: Map<string, Tensor>;
  /** The file's `__metadata__` (string pairs; empty when it has none). */
  metadata: Record<string, string>;
}

/** Decodes a safetensors file; `source` (a file name) goes into every error message. */
export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors data'): DecodedSafetensors {
  const fail = (what: string): never => {
    throw new SafetensorsError(`${source}: not a valid safetensors file: ${what}`);
  };
  if (bytes.length < 8) fail(`${bytes.length} bytes is too short for the 8-byte header length`);
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (headerLength > bytes.length - 8) fail(`the header claims ${headerLength} bytes but only ${bytes.length - 8} follow (truncated file?)`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (error) {
    return fail(`the header is not valid JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return fail('the header is not a JSON object');
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  // Everything is checked before anything is allocated or copied.
  const entries: { name: string; dtype: DType; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const at = `tensor '${name}'`;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${at}: expected an object with dtype, shape and data_offsets, got ${JSON.stringify(value)}`);
    const entry = value as Partial<HeaderEntry>;
    const dtype = typeof entry.dtype === 'string' && Object.hasOwn(DTYPES, entry.dtype) ? DTYPES[entry.dtype] : undefined;
    if (!dtype) return fail(`${at}: dtype ${JSON.stringify(entry.dtype)} is not supported (${Object.keys(DTYPES).join(', ')})`);
    const shape = entry.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0) || !Number.isSafeInteger(sizeOf(shape) * BYTES[dtype])) {
      return fail(`${at}: shape ${JSON.stringify(shape)} is not a list of sizes (non-negative integers, at most 2⁵³ bytes in all)`);
    }
    const offsets = entry.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
      return fail(`${at}: data_offsets ${JSON.stringify(offsets)} are not [begin, end] with 0 ≤ begin ≤ end`);
    }
    const [begin, end] = offsets;
    if (end > dataLength) fail(`${at}: data_offsets ${JSON.stringify(offsets)} are outside the ${dataLength} data bytes (truncated file?)`);
    const expected = sizeOf(shape) * BYTES[dtype];
    if (end - begin !== expected) fail(`${at}: shape [${shape.join(', ')}] of ${entry.dtype} needs ${expected} bytes, its data_offsets span ${end - begin}`);
    entries.push({ name, dtype, shape, begin, end });
  }
  // As the format's reference reader: the tensors tile the data, no overlap, no hole, nothing after.
  const spans = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const [i, span] of spans.entries()) {
    if (span.begin < covered) fail(`tensors '${spans[i - 1].name}' and '${span.name}' overlap`);
    if (span.begin > covered) fail(`bytes ${covered}–${span.begin} of the data belong to no tensor`);
    covered = span.end;
  }
  if (covered < dataLength) fail(`bytes ${covered}–${dataLength} of the data belong to no tensor`);
  const metadata = Object.hasOwn(header, '__metadata__') ? header.__metadata__ : {};
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata) || Object.values(metadata).some((v) => typeof v !== 'string')) {
    fail(`__metadata__ must map strings to strings, got ${JSON.stringify(metadata).slice(0, 80)}`);
  }
  const tensors = new Map<string, Tensor>();
  for (const { name, dtype, shape, begin, end } of entries) {
    // Copy into an aligned, owned array: the file's bytes may not be aligned for the element type.
    const tensor = Tensor.empty(shape, dtype);
    const data = tensor.data;
    new Uint8Array(data.buffer, data.byteOffset, data.byteLength).set(bytes.subarray(dataStart + begin, dataStart + end));
    tensors.set(name, tensor);
  }
  return { tensors, metadata: metadata as Record<string, string> };
}
