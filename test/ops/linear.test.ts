/**
 * The fused linear op, y = activation(x·W + b): equal to the unfused composition (matmul, add,
 * activation) value for value, gradients by gradcheck in float64 for every input and several
 * activations, Sequential running Linear + activation fused to the same numbers, and shape errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, Generator, gradcheck, linear, nn, normal, ShapeError, type Tensor } from '../../src/index.js';

const generator = new Generator(11);
const randn = (shape: number[], dtype: 'float32' | 'float64' = 'float64') => normal(shape, { dtype, generator });

const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'leakyRelu', 'gelu', 'elu', 'softplus'];

for (const dtype of ['float32', 'float64'] as const) {
  test(`linear equals matmul + bias + activation exactly, values and gradients (${dtype})`, () => {
    for (const name of [...ACTIVATIONS, null]) {
      for (const withBias of [true, false]) {
        const x = randn([7, 5], dtype).requiresGrad_(), w = randn([5, 3], dtype).requiresGrad_(), b = randn([3], dtype).requiresGrad_();
        const seed = randn([7, 3], dtype);
        const fused = linear(x, w, withBias ? b : null, name ? { name } : undefined);
        fused.mul(seed).sum().backward();
        const grads = [x.grad!, w.grad!, b.grad!];
        [x, w, b].forEach((t) => t.zeroGrad());
        let composed = x.matmul(w);
        if (withBias) composed = composed.add(b);
        if (name) composed = composed.activation(name);
        composed.mul(seed).sum().backward();
        const label = `${name ?? 'no activation'}, ${withBias ? 'bias' : 'no bias'}`;
        assert.deepEqual(Array.from(fused.data), Array.from(composed.data), `${label}: y`);
        assert.deepEqual(Array.from(grads[0].data), Array.from(x.grad!.data), `${label}: dx`);
        // dW and db sum over the rows in another order than the composition's broadcast gradient.
        for (const [got, want, what] of [[grads[1], w.grad!, 'dW'], ...(withBias ? [[grads[2], b.grad!, 'db']] : [])] as [Tensor, Tensor, string][]) {
          got.data.forEach((v, i) => assert.ok(Math.abs(v - want.data[i]) <= (dtype === 'float64' ? 1e-12 : 1e-5) * (1 + Math.abs(want.data[i])), `${label}: ${what}[${i}] ${v} vs ${want.data[i]}`));
        }
        [x, w, b].forEach((t) => t.zeroGrad());
      }
    }
  });
}

for (const name of ACTIVATIONS) {
  test(`gradcheck: linear with ${name}, bias, every input (float64)`, () => {
    const shift = name === 'relu' || name === 'leakyRelu' ? 0.05 : 0; // away from the kink at 0 after rounding
    assert.equal(gradcheck((x, w, b) => linear(x, w, b, { name }), [randn([4, 6]), randn([6, 3]), randn([3]).add(shift)]), true);
  });
}

test('gradcheck: linear without bias or activation, on a 3-D input (float64)', () => {
  assert.equal(gradcheck((x, w) => linear(x, w, null), [randn([2, 3, 4]), randn([4, 5])]), true);
  const y = linear(randn([2, 3, 4]), randn([4, 5]), randn([5]));
  assert.deepEqual(y.shape, [2, 3, 5]);
});

test('linear with activation parameters (leakyRelu slope 0.2) matches the activation op', () => {
  const x = randn([6, 4]), w = randn([4, 4]), b = randn([4]);
  const fused = linear(x, w, b, { name: 'leakyRelu', params: { negativeSlope: 0.2 } });
  const composed = x.matmul(w).add(b).activation('leakyRelu', { negativeSlope: 0.2 });
  assert.deepEqual(Array.from(fused.data), Array.from(composed.data));
  assert.ok(fused.data.some((v) => v < 0), 'some negative outputs, so the slope matters');
});

test('Sequential runs Linear + activation fused, to the same numbers as the modules one by one', () => {
  const net = nn.mlp([5, 8, 8, 3], { activation: 'tanh', generator: new Generator(2), dtype: 'float64' });
  const x = randn([9, 5]);
  const fused = net.call(x);
  let stepwise = x;
  for (const module of net) stepwise = module.call(stepwise);
  assert.deepEqual(Array.from(fused.data), Array.from(stepwise.data));
  const fusedOps: string[] = [];
  for (let node = fused.gradNode; node; node = node.inputs.find((t) => t.gradNode)?.gradNode ?? null) fusedOps.push(node.op);
  assert.ok(fusedOps.includes('linear+tanh'), `the tape holds fused nodes: ${fusedOps.join(', ')}`);
});

test('a Linear subclass with its own forward is never fused away', () => {
  class Doubled extends nn.Linear {
    override forward(x: Tensor): Tensor {
      return super.forward(x).mul(2);
    }
  }
  const layer = new Doubled(3, 2, { generator: new Generator(5), dtype: 'float64' });
  const net = new nn.Sequential(layer, new nn.ReLU());
  const x = randn([4, 3]);
  assert.deepEqual(Array.from(net.call(x).data), Array.from(layer.call(x).relu().data));
});

test('linear names itself and both shapes on bad input', () => {
  assert.throws(() => linear(randn([2, 3]), randn([4, 5]), null), (e: unknown) => e instanceof ShapeError && /linear/.test(e.message) && /\[2, 3\]/.test(e.message) && /\[4, 5\]/.test(e.message));
  assert.throws(() => linear(randn([2, 4]), randn([4, 5]), randn([4])), (e: unknown) => e instanceof ShapeError && /bias/.test(e.message) && /\[4\]/.test(e.message));
  assert.throws(() => linear(randn([2, 4]), randn([4]), null), ShapeError);
  assert.throws(() => linear(randn([2, 4]), randn([4, 3]), null, { name: 'prelu' }), (e: unknown) => e instanceof ArgumentError && /prelu/.test(e.message));
});
