/**
 * A decoded ONNX graph as import reads it: constants (initializers and Constant nodes) as plain
 * numbers, which node produces a value and which nodes consume it, attributes with ONNX's types.
 */
import { OnnxError } from './errors.js';
import { AttributeType, DataType, type GraphProto, type NodeProto, type TensorProto } from './schema.js';

/** A constant's values (float64 here; float32 in the file) and its dims. */
export interface Constant {
  readonly values: Float64Array;
  readonly dims: readonly number[];
}

export type Attribute = number | string | readonly number[] | Constant;

const isConstant = (value: Attribute): value is Constant => typeof value === 'object' && !Array.isArray(value);

/** How an error names a node: its name and op. */
export const describeNode = (node: NodeProto): string => `node '${node.name || node.output?.[0] || '(unnamed)'}' (op ${node.opType})`;

export class GraphReader {
  /** The nodes that compute something: every node but Constant. */
  readonly nodes: readonly NodeProto[];
  readonly #constants = new Map<string, Constant>();
  readonly #producers = new Map<string, NodeProto>();
  readonly #consumers = new Map<string, NodeProto[]>();

  constructor(
    graph: GraphProto,
    readonly source: string,
  ) {
    for (const tensor of graph.initializer ?? []) this.#constants.set(tensor.name ?? '', this.tensor(tensor, `initializer '${tensor.name}'`));
    const nodes: NodeProto[] = [];
    for (const node of graph.node ?? []) {
      if (node.opType === 'Constant' && (node.domain ?? '') === '') {
        this.#constants.set(node.output?.[0] ?? '', this.#constantNode(node));
        continue;
      }
      nodes.push(node);
      for (const output of node.output ?? []) this.#producers.set(output, node);
      for (const input of new Set(node.input ?? [])) {
        if (input === '') continue;
        this.#consumers.set(input, [...(this.#consumers.get(input) ?? []), node]);
      }
    }
    this.nodes = nodes;
  }

  constant(name: string): Constant | undefined {
    return this.#constants.get(name);
  }

  isConstant(name: string): boolean {
    return this.#constants.has(name);
  }

  producer(name: string): NodeProto | undefined {
    return this.#producers.get(name);
  }

  consumers(name: string): readonly NodeProto[] {
    return this.#consumers.get(name) ?? [];
  }

  /** The attribute's value, or undefined when the node does not set it. */
  attribute(node: NodeProto, name: string): Attribute | undefined {
    const a = node.attribute?.find((attribute) => attribute.name === name);
    if (!a) return undefined;
    switch (a.type) {
      case AttributeType.FLOAT: return a.f ?? 0;
      case AttributeType.INT: return a.i ?? 0;
      case AttributeType.STRING: return new TextDecoder().decode(a.s ?? new Uint8Array());
      case AttributeType.FLOATS: return a.floats ?? [];
      case AttributeType.INTS: return a.ints ?? [];
      case AttributeType.TENSOR: return this.tensor(a.t ?? {}, `attribute '${name}' of ${describeNode(node)}`);
      default: throw this.error(`attribute '${name}' of ${describeNode(node)} has type ${a.type}, which import does not read`);
    }
  }

  /** A numeric attribute, or `fallback` (ONNX's default) when the node leaves it out. */
  number(node: NodeProto, name: string, fallback: number): number {
    const value = this.attribute(node, name) ?? fallback;
    if (typeof value !== 'number') throw this.error(`attribute '${name}' of ${describeNode(node)} must be a number`);
    return value;
  }

  error(what: string): OnnxError {
    return new OnnxError(`${this.source}: ${what}`);
  }

  /** A tensor's values: float, double, int32 or int64, inline or as raw little-endian bytes. */
  tensor(tensor: TensorProto, what: string): Constant {
    const dims = (tensor.dims ?? []).map(Number);
    const size = dims.reduce((a, b) => a * b, 1);
    const raw = tensor.rawData;
    const view = raw && raw.length > 0 ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : undefined;
    let values: ArrayLike<number>;
    const fromRaw = (bytes: number, read: (offset: number) => number): number[] =>
      Array.from({ length: view!.byteLength / bytes }, (_, i) => read(i * bytes));
    switch (tensor.dataType) {
      case DataType.FLOAT: values = view ? fromRaw(4, (o) => view.getFloat32(o, true)) : tensor.floatData ?? []; break;
      case DataType.DOUBLE: values = view ? fromRaw(8, (o) => view.getFloat64(o, true)) : tensor.doubleData ?? []; break;
      case DataType.INT32: values = view ? fromRaw(4, (o) => view.getInt32(o, true)) : tensor.int32Data ?? []; break;
      case DataType.INT64: values = view ? fromRaw(8, (o) => Number(view.getBigInt64(o, true))) : tensor.int64Data ?? []; break;
      default: throw this.error(`${what} has data type ${tensor.dataType}; import reads float, double, int32 and int64 tensors`);
    }
    if (values.length !== size) {
      throw this.error(`${what} holds ${values.length} values for dims [${dims.join(', ')}]` + (values.length === 0 ? ' (external data is not supported)' : ''));
    }
    return { values: Float64Array.from(values), dims };
  }

  #constantNode(node: NodeProto): Constant {
    for (const name of ['value', 'value_float', 'value_floats', 'value_int', 'value_ints']) {
      const value = this.attribute(node, name);
      if (value === undefined || typeof value === 'string') continue;
      if (typeof value === 'number') return { values: Float64Array.of(value), dims: [] };
      if (isConstant(value)) return value;
      return { values: Float64Array.from(value), dims: [value.length] };
    }
    throw this.error(`${describeNode(node)} has no numeric value`);
  }
}
