/** ONNX export and import refuse what they cannot do, saying which file, module or node and why. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, nn, type Tensor } from '../../src/index.js';
import { OnnxError } from '../../src/io/onnx/errors.js';
import { toOnnx } from '../../src/io/onnx/export.js';
import { fromOnnx } from '../../src/io/onnx/import.js';
import { AttributeType, DataType, encodeModel, type NodeProto } from '../../src/io/onnx/schema.js';
import { encodeSafetensors } from '../../src/io/safetensors.js';

const rejects = (bytes: Uint8Array, message: RegExp) =>
  assert.throws(() => fromOnnx(bytes, { source: 'model.onnx' }), (error: unknown) => error instanceof OnnxError && message.test(error.message));

/** A model whose graph has `nodes` between 'input' (batch, 4) and 'output', with a 4 × 4 weight 'w'. */
function graph(nodes: NodeProto[], opset = 17): Uint8Array {
  const valueInfo = (name: string) => ({ name, type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimValue: 4 }] } } } });
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      node: nodes,
      initializer: [{ name: 'w', dims: [4, 4], dataType: DataType.FLOAT, floatData: Array.from({ length: 16 }, (_, i) => i / 16) }],
      input: [valueInfo('input')],
      output: [valueInfo('output')],
    },
  });
}

test('bytes that are not protobuf: the file is named and the decoder says what broke', { timeout: 10_000 }, () => {
  rejects(new TextEncoder().encode('this is a text file, not a model'), /^model\.onnx: not an ONNX model: the bytes are not a protobuf ModelProto \(.+\)$/);
});

test('an empty file says so', { timeout: 10_000 }, () => {
  rejects(new Uint8Array(0), /^model\.onnx: not an ONNX model: the file is empty$/);
});

test('a safetensors file is not taken for ONNX', { timeout: 10_000 }, () => {
  const safetensors = encodeSafetensors(new Map<string, Tensor>([['0.weight', array([[1, 2], [3, 4]])]]));
  rejects(safetensors, /^model\.onnx: not an ONNX model: /);
});

test('a truncated export is refused with the file name', { timeout: 10_000 }, () => {
  const bytes = toOnnx(new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU()));
  rejects(bytes.subarray(0, bytes.length - 7), /^model\.onnx: not an ONNX model: .*\(a field runs past the end of the bytes \(truncated file\?\)\)$/);
});

test('protobuf without a graph, and an opset older than 13, are named as such', { timeout: 10_000 }, () => {
  rejects(encodeModel({ irVersion: 8, opsetImport: [{ version: 17 }] }), /^model\.onnx: not an ONNX model: it has no graph$/);
  rejects(graph([{ opType: 'Relu', input: ['input'], output: ['output'] }], 11), /^model\.onnx: opset 11 is older than 13/);
});

test('an op that is not part of an MLP: the error names the node and its op', { timeout: 10_000 }, () => {
  rejects(
    graph([
      { name: 'fc', opType: 'Gemm', input: ['input', 'w'], output: ['h'] },
      { name: 'pool', opType: 'GlobalAveragePool', input: ['h'], output: ['output'] },
    ]),
    /^model\.onnx: node 'pool' \(op GlobalAveragePool\) is not part of an MLP that import reads/,
  );
});

test('a Gemm that transposes its input, a node off the chain, a Flatten on another axis: each named', { timeout: 10_000 }, () => {
  const transA = { name: 'transA', type: AttributeType.INT, i: 1 };
  rejects(graph([{ name: 'fc', opType: 'Gemm', input: ['input', 'w'], output: ['output'], attribute: [transA] }]), /node 'fc' \(op Gemm\): transA = 1/);
  rejects(
    graph([
      { name: 'fc', opType: 'Gemm', input: ['input', 'w'], output: ['output'] },
      { name: 'side', opType: 'Relu', input: ['w'], output: ['unused'] },
    ]),
    /node 'side' \(op Relu\) is off the chain/,
  );
  const axis = { name: 'axis', type: AttributeType.INT, i: 0 };
  rejects(graph([{ name: 'flat', opType: 'Flatten', input: ['input'], output: ['output'], attribute: [axis] }]), /node 'flat' \(op Flatten\): axis 0/);
});

test('a graph whose nodes feed each other in a circle is refused, not followed forever', { timeout: 10_000 }, () => {
  rejects(
    graph([
      { name: 'a', opType: 'Relu', input: ['input'], output: ['h'] },
      { name: 'b', opType: 'Identity', input: ['h'], output: ['input'] },
    ]),
    /node 'a' \(op Relu\) is reached twice from the input: the graph has a cycle/,
  );
});

test('export refuses a module with no ONNX form, naming its path and class', { timeout: 10_000 }, () => {
  class Doubler extends nn.Module {
    forward(x: Tensor): Tensor {
      return x.mul(2);
    }
  }
  const model = new nn.Sequential(new nn.Linear(4, 3), new Doubler());
  assert.throws(() => toOnnx(model), (error: unknown) => error instanceof OnnxError && /^toOnnx: module '1' \(Doubler\) has no ONNX form/.test(error.message));
  const flattenAll = new nn.Sequential(new nn.Flatten(0), new nn.Linear(4, 3));
  assert.throws(() => toOnnx(flattenAll, { inputShape: [4] }), /module '0' \(Flatten\) has no ONNX Flatten/);
});
