/**
 * Protobuf messages to bytes and back, driven by a table of fields (schema.ts), on protobufjs'
 * minimal build: its Reader and Writer do the wire format (varints, zigzag, floats, length
 * prefixes). Its reflection build is not used: that one compiles a coder per message with
 * `new Function`, which a page's content-security policy may forbid; walking the table needs no
 * eval, and the minimal build adds a fraction of the bytes to a bundle.
 *
 * Proto2 rules, as onnx.proto uses them: a field left undefined is not written; repeated numbers
 * are written packed, and read packed or not (a reader must accept both); unknown fields are
 * skipped; int64 values are JavaScript numbers (exact up to 2^53, enough for dims and attributes).
 */
import protobuf from 'protobufjs/minimal.js';

export type ScalarType = 'int32' | 'int64' | 'float' | 'double' | 'string' | 'bytes';
/** A scalar type, or the name of another message of the table. */
export type FieldType = ScalarType | (string & {});

export interface FieldSpec {
  readonly id: number;
  readonly type: FieldType;
  readonly repeated: boolean;
}

/** A message's fields by the property name they take in JavaScript. */
export type MessageSpec = Readonly<Record<string, FieldSpec>>;

type Message = Record<string, unknown>;

/** Protobuf wire types: how a field's bytes are laid out. */
const VARINT = 0, FIXED64 = 1, LENGTH_DELIMITED = 2, FIXED32 = 5;

const scalarWireTypes: Readonly<Record<ScalarType, number>> = {
  int32: VARINT, int64: VARINT, float: FIXED32, double: FIXED64, string: LENGTH_DELIMITED, bytes: LENGTH_DELIMITED,
};

const isScalar = (type: FieldType): type is ScalarType => Object.hasOwn(scalarWireTypes, type);
const isNumeric = (type: FieldType): boolean => isScalar(type) && scalarWireTypes[type] !== LENGTH_DELIMITED;
const tag = (id: number, wireType: number): number => ((id << 3) | wireType) >>> 0;

function writeScalar(writer: protobuf.Writer, type: ScalarType, value: unknown): void {
  switch (type) {
    case 'int32': writer.int32(value as number); break;
    case 'int64': writer.int64(value as number); break;
    case 'float': writer.float(value as number); break;
    case 'double': writer.double(value as number); break;
    case 'string': writer.string(value as string); break;
    case 'bytes': writer.bytes(value as Uint8Array); break;
  }
}

/** A varint read as protobufjs gives it (a Long where the long package is present) as a number. */
const toNumber = (value: unknown): number => (typeof value === 'number' ? value : (value as { toNumber(): number }).toNumber());

function readScalar(reader: protobuf.Reader, type: ScalarType): unknown {
  switch (type) {
    case 'int32': return reader.int32();
    case 'int64': return toNumber(reader.int64());
    case 'float': return reader.float();
    case 'double': return reader.double();
    case 'string': return reader.string();
    case 'bytes': return reader.bytes();
  }
}

function write(writer: protobuf.Writer, message: Message, name: string, messages: Readonly<Record<string, MessageSpec>>): void {
  for (const [key, field] of Object.entries(messages[name])) {
    const value = message[key];
    if (value === undefined || value === null) continue;
    const values = field.repeated ? (value as ArrayLike<unknown>) : [value];
    if (field.repeated && isNumeric(field.type)) {
      if (values.length === 0) continue;
      writer.uint32(tag(field.id, LENGTH_DELIMITED)).fork();
      for (let i = 0; i < values.length; i++) writeScalar(writer, field.type as ScalarType, values[i]);
      writer.ldelim();
      continue;
    }
    for (let i = 0; i < values.length; i++) {
      if (isScalar(field.type)) {
        writer.uint32(tag(field.id, scalarWireTypes[field.type]));
        writeScalar(writer, field.type, values[i]);
      } else {
        writer.uint32(tag(field.id, LENGTH_DELIMITED)).fork();
        write(writer, values[i] as Message, field.type, messages);
        writer.ldelim();
      }
    }
  }
}

function read(reader: protobuf.Reader, end: number, name: string, messages: Readonly<Record<string, MessageSpec>>): Message {
  if (end > reader.len) throw new RangeError('index out of range: a length runs past the end of the bytes');
  const fields = new Map(Object.entries(messages[name]).map(([key, field]) => [field.id, { key, field }]));
  const message: Message = {};
  while (reader.pos < end) {
    const t = reader.uint32();
    const id = t >>> 3, wireType = t & 7;
    const known = fields.get(id);
    if (!known) {
      reader.skipType(wireType);
      continue;
    }
    const { key, field } = known;
    const expected = isScalar(field.type) ? scalarWireTypes[field.type] : LENGTH_DELIMITED;
    const packed = field.repeated && isNumeric(field.type) && wireType === LENGTH_DELIMITED;
    if (wireType !== expected && !packed) {
      throw new Error(`field ${id} of ${name} has wire type ${wireType}, where ${key} has ${expected}`);
    }
    let values: unknown[];
    if (packed) {
      const stop = reader.uint32() + reader.pos;
      if (stop > end) throw new RangeError('index out of range: a packed field runs past its message');
      values = [];
      while (reader.pos < stop) values.push(readScalar(reader, field.type as ScalarType));
    } else if (isScalar(field.type)) {
      values = [readScalar(reader, field.type)];
    } else {
      const length = reader.uint32();
      values = [read(reader, reader.pos + length, field.type, messages)];
    }
    if (field.repeated) {
      const list = (message[key] ??= []) as unknown[];
      for (const value of values) list.push(value);
    } else {
      message[key] = values[0];
    }
  }
  if (reader.pos !== end) throw new RangeError('index out of range: a field runs past the end of its message');
  return message;
}

/** `message`, of the table's message `name`, as bytes. */
export function encodeMessage(message: object, name: string, messages: Readonly<Record<string, MessageSpec>>): Uint8Array {
  const writer = protobuf.Writer.create();
  write(writer, message as Message, name, messages);
  const bytes = writer.finish();
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The message `name` in `bytes`; throws an Error (a RangeError for bytes that end too soon) on what does not fit. */
export function decodeMessage(bytes: Uint8Array, name: string, messages: Readonly<Record<string, MessageSpec>>): object {
  const reader = protobuf.Reader.create(bytes);
  return read(reader, reader.len, name, messages);
}
