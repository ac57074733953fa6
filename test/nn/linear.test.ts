/**
 * Linear: the in × out layout and its shape contract, PyTorch's numbers given PyTorch's weights
 * (test/golden/nn.json, from scripts/reference/nn.py) through fromTorchLayout, the layout
 * converters, and gradients by gradcheck and finite differences.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, ArgumentError, Generator, gradcheck, nn, normal, ShapeError, type NestedArray } from '../../src/index.js';
import { assertClose } from '../helpers.js';
import { readGolden } from '../golden/read.js';
import { checkParameterGradients } from './check-parameters.js';

interface LinearCase {
  name: string;
  dtype: 'float64' | 'float32';
  inFeatures: number;
  outFeatures: number;
  bias: boolean;
  torchState: Record<string, NestedArray>;
  x: NestedArray;
  y: NestedArray;
  shape: number[];
  weight: NestedArray;
  xGrad: NestedArray;
  torchGrads: Record<string, NestedArray>;
}
const golden = readGolden<{ linear: LinearCase[] }>('nn.json');
const TOLERANCE = { float64: { atol: 1e-12, rtol: 1e-12 }, float32: { atol: 1e-6, rtol: 1e-6 } };

for (const c of golden.linear) {
  test(`Linear ${c.name} (${c.dtype}) matches torch.nn.Linear given the same (transposed) weights`, () => {
    const layer = new nn.Linear(c.inFeatures, c.outFeatures, { bias: c.bias, dtype: c.dtype });
    const torchState = new Map(Object.entries(c.torchState).map(([k, v]) => [k, array(v, { dtype: c.dtype })]));
    layer.loadStateDict(nn.fromTorchLayout(layer, torchState));
    const x = array(c.x, { dtype: c.dtype }).requiresGrad_();
    const y = layer.call(x);
    const tolerance = TOLERANCE[c.dtype];
    assert.deepEqual(y.shape, c.shape);
    assertClose(y.toArray(), c.y, { ...tolerance, label: 'y' });
    y.mul(array(c.weight, { dtype: c.dtype })).sum().backward();
    assertClose(x.grad!.toArray(), c.xGrad, { ...tolerance, label: 'dx' });
    // Our weight gradient is in × out: transposed, it is PyTorch's.
    assertClose(layer.weight.grad!.T.toArray(), c.torchGrads.weight, { ...tolerance, label: 'dW' });
    if (c.bias) assertClose(layer.bias!.grad!.toArray(), c.torchGrads.bias, { ...tolerance, label: 'db' });
    assert.deepEqual(Object.keys(c.torchGrads).sort(), layer.namedParameters().map(([n]) => n).sort());
  });
}

test('the weight is in × out and y = x·W + b, for (*, in) inputs of any rank', () => {
  const layer = new nn.Linear(3, 2);
  assert.deepEqual(layer.weight.shape, [3, 2]);
  assert.deepEqual(layer.bias!.shape, [2]);
  layer.loadStateDict({ weight: array([[1, 0], [0, 1], [1, 1]]), bias: array([10, 20]) });
  assert.deepEqual(layer.call(array([1, 2, 3])).toArray(), [14, 25]);
  assert.deepEqual(layer.call(array([[1, 2, 3], [0, 0, 1]])).toArray(), [[14, 25], [11, 21]]);
  assert.deepEqual(layer.call(normal([4, 5, 3])).shape, [4, 5, 2]);
});

test("a wrong input width is a ShapeError naming Linear and both shapes", () => {
  const layer = new nn.Linear(784, 256);
  assert.throws(
    () => layer.call(normal([8, 28, 28])),
    (e: Error) => e instanceof ShapeError && /^Linear:/.test(e.message) && /\[8, 28, 28\] and \[784, 256\]/.test(e.message) && /784/.test(e.message),
  );
  assert.throws(() => layer.call(array(1)), ShapeError);
});

test('Linear validates its sizes; bias: false leaves no bias parameter', () => {
  assert.throws(() => new nn.Linear(0, 3), (e: Error) => e instanceof ArgumentError && /inFeatures/.test(e.message));
  assert.throws(() => new nn.Linear(3, 2.5), (e: Error) => e instanceof ArgumentError && /outFeatures/.test(e.message));
  const layer = new nn.Linear(3, 2, { bias: false });
  assert.equal(layer.bias, null);
  assert.deepEqual(layer.namedParameters().map(([n]) => n), ['weight']);
  assert.equal(layer.toString(), 'Linear(inFeatures=3, outFeatures=2, bias=false)');
});

test('dtype, generator and init options: float64 parameters, reproducible draws, the scheme chosen', () => {
  const a = new nn.Linear(5, 4, { dtype: 'float64', generator: new Generator(9) });
  const b = new nn.Linear(5, 4, { dtype: 'float64', generator: new Generator(9) });
  assert.equal(a.weight.dtype, 'float64');
  assert.deepEqual(a.weight.toArray(), b.weight.toArray());
  assert.deepEqual(a.bias!.toArray(), b.bias!.toArray());
  const book = new nn.Linear(5, 4, { init: 'normal:0.01' });
  assert.ok(book.bias!.data.every((v) => v === 0));
  assert.ok(book.weight.data.some((v) => v !== 0));
  const zeroed = new nn.Linear(5, 4).resetParameters('zeros');
  assert.ok(zeroed.weight.data.every((v) => v === 0));
});

test('toTorchLayout transposes Linear weights to out × in; fromTorchLayout undoes it', () => {
  const net = nn.mlp([6, 5, 3], { generator: new Generator(1) });
  const torchState = nn.toTorchLayout(net);
  assert.deepEqual([...torchState.keys()], ['0.weight', '0.bias', '2.weight', '2.bias']);
  assert.deepEqual(torchState.get('0.weight')!.shape, [5, 6]);
  assert.deepEqual(torchState.get('0.weight')!.toArray(), (net[0] as nn.Linear).weight.T.toArray());
  assert.deepEqual(torchState.get('0.bias')!.toArray(), (net[0] as nn.Linear).bias!.toArray());
  const copy = nn.mlp([6, 5, 3], { generator: new Generator(2) });
  copy.loadStateDict(nn.fromTorchLayout(net, torchState));
  const x = normal([2, 6]);
  assert.deepEqual(copy.call(x).toArray(), net.call(x).toArray());
});

test('fromTorchLayout refuses a weight that is not out × in (our layout passed by mistake)', () => {
  const layer = new nn.Linear(4, 3);
  assert.throws(
    () => nn.fromTorchLayout(layer, layer.stateDict()),
    (e: Error) => e instanceof ShapeError && /^fromTorchLayout:/.test(e.message) && /\[3, 4\] and \[4, 3\]/.test(e.message),
  );
});

test('gradcheck: Linear forward with respect to its input; finite differences for its parameters', () => {
  const generator = new Generator(5);
  const layer = new nn.Linear(4, 3, { dtype: 'float64', generator });
  const x = normal([5, 4], { dtype: 'float64', generator });
  assert.equal(gradcheck((input) => layer.call(input), [x]), true);
  assert.equal(gradcheck((input) => layer.call(input), [normal([2, 3, 4], { dtype: 'float64', generator })]), true);
  checkParameterGradients(layer, () => layer.call(x));
  const noBias = new nn.Linear(4, 2, { bias: false, dtype: 'float64', generator });
  checkParameterGradients(noBias, () => noBias.call(x).tanh());
});
