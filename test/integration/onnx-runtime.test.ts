/**
 * ONNX export checked by ONNX Runtime (onnxruntime-web, in Node): for every activation of the
 * table, an MLP written by toOnnx and run by ONNX Runtime on random inputs of two batch sizes (the
 * batch axis is symbolic) gives perceptron's outputs in eval mode to float32 precision; read back
 * by fromOnnx, it is the same model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-web';
import { activations, manualSeed, nn, noGrad, randn, tensor, type ActivationParams, type Tensor } from '../../src/index.js';
import { toOnnx, ONNX_OPSET, type OnnxExportOptions } from '../../src/io/onnx/export.js';
import { fromOnnx } from '../../src/io/onnx/import.js';
import { decodeModel } from '../../src/io/onnx/schema.js';
import { assertClose } from '../helpers.js';

// One thread: no worker threads to start and stop in a test process.
ort.env.wasm.numThreads = 1;

/** Options besides the defaults, so that every option reaches the file (required ones: the only sets). */
const OTHER_OPTIONS: Readonly<Record<string, readonly ActivationParams[]>> = {
  leakyRelu: [{ negativeSlope: 0.2 }],
  prelu: [{ weight: 0.3 }],
  elu: [{ alpha: 0.7 }],
  celu: [{ alpha: 1.3 }],
  gelu: [{ approximate: 'tanh' }],
  // beta·x crosses the threshold inside the inputs' range: PyTorch's x branch is exercised.
  softplus: [{ beta: 2, threshold: 1 }],
  hardtanh: [{ minVal: -2, maxVal: 3 }],
  softshrink: [{ lambd: 0.3 }],
  hardshrink: [{ lambd: 0.4 }],
  threshold: [{ threshold: 0.1, value: -2 }, { threshold: 0.5, value: 0 }],
};

/** The parameter sets of an entry: its defaults (unless some option is required) and the others above. */
function parameterSets(name: string): ActivationParams[] {
  const others = OTHER_OPTIONS[name] ?? [];
  return activations[name as keyof typeof activations].required.length > 0 ? [...others] : [{}, ...others];
}

const BATCH_SIZES = [1, 9];
const TOLERANCE = { atol: 1e-5, rtol: 1e-5 };

/** Runs the exported model in ONNX Runtime and in perceptron on the same random inputs (×3, to reach every kink and branch). */
async function checkAgainstOnnxRuntime(model: nn.Module, options: OnnxExportOptions, label: string): Promise<Uint8Array> {
  model.eval();
  const bytes = toOnnx(model, options);
  const session = await ort.InferenceSession.create(bytes);
  for (const batch of BATCH_SIZES) {
    const shape = [batch, ...(options.inputShape ?? [])];
    const x = randn(shape).mul(3);
    const expected = noGrad(() => model.call(x));
    const result = await session.run({ input: new ort.Tensor('float32', Float32Array.from(x.data), shape) });
    const output = result.output;
    assert.deepEqual(output.dims, expected.shape, `${label}: output shape for batch ${batch}`);
    assertClose(output.data as Float32Array, expected.data, { ...TOLERANCE, label: `${label}, batch ${batch}` });
  }
  await session.release();
  return bytes;
}

/** fromOnnx(bytes) prints as `model` and gives its outputs. */
function checkRoundTrip(model: nn.Module, bytes: Uint8Array, inputShape: readonly number[], label: string): void {
  const back = fromOnnx(bytes, { source: label });
  assert.equal(back.toString(), model.toString(), label);
  const x = randn([5, ...inputShape]).mul(3);
  const expected = noGrad(() => model.call(x));
  const actual: Tensor = noGrad(() => back.call(x));
  assertClose(actual.data, expected.data, { atol: 1e-6, rtol: 1e-6, label: `${label} read back` });
}

for (const name of Object.keys(activations)) {
  for (const params of parameterSets(name)) {
    const label = `${name}(${JSON.stringify(params)})`;
    test(`${label} in Flatten → Linear → ${name} → Dropout → Linear: ONNX Runtime gives perceptron's outputs at batch sizes ${BATCH_SIZES.join(' and ')}; import gives the model back`, { timeout: 60_000 }, async () => {
      manualSeed(12);
      const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(6, 5), nn.activationModule(name, params), new nn.Dropout(0.3), new nn.Linear(5, 3));
      const bytes = await checkAgainstOnnxRuntime(model, { inputShape: [2, 3] }, label);
      checkRoundTrip(model, bytes, [2, 3], label);
    });
  }
}

test('every activation alone, on inputs from -1000 to 1000 and at its kinks, gives perceptron\'s values in ONNX Runtime (no overflow in a subgraph)', { timeout: 120_000 }, async () => {
  // The kinks of OTHER_OPTIONS too, float32 or not: at ±0.4f with lambd 0.4, ±0.3f with lambd 0.3 and
  // 0.1f with threshold 0.1, ONNX Runtime compares two float32s, as PyTorch does and so do we.
  const xs = [-1000, -100, -30, -20, -6, -3, -2, -1, -0.5, -0.4, -0.3, -0.25, 0, 0.1, 0.25, 0.3, 0.4, 0.5, 1, 2, 3, 5, 6, 20, 30, 100, 1000];
  for (const name of Object.keys(activations)) {
    for (const params of parameterSets(name)) {
      const model = new nn.Sequential(nn.activationModule(name, params)).eval();
      const session = await ort.InferenceSession.create(toOnnx(model, { inputShape: [xs.length] }));
      const result = await session.run({ input: new ort.Tensor('float32', Float32Array.from(xs), [1, xs.length]) });
      const expected = noGrad(() => model.call(tensor([xs])));
      assertClose(result.output.data as Float32Array, expected.data, { ...TOLERANCE, label: `${name}(${JSON.stringify(params)})` });
      await session.release();
    }
  }
});

test('the file declares opset 20 and a symbolic batch axis on input and output', { timeout: 30_000 }, () => {
  const file = decodeModel(toOnnx(nn.mlp([4, 8, 2])));
  // The default domain is the empty string, which protobuf leaves out of the bytes.
  assert.deepEqual(file.opsetImport?.map((o) => [o.domain ?? '', o.version]), [['', ONNX_OPSET]]);
  assert.equal(ONNX_OPSET, 20);
  for (const value of [file.graph!.input![0], file.graph!.output![0]]) {
    assert.equal(value.type!.tensorType!.shape!.dim![0].dimParam, 'batch', value.name);
  }
});

test("the chapter's network, mlp([784, 256, 10]) with dropout, runs in ONNX Runtime as here", { timeout: 60_000 }, async () => {
  manualSeed(3);
  const model = nn.mlp([784, 256, 10], { dropout: 0.5 });
  checkRoundTrip(model, await checkAgainstOnnxRuntime(model, { inputShape: [784] }, 'mlp'), [784], 'mlp');
});

test('PReLU with one weight per channel, a Linear without bias, Softmax and LogSoftmax', { timeout: 60_000 }, async () => {
  manualSeed(4);
  const prelu = new nn.PReLU({ numParameters: 5 });
  noGrad(() => prelu.weight.copy_(randn([5])));
  for (const last of [new nn.Softmax(-1), new nn.LogSoftmax(1)]) {
    const model = new nn.Sequential(new nn.Linear(4, 5, { bias: false }), prelu, new nn.Linear(5, 3), last);
    const label = `PReLU(5), ${last.typeName}`;
    checkRoundTrip(model, await checkAgainstOnnxRuntime(model, { inputShape: [4] }, label), [4], label);
  }
});

test('a Linear on inputs of three axes is written as MatMul + Add and runs on every row', { timeout: 60_000 }, async () => {
  manualSeed(5);
  const model = new nn.Sequential(new nn.Linear(3, 4), new nn.GELU({ approximate: 'tanh' }), new nn.Linear(4, 2));
  const bytes = await checkAgainstOnnxRuntime(model, { inputShape: [5, 3] }, 'rank 3');
  assert.deepEqual(decodeModel(bytes).graph!.node!.map((n) => n.opType), ['MatMul', 'Add', 'Gelu', 'MatMul', 'Add']);
  checkRoundTrip(model, bytes, [5, 3], 'rank 3');
});

test('a float64 model is written in float32 and agrees with itself to float32 precision', { timeout: 60_000 }, async () => {
  manualSeed(6);
  const model = nn.mlp([4, 6, 3], { activation: 'tanh', dtype: 'float64' });
  await checkAgainstOnnxRuntime(model, { inputShape: [4] }, 'float64');
});
