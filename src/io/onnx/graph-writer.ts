/**
 * Collects the nodes and initializers of an ONNX graph as export walks a model: unique value
 * names, float32 initializers stored as little-endian raw_data, attributes with their types.
 */
import { AttributeType, DataType, type AttributeProto, type NodeProto, type TensorProto } from './schema.js';

/** An attribute as the writer takes it: a float, an int (Gemm's transB, Flatten's axis) or a string. */
export type AttributeValue = { float: number } | { int: number } | { string: string };

function attributeProto(name: string, value: AttributeValue): AttributeProto {
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  if ('int' in value) return { name, type: AttributeType.INT, i: value.int };
  return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value.string) };
}

/** float32 values as ONNX's raw_data: IEEE 754, little-endian whatever the platform. */
function rawFloat32(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return bytes;
}

export class GraphWriter {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  readonly #used = new Set<string>();

  /** `name`, or `name_1`, `name_2`, … when it is taken: every value of a graph has its own name. */
  fresh(name: string): string {
    let candidate = name;
    for (let k = 1; this.#used.has(candidate); k++) candidate = `${name}_${k}`;
    this.#used.add(candidate);
    return candidate;
  }

  /** A float32 constant of the given dims (dims [] for a scalar); returns its value name. */
  initializer(name: string, values: ArrayLike<number>, dims: readonly number[]): string {
    const unique = this.fresh(name);
    this.initializers.push({ name: unique, dims: [...dims], dataType: DataType.FLOAT, rawData: rawFloat32(values) });
    return unique;
  }

  /** Adds a node `op` named `name` with one output, which it returns (`output` names it when given). */
  node(op: string, name: string, inputs: readonly string[], attributes: Readonly<Record<string, AttributeValue>> = {}, output?: string): string {
    const result = output !== undefined ? this.fresh(output) : this.fresh(`${name}_output`);
    this.nodes.push({
      name: this.fresh(name),
      opType: op,
      input: [...inputs],
      output: [result],
      attribute: Object.entries(attributes).map(([key, value]) => attributeProto(key, value)),
    });
    return result;
  }
}
