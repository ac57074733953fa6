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

export interface DecodedSafetensors {
  tensors: Map<string, Tensor>;
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
  const tensors = new Map<string, Tensor>();
  const spans: [number, number, string][] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const entry = value as HeaderEntry;
    const dtype = DTYPES[entry?.dtype];
    if (!dtype) fail(`tensor '${name}' has dtype ${JSON.stringify(entry?.dtype)}; supported: ${Object.keys(DTYPES).join(', ')}`);
    if (!Array.isArray(entry.shape) || !entry.shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`tensor '${name}' has an invalid shape`);
    const [begin, end] = entry.data_offsets ?? [];
    if (!Number.isInteger(begin) || !Number.isInteger(end) || begin > end || end > dataLength) {
      fail(`tensor '${name}' has data offsets ${JSON.stringify(entry.data_offsets)} outside the ${dataLength} data bytes (truncated file?)`);
    }
    const expected = sizeOf(entry.shape) * BYTES[dtype];
    if (end - begin !== expected) fail(`tensor '${name}' of shape [${entry.shape.join(', ')}] needs ${expected} bytes, its offsets span ${end - begin}`);
    // Copy into an aligned, owned array: the file's bytes may not be aligned for the element type.
    const tensor = Tensor.empty(entry.shape, dtype);
    const data = tensor.data;
    new Uint8Array(data.buffer, data.byteOffset, data.byteLength).set(bytes.subarray(dataStart + begin, dataStart + end));
    tensors.set(name, tensor);
    spans.push([begin, end, name]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i][0] < spans[i - 1][1]) fail(`tensors '${spans[i - 1][2]}' and '${spans[i][2]}' overlap`);
  }
  const metadata = (header.__metadata__ ?? {}) as Record<string, string>;
  if (typeof metadata !== 'object' || Object.values(metadata).some((v) => typeof v !== 'string')) fail('__metadata__ must map strings to strings');
  return { tensors, metadata };
}
