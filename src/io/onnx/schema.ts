/**
 * The part of ONNX's protobuf schema (onnx/onnx.proto) that an MLP needs, as a table of messages:
 * ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto, TypeProto,
 * TensorShapeProto, OperatorSetIdProto, StringStringEntryProto. The field numbers are onnx.proto's;
 * fields we never read or write are left out (decoding skips unknown fields, so files that use
 * them still load). wire.ts encodes and decodes by this table.
 */
import { decodeMessage, encodeMessage, type FieldSpec, type FieldType, type MessageSpec } from './wire.js';

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, DOUBLE: 11 } as const;

/** AttributeProto.AttributeType values used here. */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

export interface TensorProto {
  dims?: number[];
  dataType?: number;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: number[];
  doubleData?: number[];
  name?: string;
  rawData?: Uint8Array;
}

export interface AttributeProto {
  name?: string;
  type?: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorProto;
  floats?: number[];
  ints?: number[];
}

export interface NodeProto {
  input?: string[];
  output?: string[];
  name?: string;
  opType?: string;
  domain?: string;
  attribute?: AttributeProto[];
}

export interface Dimension {
  dimValue?: number;
  dimParam?: string;
}

export interface ValueInfoProto {
  name?: string;
  type?: { tensorType?: { elemType?: number; shape?: { dim?: Dimension[] } } };
}

export interface GraphProto {
  node?: NodeProto[];
  name?: string;
  initializer?: TensorProto[];
  input?: ValueInfoProto[];
  output?: ValueInfoProto[];
}

export interface OperatorSetIdProto {
  domain?: string;
  version?: number;
}

export interface ModelProto {
  irVersion?: number;
  opsetImport?: OperatorSetIdProto[];
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  graph?: GraphProto;
  metadataProps?: { key?: string; value?: string }[];
}

const field = (id: number, type: FieldType): FieldSpec => ({ id, type, repeated: false });
const repeated = (id: number, type: FieldType): FieldSpec => ({ id, type, repeated: true });

/** The messages, by name: each field's number (onnx.proto's) and type. */
const messages: Readonly<Record<string, MessageSpec>> = {
  ModelProto: {
    irVersion: field(1, 'int64'),
    producerName: field(2, 'string'),
    producerVersion: field(3, 'string'),
    docString: field(6, 'string'),
    graph: field(7, 'GraphProto'),
    opsetImport: repeated(8, 'OperatorSetIdProto'),
    metadataProps: repeated(14, 'StringStringEntryProto'),
  },
  StringStringEntryProto: { key: field(1, 'string'), value: field(2, 'string') },
  OperatorSetIdProto: { domain: field(1, 'string'), version: field(2, 'int64') },
  GraphProto: {
    node: repeated(1, 'NodeProto'),
    name: field(2, 'string'),
    initializer: repeated(5, 'TensorProto'),
    input: repeated(11, 'ValueInfoProto'),
    output: repeated(12, 'ValueInfoProto'),
  },
  NodeProto: {
    input: repeated(1, 'string'),
    output: repeated(2, 'string'),
    name: field(3, 'string'),
    opType: field(4, 'string'),
    attribute: repeated(5, 'AttributeProto'),
    domain: field(7, 'string'),
  },
  AttributeProto: {
    name: field(1, 'string'),
    f: field(2, 'float'),
    i: field(3, 'int64'),
    s: field(4, 'bytes'),
    t: field(5, 'TensorProto'),
    floats: repeated(7, 'float'),
    ints: repeated(8, 'int64'),
    type: field(20, 'int32'),
  },
  TensorProto: {
    dims: repeated(1, 'int64'),
    dataType: field(2, 'int32'),
    floatData: repeated(4, 'float'),
    int32Data: repeated(5, 'int32'),
    int64Data: repeated(7, 'int64'),
    name: field(8, 'string'),
    rawData: field(9, 'bytes'),
    doubleData: repeated(10, 'double'),
  },
  ValueInfoProto: { name: field(1, 'string'), type: field(2, 'TypeProto') },
  TypeProto: { tensorType: field(1, 'TypeProto.Tensor') },
  'TypeProto.Tensor': { elemType: field(1, 'int32'), shape: field(2, 'TensorShapeProto') },
  TensorShapeProto: { dim: repeated(1, 'TensorShapeProto.Dimension') },
  'TensorShapeProto.Dimension': { dimValue: field(1, 'int64'), dimParam: field(2, 'string') },
};

/** The bytes of an ONNX model file. */
export function encodeModel(model: ModelProto): Uint8Array {
  return encodeMessage(model, 'ModelProto', messages);
}

/** A decoded model. Throws an Error saying what broke on bytes that are not this protobuf message. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  return decodeMessage(bytes, 'ModelProto', messages) as ModelProto;
}
