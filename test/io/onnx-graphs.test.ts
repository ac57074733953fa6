/**
 * ONNX import of graphs written by hand in the shapes other exporters use — Gemm with transB = 0,
 * alpha and beta, a (1, out) bias, weights in Constant nodes, MatMul without Add, Identity,
 * Dropout without a ratio — checked against the operators' definitions (docs/Operators.md)
 * computed with plain loops.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad, Tensor } from '../../src/index.js';
import { fromOnnx } from '../../src/io/onnx/import.js';
import { AttributeType, DataType, encodeModel, type AttributeProto, type NodeProto, type TensorProto } from '../../src/io/onnx/schema.js';
import { assertClose } from '../helpers.js';

const floats = (name: string, dims: number[], values: number[]): TensorProto => ({ name, dims, dataType: DataType.FLOAT, floatData: values });
const float = (name: string, f: number): AttributeProto => ({ name, type: AttributeType.FLOAT, f });
const int = (name: string, i: number): AttributeProto => ({ name, type: AttributeType.INT, i });

function model(nodes: NodeProto[], initializers: TensorProto[], features: number): Uint8Array {
  const value = (name: string, dims: (number | string)[]) => ({
    name,
    type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  });
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: { node: nodes, initializer: initializers, input: [value('x', ['n', features])], output: [value('y', ['n'])] },
  });
}

/** x (n × k) · b (k × m), row-major. */
function matmul(x: number[], b: number[], n: number, k: number, m: number): number[] {
  return Array.from({ length: n * m }, (_, index) => {
    const i = Math.floor(index / m), j = index % m;
    let sum = 0;
    for (let p = 0; p < k; p++) sum += x[i * k + p] * b[p * m + j];
    return sum;
  });
}

const X = [0.5, -1, 2, 1.5, 0.25, -0.75]; // 2 × 3
const B = [1, -2, 0.5, 3, -1, 0.25]; // 3 × 2 (in × out), the layout Gemm takes with transB = 0
const C = [0.1, -0.2];

const run = (bytes: Uint8Array) => noGrad(() => fromOnnx(bytes, { source: 'hand.onnx' }).call(new Tensor(Float32Array.from(X), [2, 3]))).data;

test('Gemm with transB = 0, alpha 2, beta 0.5 and a (1, out) bias: y = 2·x·B + 0.5·C', { timeout: 10_000 }, () => {
  const bytes = model(
    [{ name: 'fc', opType: 'Gemm', input: ['x', 'B', 'C'], output: ['y'], attribute: [float('alpha', 2), float('beta', 0.5), int('transB', 0)] }],
    [floats('B', [3, 2], B), floats('C', [1, 2], C)],
    3,
  );
  const expected = matmul(X, B, 2, 3, 2).map((v, i) => 2 * v + 0.5 * C[i % 2]);
  assertClose(run(bytes), expected, { atol: 1e-6, rtol: 1e-6 });
});

test('weights from Constant nodes, MatMul with no Add after it, then Identity and Dropout without a ratio', { timeout: 10_000 }, () => {
  const constant = (name: string, tensor: TensorProto): NodeProto => ({ opType: 'Constant', output: [name], attribute: [{ name: 'value', type: AttributeType.TENSOR, t: tensor }] });
  const bytes = model(
    [
      constant('W', floats('', [3, 2], B)),
      { name: 'mm', opType: 'MatMul', input: ['x', 'W'], output: ['h'] },
      { name: 'same', opType: 'Identity', input: ['h'], output: ['h2'] },
      { name: 'drop', opType: 'Dropout', input: ['h2'], output: ['y'] },
    ],
    [],
    3,
  );
  const net = fromOnnx(bytes);
  assert.deepEqual([...net].map((m) => m.toString()), ['Linear(inFeatures=3, outFeatures=2, bias=false)', 'Dropout(p=0.5)']);
  assertClose(run(bytes), matmul(X, B, 2, 3, 2), { atol: 1e-6, rtol: 1e-6 });
});

test('Gemm with transB = 1 (PyTorch\'s out × in) and no bias is the same layer as transB = 0 with the transposed weight', { timeout: 10_000 }, () => {
  const transposed = [0, 1].flatMap((j) => [0, 1, 2].map((i) => B[i * 2 + j])); // 2 × 3
  const bytes = model([{ opType: 'Gemm', input: ['x', 'Bt'], output: ['y'], attribute: [int('transB', 1)] }], [floats('Bt', [2, 3], transposed)], 3);
  assertClose(run(bytes), matmul(X, B, 2, 3, 2), { atol: 1e-6, rtol: 1e-6 });
});
