/**
 * Every activation as a tensor op (x.activation(name, params), the module path and the CLI's),
 * and softmax / logSoftmax, against PyTorch's values and gradients in float64 and float32
 * (test/golden/activations.json, made by scripts/reference/activations.py).
 */
import { test } from 'node:test';
import { array } from '../../src/index.js';
import { readGolden, type ActivationsGolden, type ElementwiseCase, type RowwiseCase } from '../golden/read.js';
import { assertClose } from '../helpers.js';

const golden = readGolden<ActivationsGolden>('activations.json');
const tolerance = (dtype: string) => (dtype === 'float64' ? { atol: 1e-12, rtol: 1e-12 } : { atol: 1e-6, rtol: 1e-6 });

// hardsigmoid's float64 gradient is exactly 1/6 here; PyTorch multiplies by the float32 constant
// 1.0f/6.0f even in float64 (0.16666667163…), a difference of 5e-9 that we do not copy.
const TORCH_FLOAT32_CONSTANT = new Set(['hardsigmoid']);

for (const c of golden.cases) {
  if (Array.isArray(c.x[0])) {
    const r = c as RowwiseCase;
    test(`${r.name} (${r.dtype}) on [${r.x.map((row) => `[${row.join(', ')}]`).join(', ')}] matches PyTorch`, () => {
      const x = array(r.x, { dtype: r.dtype }).requiresGrad_();
      const y = r.name === 'softmax' ? x.softmax(-1) : x.logSoftmax(-1);
      assertClose(y.toArray(), r.y, { ...tolerance(r.dtype), label: 'y' });
      y.mul(array(r.w, { dtype: r.dtype })).sum().backward();
      assertClose(x.grad!.toArray(), r.grad, { ...tolerance(r.dtype), label: 'grad' });
    });
    continue;
  }
  const e = c as ElementwiseCase;
  test(`x.activation('${e.name}', ${JSON.stringify(e.params)}) (${e.dtype}) matches ${e.torchCall}`, () => {
    const x = array(e.x, { dtype: e.dtype }).requiresGrad_();
    const y = x.activation(e.name, e.params);
    assertClose(y.toArray(), e.y, { ...tolerance(e.dtype), label: 'y' });
    y.sum().backward();
    const gradTolerance = TORCH_FLOAT32_CONSTANT.has(e.name) && e.dtype === 'float64' ? { atol: 1e-8, rtol: 1e-7 } : tolerance(e.dtype);
    assertClose(x.grad!.toArray(), e.grad, { ...gradTolerance, label: 'grad' });
  });
}
