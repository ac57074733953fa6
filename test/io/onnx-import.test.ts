/**
 * ONNX import of files PyTorch wrote (scripts/reference/onnx_torch.py → test/golden/onnx-torch.json):
 * each rebuilds PyTorch's Sequential, module by module, and gives PyTorch's outputs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { noGrad, Tensor } from '../../src/index.js';
import { fromOnnx } from '../../src/io/onnx/import.js';
import { assertClose } from '../helpers.js';

interface TorchCase {
  name: string;
  torchModule: string;
  modules: string[];
  opset: number;
  onnx: string;
  inputShape: number[];
  input: number[];
  outputShape: number[];
  output: number[];
}

const golden = JSON.parse(readFileSync(new URL('../../../test/golden/onnx-torch.json', import.meta.url), 'utf8')) as { torch: string; cases: TorchCase[] };

for (const c of golden.cases) {
  test(`imports PyTorch ${golden.torch}'s opset-${c.opset} export of ${c.name} and gives PyTorch's outputs`, { timeout: 30_000 }, () => {
    const model = fromOnnx(new Uint8Array(Buffer.from(c.onnx, 'base64')), { source: `${c.name}.onnx` });
    assert.deepEqual([...model].map((m) => m.typeName), c.modules, c.torchModule);
    const y = noGrad(() => model.call(new Tensor(Float32Array.from(c.input), c.inputShape)));
    assert.deepEqual(y.shape, c.outputShape);
    assertClose(y.data, c.output, { atol: 1e-5, rtol: 1e-5, label: c.name });
  });
}

test('reads the options PyTorch wrote, as the numbers that were given (0.2, not float32 0.2000000029…)', { timeout: 30_000 }, () => {
  const byName = new Map(golden.cases.map((c) => [c.name, fromOnnx(new Uint8Array(Buffer.from(c.onnx, 'base64')))]));
  const activation = (name: string) => byName.get(name)!.at(2).toString();
  assert.equal(activation('leakyRelu'), 'LeakyReLU(negativeSlope=0.2)');
  assert.equal(activation('elu'), 'ELU(alpha=0.7)');
  assert.equal(activation('celu'), 'CELU(alpha=1.3)');
  assert.equal(activation('gelu-tanh'), "GELU(approximate='tanh')");
  assert.equal(activation('softplus-beta'), 'Softplus(beta=2, threshold=20)');
  assert.equal(activation('hardtanh'), 'Hardtanh(minVal=-2, maxVal=3)');
  assert.equal(activation('softshrink'), 'Softshrink(lambd=0.3)');
  assert.equal(activation('hardshrink'), 'Hardshrink(lambd=0.4)');
  assert.equal(activation('prelu'), 'PReLU(numParameters=5)');
});
