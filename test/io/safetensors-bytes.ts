/** Hand-made safetensors bytes, for tests of what the reader accepts and refuses. */

/** An 8-byte little-endian header length, the header as JSON, then the data bytes. */
export function withHeader(header: unknown, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}
