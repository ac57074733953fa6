/**
 * toOnnx: a perceptron model as an ONNX file (opset 20, float32, any batch size), for ONNX
 * Runtime, onnxruntime-web in a browser, or any tool that reads ONNX.
 *
 * The graph has one input, 'input' of shape (batch, …inputShape), and one output, 'output'; the
 * batch axis is symbolic ('batch'), so one file serves every batch size. Modules map to nodes:
 * - Linear → Gemm(input, weight, bias) with transB = 1: the weight is stored out × in, PyTorch's
 *   layout, under the parameter's own name ('0.weight'), as torch.onnx.export writes it (on inputs
 *   of more than two axes, MatMul with the in × out weight, then Add);
 * - Flatten(1, -1) → Flatten(axis = 1); Dropout → Dropout(ratio), which ONNX runs as the identity
 *   (training_mode defaults to false), as eval() does here;
 * - each activation → the form of activation-forms.ts: one op where opset 20 has it, else a small
 *   subgraph; PReLU → PRelu(input, weight); Softmax, LogSoftmax → the op of the same name;
 * - Sequential → its modules in order, nested ones flattened.
 * Any other module is refused with an OnnxError naming it. Parameters are written as float32
 * (a float64 model's values are rounded to float32).
 */
import { noGrad } from '../../autograd/tape.js';
import { getActivation, type ActivationParams } from '../../activation/table.js';
import { Activation, LogSoftmax, PReLU, Softmax } from '../../nn/activation.js';
import { Dropout } from '../../nn/dropout.js';
import { Flatten } from '../../nn/flatten.js';
import { Linear } from '../../nn/linear.js';
import type { AnyModule } from '../../nn/module.js';
import { Sequential } from '../../nn/sequential.js';
import { activationForms, type Form, type Slot, type Term } from './activation-forms.js';
import { OnnxError } from './errors.js';
import { GraphWriter, type AttributeValue } from './graph-writer.js';
import { DataType, encodeModel, type ValueInfoProto } from './schema.js';

/** The ONNX operator set export writes: 20, the first with Gelu (Mish came in 18). */
export const ONNX_OPSET = 20;
/** The IR version that goes with opset 20 (onnx/docs/Versioning.md). */
const IR_VERSION = 9;

/** Options of toOnnx. */
export interface OnnxExportOptions {
  /**
   * The shape of one example, without the batch axis: [784], or [1, 28, 28] for a model that
   * starts with Flatten. By default [inFeatures] of the first Linear.
   */
  inputShape?: readonly number[];
}

/** Where export stands after a module: the value holding its output, and that value's shape without the batch axis. */
type Step = { value: string; dims: number[] };

/** `model` (in evaluation mode, whatever its mode) as the bytes of an ONNX file. */
export function toOnnx(model: AnyModule, options: OnnxExportOptions = {}): Uint8Array {
  const layers = flattenSequential(model, '');
  const inputShape = [...(options.inputShape ?? defaultInputShape(layers))];
  const writer = new GraphWriter();
  const input = writer.fresh('input');
  let step: Step = { value: input, dims: inputShape };
  for (const [path, module] of layers) step = writeModule(writer, path, module, step);
  let output = step.value;
  if (output === input) output = writer.node('Identity', '/Identity', [input]);
  renameOutput(writer, output, 'output');
  return encodeModel({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'perceptron',
    producerVersion: '0.1.0',
    docString: 'Exported by perceptron. Linear weights are stored out × in (PyTorch\'s layout) and used by Gemm with transB = 1.',
    graph: {
      name: 'perceptron',
      node: writer.nodes,
      initializer: writer.initializers,
      input: [valueInfo(input, inputShape)],
      output: [valueInfo('output', step.dims)],
    },
  });
}

/** The leaf modules of a model with their dotted paths: nested Sequentials opened, in order. */
function flattenSequential(module: AnyModule, path: string): [string, AnyModule][] {
  if (!(module instanceof Sequential)) return [[path, module]];
  return module.namedChildren().flatMap(([name, child]) => flattenSequential(child, path ? `${path}.${name}` : name));
}

function defaultInputShape(layers: readonly [string, AnyModule][]): number[] {
  const first = layers.find(([, m]) => m instanceof Linear)?.[1] as Linear | undefined;
  if (!first) throw new OnnxError('toOnnx: the model has no Linear layer to read the input size from; give options.inputShape');
  return [first.inFeatures];
}

function valueInfo(name: string, dims: readonly number[]): ValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: [{ dimParam: 'batch' }, ...dims.map((d) => ({ dimValue: d }))] } } },
  };
}

function renameOutput(writer: GraphWriter, from: string, to: string): void {
  const producer = writer.nodes.find((n) => n.output?.[0] === from)!;
  producer.output = [to];
  for (const node of writer.nodes) node.input = node.input?.map((name) => (name === from ? to : name));
}

const int = (value: number): AttributeValue => ({ int: value });
const float = (value: number): AttributeValue => ({ float: value });

function writeModule(writer: GraphWriter, path: string, module: AnyModule, { value: input, dims }: Step): Step {
  const name = (op: string) => `/${path || module.typeName}/${op}`;
  const refuse = (why: string): never => {
    throw new OnnxError(`toOnnx: module '${path}' (${module.typeName}) ${why}`);
  };
  if (module instanceof Linear) {
    if (dims.at(-1) !== module.inFeatures) {
      refuse(`takes ${module.inFeatures} features but gets inputs of shape (batch, ${dims.join(', ')})`);
    }
    const weight = module.weight;
    const bias = module.bias === null ? [] : [writer.initializer(`${path}.bias`, module.bias.data, [module.outFeatures])];
    const outDims = [...dims.slice(0, -1), module.outFeatures];
    if (dims.length === 1) {
      const torchLayout = noGrad(() => weight.T);
      const w = writer.initializer(`${path}.weight`, torchLayout.data, [module.outFeatures, module.inFeatures]);
      return { value: writer.node('Gemm', name('Gemm'), [input, w, ...bias], { alpha: float(1), beta: float(1), transB: int(1) }), dims: outDims };
    }
    const w = writer.initializer(`${path}.weight`, weight.data, [module.inFeatures, module.outFeatures]);
    const product = writer.node('MatMul', name('MatMul'), [input, w]);
    return { value: bias.length ? writer.node('Add', name('Add'), [product, bias[0]]) : product, dims: outDims };
  }
  if (module instanceof Flatten) {
    const rank = dims.length + 1;
    const end = module.endDim < 0 ? module.endDim + rank : module.endDim;
    if (module.startDim !== 1 || end !== rank - 1) refuse('has no ONNX Flatten: only Flatten(1, -1), which keeps the batch axis and merges the rest, has one');
    return { value: writer.node('Flatten', name('Flatten'), [input], { axis: int(1) }), dims: [dims.reduce((a, b) => a * b, 1)] };
  }
  if (module instanceof Dropout) {
    const ratio = writer.initializer(`${path}.ratio`, [module.p], []);
    return { value: writer.node('Dropout', name('Dropout'), [input, ratio]), dims };
  }
  if (module instanceof PReLU) {
    const channels = module.weight.size;
    if (channels !== 1 && channels !== dims[0]) refuse(`has ${channels} weights for ${dims[0]} channels (axis 1)`);
    // One weight per channel on axis 1: shape (C, 1, …) so that it broadcasts against (batch, C, …).
    const slopeDims = channels === 1 ? [1] : [channels, ...dims.slice(1).map(() => 1)];
    const slope = writer.initializer(`${path}.weight`, module.weight.data, slopeDims);
    return { value: writer.node('PRelu', name('PRelu'), [input, slope]), dims };
  }
  if (module instanceof Softmax || module instanceof LogSoftmax) {
    const op = module instanceof Softmax ? 'Softmax' : 'LogSoftmax';
    return { value: writer.node(op, name(op), [input], { axis: int(module.dim) }), dims };
  }
  if (module instanceof Activation) {
    const forms = activationForms[module.spec.name as keyof typeof activationForms];
    const form = forms.find((f) => !f.readOnly && implied(f, module.params));
    if (!form) return refuse('has no ONNX form');
    return { value: writeForm(writer, form, module.params, input, name), dims };
  }
  return refuse(
    `has no ONNX form; toOnnx writes Sequential models of Linear, Flatten, Dropout, PReLU, Softmax, LogSoftmax and the activations (${
      Object.keys(activationForms).map((n) => getActivation(n).moduleName).join(', ')})`,
  );
}

/** Whether the form's implied options are the module's. */
const implied = (form: Form, params: ActivationParams): boolean =>
  Object.entries(form.implies ?? {}).every(([key, value]) => params[key] === value);

const slotValue = (slot: Slot, params: ActivationParams): number | string => {
  if ('fixed' in slot) return slot.fixed;
  const value = params[slot.param];
  return typeof value === 'number' ? value * slot.scale : value;
};

/** Writes a form's nodes; a subterm used twice (softplus's beta·x) is written once. */
function writeForm(writer: GraphWriter, form: Form, params: ActivationParams, input: string, name: (op: string) => string): string {
  const written = new Map<Term, string>();
  const write = (term: Term): string => {
    if (term.kind === 'input') return input;
    const known = written.get(term);
    if (known !== undefined) return known;
    let result: string;
    if (term.kind === 'constant') {
      result = writer.initializer(name('Constant'), [slotValue(term.value, params) as number], []);
    } else {
      const attributes = Object.fromEntries(
        Object.entries(term.attributes).map(([key, slot]): [string, AttributeValue] => {
          const value = slotValue(slot, params);
          return [key, typeof value === 'string' ? { string: value } : float(value)];
        }),
      );
      result = writer.node(term.op, name(term.op), term.inputs.map(write), attributes);
    }
    written.set(term, result);
    return result;
  };
  return write(form.output);
}
