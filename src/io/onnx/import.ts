/**
 * fromOnnx: an ONNX file of an MLP as a perceptron Sequential, so that a model trained elsewhere
 * (PyTorch's torch.onnx.export of an nn.Sequential, or toOnnx's own files) runs here, in Node or a
 * browser.
 *
 * The graph must be a chain from its one input to its one output. Import walks it from the input,
 * turning the nodes that read the current value into modules:
 * - Gemm (transA = 0, transB either, alpha and beta folded into the values) → Linear; MatMul with a
 *   constant (in × out) weight, and the Add of a constant bias after it, → Linear;
 * - Flatten (axis 1) → Flatten; Dropout → Dropout(ratio) (the identity in eval()); Identity → nothing;
 * - PRelu → PReLU; Softmax, LogSoftmax → the module of the same name;
 * - every form of activation-forms.ts, ours and PyTorch's → the activation with the options read
 *   off the graph.
 * Weights come from initializers or Constant nodes. Anything else is an OnnxError naming the file,
 * the node and its op. The model is returned in evaluation mode.
 */
import { getActivation } from '../../activation/table.js';
import { Tensor } from '../../tensor/tensor.js';
import { activationModule, LogSoftmax, PReLU, Softmax } from '../../nn/activation.js';
import { Dropout } from '../../nn/dropout.js';
import { Flatten } from '../../nn/flatten.js';
import { Linear } from '../../nn/linear.js';
import type { AnyModule } from '../../nn/module.js';
import { Sequential } from '../../nn/sequential.js';
import { OnnxError } from './errors.js';
import { describeNode, GraphReader, type Constant } from './graph-reader.js';
import { matchActivation, shortestFloat32 } from './match.js';
import { DataType, decodeModel, type ModelProto, type NodeProto } from './schema.js';

/** The oldest opset import reads: 13 gave Clip, Dropout and Softmax the signatures read here. */
const OLDEST_OPSET = 13;

/** Options of fromOnnx. */
export interface OnnxImportOptions {
  /** What to call the bytes in error messages: the file's name. */
  source?: string;
}

/** A few nodes read as modules, and the value that comes out of them. */
interface Layer {
  readonly modules: readonly AnyModule[];
  readonly nodes: readonly NodeProto[];
  readonly output: string;
}

/** The model an ONNX file describes, as a Sequential in evaluation mode. */
export function fromOnnx(bytes: Uint8Array, options: OnnxImportOptions = {}): Sequential {
  const source = options.source ?? 'ONNX data';
  const model = decode(bytes, source);
  const graph = model.graph!;
  const reader = new GraphReader(graph, source);
  for (const node of reader.nodes) {
    if (!['', 'ai.onnx'].includes(node.domain ?? '')) throw reader.error(`${describeNode(node)} is in domain '${node.domain}'; import reads ONNX's default domain only`);
  }
  const inputs = (graph.input ?? []).filter((v) => !reader.isConstant(v.name ?? ''));
  const outputs = graph.output ?? [];
  if (inputs.length !== 1 || outputs.length !== 1) {
    throw reader.error(`the graph has ${inputs.length} inputs and ${outputs.length} outputs; an MLP has one of each`);
  }
  const elementType = inputs[0].type?.tensorType?.elemType;
  if (elementType !== undefined && elementType !== DataType.FLOAT && elementType !== DataType.DOUBLE) {
    throw reader.error(`the input '${inputs[0].name}' has element type ${elementType}; an MLP reads float or double`);
  }
  const output = outputs[0].name ?? '';
  const graphOutputs = new Set([output]);
  const net = new Sequential();
  const read = new Set<NodeProto>();
  let value = inputs[0].name ?? '';
  while (value !== output) {
    const consumers = reader.consumers(value);
    if (consumers.length === 0) throw reader.error(`value '${value}' is read by no node and is not the graph's output '${output}'`);
    const layer = readLayer(reader, value, consumers) ?? readActivation(reader, value, graphOutputs);
    if (!layer) {
      const node = consumers.find((n) => !(n.opType! in layerReaders)) ?? consumers[0];
      throw reader.error(
        `${describeNode(node)} is not part of an MLP that import reads (Gemm, MatMul + Add, Flatten, Dropout, Identity, PRelu, ` +
          'Softmax, LogSoftmax and the activations perceptron and PyTorch write)',
      );
    }
    const again = layer.nodes.find((n) => read.has(n));
    if (again) throw reader.error(`${describeNode(again)} is reached twice from the input: the graph has a cycle`);
    for (const module of layer.modules) net.append(module);
    for (const node of layer.nodes) read.add(node);
    value = layer.output;
  }
  const left = reader.nodes.find((n) => !read.has(n));
  if (left) throw reader.error(`${describeNode(left)} is off the chain from input to output; import reads MLPs, one layer after another`);
  return net.eval();
}

function decode(bytes: Uint8Array, source: string): ModelProto {
  if (bytes.length === 0) throw new OnnxError(`${source}: not an ONNX model: the file is empty`);
  let model: ModelProto;
  try {
    model = decodeModel(bytes);
  } catch (error) {
    // protobufjs says 'index out of range' when a field runs past the end of the bytes.
    const message = (error as Error).message;
    const why = message.startsWith('index out of range') ? 'a field runs past the end of the bytes (truncated file?)' : message;
    throw new OnnxError(`${source}: not an ONNX model: the bytes are not a protobuf ModelProto (${why})`);
  }
  const fail = (what: string): never => {
    throw new OnnxError(`${source}: not an ONNX model: ${what}`);
  };
  if (!model.irVersion) fail('it has no IR version');
  if (!model.graph) fail('it has no graph');
  const opset = model.opsetImport?.find((o) => ['', 'ai.onnx'].includes(o.domain ?? ''))?.version;
  if (opset === undefined) fail('it imports no version of the default operator set');
  if (opset! < OLDEST_OPSET) throw new OnnxError(`${source}: opset ${opset} is older than ${OLDEST_OPSET}, the oldest import reads; re-export with opset_version=${OLDEST_OPSET} or later`);
  return model;
}

type LayerReader = (reader: GraphReader, node: NodeProto, value: string) => Layer;

/** The one node reading `value`, when it is one of the layers' ops, as its layer. */
function readLayer(reader: GraphReader, value: string, consumers: readonly NodeProto[]): Layer | undefined {
  if (consumers.length !== 1) return undefined;
  const node = consumers[0];
  if (node.input?.[0] !== value || !Object.hasOwn(layerReaders, node.opType ?? '')) return undefined;
  for (const extra of (node.output ?? []).slice(1)) {
    if (extra !== '' && reader.consumers(extra).length > 0) throw reader.error(`${describeNode(node)}: its output '${extra}' is used; import reads the first output only`);
  }
  return layerReaders[node.opType!](reader, node, value);
}

function readActivation(reader: GraphReader, value: string, graphOutputs: ReadonlySet<string>): Layer | undefined {
  const match = matchActivation(reader, value, graphOutputs);
  if (!match) return undefined;
  // In the table's order of options, as the module would print had it been built by hand.
  const options = Object.keys(getActivation(match.name).options).filter((key) => Object.hasOwn(match.params, key));
  const params = Object.fromEntries(options.map((key) => [key, match.params[key]]));
  return { modules: [activationModule(match.name, params)], nodes: [...match.nodes], output: match.output };
}

/** The constant a node reads as its input `index`. */
function constantInput(reader: GraphReader, node: NodeProto, index: number, what: string): Constant {
  const name = node.input?.[index] ?? '';
  const constant = reader.constant(name);
  if (!constant) throw reader.error(`${describeNode(node)}: its ${what} '${name}' is not a constant (an initializer or a Constant node)`);
  return constant;
}

/** A Linear with weight w (in × out, row-major) and bias b. */
function linear(weight: Float64Array, inFeatures: number, outFeatures: number, bias: Float64Array | undefined): Linear {
  const layer = new Linear(inFeatures, outFeatures, { bias: bias !== undefined });
  layer.weight.copy_(new Tensor(Float32Array.from(weight), [inFeatures, outFeatures]));
  if (bias) layer.bias!.copy_(new Tensor(Float32Array.from(bias), [outFeatures]));
  return layer;
}

/** A bias of `outFeatures` values from a constant of that many (or one, broadcast), scaled. */
function biasValues(reader: GraphReader, node: NodeProto, bias: Constant, outFeatures: number, scale: number): Float64Array {
  const size = bias.values.length;
  if (size !== outFeatures && size !== 1) {
    throw reader.error(`${describeNode(node)}: its bias has dims [${bias.dims.join(', ')}], not ${outFeatures} values`);
  }
  return Float64Array.from({ length: outFeatures }, (_, j) => bias.values[size === 1 ? 0 : j] * scale);
}

function matrix(reader: GraphReader, node: NodeProto, index: number, what: string): Constant & { dims: [number, number] } {
  const weight = constantInput(reader, node, index, what);
  if (weight.dims.length !== 2) throw reader.error(`${describeNode(node)}: its ${what} has dims [${weight.dims.join(', ')}], not two axes`);
  return weight as Constant & { dims: [number, number] };
}

const layerReaders: Readonly<Record<string, LayerReader>> = {
  Gemm(reader, node) {
    if (reader.number(node, 'transA', 0) !== 0) throw reader.error(`${describeNode(node)}: transA = 1 transposes the input; import reads Gemm with transA = 0`);
    const transB = reader.number(node, 'transB', 0) !== 0;
    const alpha = reader.number(node, 'alpha', 1);
    const beta = reader.number(node, 'beta', 1);
    const b = matrix(reader, node, 1, 'weight B');
    // Ours is in × out: B itself when transB = 0, Bᵀ when B is PyTorch's out × in.
    const [inFeatures, outFeatures] = transB ? [b.dims[1], b.dims[0]] : b.dims;
    const weight = Float64Array.from({ length: inFeatures * outFeatures }, (_, k) => {
      const i = Math.floor(k / outFeatures), j = k % outFeatures;
      return alpha * (transB ? b.values[j * inFeatures + i] : b.values[k]);
    });
    const hasBias = (node.input?.[2] ?? '') !== '';
    const bias = hasBias ? biasValues(reader, node, constantInput(reader, node, 2, 'bias C'), outFeatures, beta) : undefined;
    return { modules: [linear(weight, inFeatures, outFeatures, bias)], nodes: [node], output: node.output![0] };
  },
  MatMul(reader, node) {
    const w = matrix(reader, node, 1, 'weight');
    const [inFeatures, outFeatures] = w.dims;
    const product = node.output![0];
    const next = reader.consumers(product);
    const add = next.length === 1 && next[0].opType === 'Add' ? next[0] : undefined;
    const biasName = add?.input?.find((name) => name !== product);
    if (add && biasName !== undefined && reader.isConstant(biasName)) {
      const bias = biasValues(reader, add, reader.constant(biasName)!, outFeatures, 1);
      return { modules: [linear(w.values, inFeatures, outFeatures, bias)], nodes: [node, add], output: add.output![0] };
    }
    return { modules: [linear(w.values, inFeatures, outFeatures, undefined)], nodes: [node], output: product };
  },
  Flatten(reader, node) {
    const axis = reader.number(node, 'axis', 1);
    if (axis !== 1) throw reader.error(`${describeNode(node)}: axis ${axis}; import reads Flatten with axis 1 (keep the batch axis, merge the rest)`);
    return { modules: [new Flatten()], nodes: [node], output: node.output![0] };
  },
  Dropout(reader, node) {
    const ratio = (node.input?.[1] ?? '') === '' ? 0.5 : constantInput(reader, node, 1, 'ratio').values[0];
    return { modules: [new Dropout(shortestFloat32(ratio))], nodes: [node], output: node.output![0] };
  },
  Identity(_reader, node) {
    return { modules: [], nodes: [node], output: node.output![0] };
  },
  PRelu(reader, node) {
    const slope = constantInput(reader, node, 1, 'slope');
    const prelu = new PReLU({ numParameters: slope.values.length });
    prelu.weight.copy_(new Tensor(Float32Array.from(slope.values), [slope.values.length]));
    return { modules: [prelu], nodes: [node], output: node.output![0] };
  },
  Softmax(reader, node) {
    return { modules: [new Softmax(reader.number(node, 'axis', -1))], nodes: [node], output: node.output![0] };
  },
  LogSoftmax(reader, node) {
    return { modules: [new LogSoftmax(reader.number(node, 'axis', -1))], nodes: [node], output: node.output![0] };
  },
};
