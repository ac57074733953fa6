/**
 * Values and gradients of ops against PyTorch (test/golden/ops.json, made by scripts/reference/ops.py):
 * the conventions finite differences cannot check — ties, kinks, broadcasting, large logits.
 */
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, where, type NestedArray, type Tensor } from '../../src/index.js';
import { assertClose } from '../helpers.js';

interface GoldenCase {
  name: string;
  inputs: Record<string, NestedArray>;
  value: NestedArray;
  shape: number[];
  weight: NestedArray;
  grads: Record<string, NestedArray>;
}
const golden: { cases: GoldenCase[] } = JSON.parse(readFileSync(new URL('../../../test/golden/ops.json', import.meta.url), 'utf8'));

/** The same expressions as scripts/reference/ops.py, written with perceptron. */
const expressions: Record<string, (...t: Tensor[]) => Tensor> = {
  'add broadcast row+col': (a, b) => a.add(b),
  'sub broadcast 3d': (a, b) => a.sub(b),
  'mul broadcast scalar-like': (a, b) => a.mul(b),
  'div broadcast': (a, b) => a.div(b),
  'pow positive base': (a, b) => a.pow(b),
  'pow zero base': (a, b) => a.pow(b),
  'maximum with ties': (a, b) => a.maximum(b),
  'minimum with ties': (a, b) => a.minimum(b),
  'clamp at the bounds': (a) => a.clip(-1, 1),
  'abs at zero': (a) => a.abs(),
  sqrt: (a) => a.sqrt(),
  'log exp chain': (a) => a.exp().add(1).log(),
  'sum over axis 0': (a) => a.sum(0),
  'sum over axes keepdims': (a) => a.sum([0, 2], { keepdims: true }),
  'mean over last axis': (a) => a.mean(-1),
  'amax with ties': (a) => a.max(1),
  'amin all with ties': (a) => a.min(),
  'logsumexp large': (a) => a.logsumexp(1),
  'logsumexp small': (a) => a.logsumexp(1),
  'softmax large logits': (a) => a.softmax(-1),
  'log_softmax large logits': (a) => a.logSoftmax(-1),
  'softmax axis 0': (a) => a.softmax(0),
  'matmul 2d': (a, b) => a.matmul(b),
  'matmul batched broadcast': (a, b) => a.matmul(b),
  'matmul vector-matrix': (a, b) => a.matmul(b),
  'matmul matrix-vector': (a, b) => a.matmul(b),
  'transpose then matmul': (a) => a.T.matmul(a),
  'where by comparison': (a, b) => where(a.gt(0), a, b),
  'relu at zero': (a) => a.relu(),
};

for (const c of golden.cases) {
  for (const dtype of ['float64', 'float32'] as const) {
    test(`${c.name} (${dtype}) matches PyTorch in value and gradient`, () => {
      const expression = expressions[c.name];
      assert.ok(expression, `no expression for golden case '${c.name}'`);
      const inputs = Object.values(c.inputs).map((v) => array(v, { dtype }).requiresGrad_());
      const out = expression(...inputs);
      const tol = dtype === 'float64' ? { atol: 1e-12, rtol: 1e-12 } : { atol: 1e-5, rtol: 1e-6 };
      assert.deepEqual(out.shape, c.shape);
      assertClose(out.toArray(), c.value, { ...tol, label: 'value' });
      out.mul(array(c.weight, { dtype })).sum().backward();
      Object.keys(c.inputs).forEach((name, i) => assertClose(inputs[i].grad!.toArray(), c.grads[name], { ...tol, label: `grad ${name}` }));
    });
  }
}

test('every golden case has an expression and vice versa', () => {
  assert.deepEqual(Object.keys(expressions).sort(), golden.cases.map((c) => c.name).sort());
});
