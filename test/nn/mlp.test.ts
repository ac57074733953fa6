/**
 * mlp(): the chapter's network and deeper ones, their structure, parameter count, options, and a
 * PyTorch nn.Sequential with the same weights giving the same logits, loss and gradients.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, ArgumentError, Generator, gradcheck, manualSeed, nn, normal, UnknownActivationError, type NestedArray } from '../../src/index.js';
import { assertClose } from '../helpers.js';
import { readGolden } from '../golden/read.js';
import { checkParameterGradients } from './check-parameters.js';

interface MlpCase {
  dtype: 'float64' | 'float32';
  sizes: number[];
  torchState: Record<string, NestedArray>;
  x: NestedArray;
  labels: number[];
  logits: NestedArray;
  loss: number;
  xGrad: NestedArray;
  torchGrads: Record<string, NestedArray>;
}
const golden = readGolden<{ mlp: MlpCase[] }>('nn.json');

test("mlp([784, 256, 10]) is the chapter's network: Linear, ReLU, Linear, 203,530 parameters", () => {
  const net = nn.mlp([784, 256, 10]);
  assert.equal(
    net.toString(),
    'Sequential(\n  (0): Linear(inFeatures=784, outFeatures=256, bias=true)\n  (1): ReLU()\n  (2): Linear(inFeatures=256, outFeatures=10, bias=true)\n)',
  );
  assert.equal(net.numParameters(), 203530);
  assert.deepEqual(
    net.namedParameters().map(([name, p]) => `${name} [${p.shape.join(', ')}]`),
    ['0.weight [784, 256]', '0.bias [256]', '2.weight [256, 10]', '2.bias [10]'],
  );
  assert.ok(net[0] instanceof nn.Linear && net[1] instanceof nn.ReLU && net[2] instanceof nn.Linear);
  assert.deepEqual(net.call(normal([3, 784])).shape, [3, 10]);
});

test('any depth and widths: an activation between layers, none after the last', () => {
  const net = nn.mlp([5, 8, 7, 6, 2], { activation: 'tanh' });
  assert.deepEqual(net.children().map((m) => m.typeName), ['Linear', 'Tanh', 'Linear', 'Tanh', 'Linear', 'Tanh', 'Linear']);
  assert.deepEqual(
    (net.children().filter((m) => m instanceof nn.Linear) as nn.Linear[]).map((l) => [l.inFeatures, l.outFeatures]),
    [[5, 8], [8, 7], [7, 6], [6, 2]],
  );
  assert.equal(net.numParameters(), 5 * 8 + 8 + 8 * 7 + 7 + 7 * 6 + 6 + 6 * 2 + 2);
  assert.deepEqual(nn.mlp([3, 2]).children().map((m) => m.typeName), ['Linear'], 'no hidden layer: one Linear');
});

test('dropout after each hidden activation: one probability for all or one per layer; 0 adds none', () => {
  const same = nn.mlp([4, 3, 3, 2], { dropout: 0.3 });
  assert.deepEqual(same.children().map((m) => m.toString()).filter((s) => s.startsWith('Dropout')), ['Dropout(p=0.3)', 'Dropout(p=0.3)']);
  const book = nn.mlp([784, 256, 256, 10], { dropout: [0.2, 0.5] });
  assert.deepEqual(book.children().map((m) => m.typeName), ['Linear', 'ReLU', 'Dropout', 'Linear', 'ReLU', 'Dropout', 'Linear']);
  assert.deepEqual([(book[2] as nn.Dropout).p, (book[5] as nn.Dropout).p], [0.2, 0.5]);
  assert.deepEqual(nn.mlp([4, 3, 3, 2], { dropout: [0, 0.5] }).children().map((m) => m.typeName), ['Linear', 'ReLU', 'Linear', 'ReLU', 'Dropout', 'Linear']);
  assert.throws(() => nn.mlp([4, 3, 2], { dropout: [0.1, 0.2] }), (e: Error) => e instanceof ArgumentError && /2 probabilities for 1 hidden layer/.test(e.message));
  assert.throws(() => nn.mlp([4, 3, 2], { dropout: 1 }), /Dropout: p must be in \[0, 1\)/);
});

test('activation options, learnable PReLU, bias, init and dtype reach every layer', () => {
  const leaky = nn.mlp([4, 3, 2], { activation: 'leakyRelu', activationParams: { negativeSlope: 0.2 } });
  assert.equal(leaky[1].toString(), 'LeakyReLU(negativeSlope=0.2)');
  const prelu = nn.mlp([4, 3, 3, 2], { activation: 'prelu', activationParams: { weight: 0.1 }, dtype: 'float64', bias: false });
  assert.deepEqual(prelu.namedParameters().map(([n]) => n), ['0.weight', '1.weight', '2.weight', '3.weight', '4.weight']);
  assert.ok(prelu[1] instanceof nn.PReLU);
  assert.equal(prelu.parameters().every((p) => p.dtype === 'float64'), true);
  assert.deepEqual((prelu[1] as nn.PReLU).weight.toArray(), [0.1]);
  const zeros = nn.mlp([4, 3, 2], { init: 'zeros' });
  assert.ok(zeros.parameters().every((p) => p.data.every((v) => v === 0)));
});

test('mlp errors: too few or invalid sizes; an unknown activation suggests the right name', () => {
  assert.throws(() => nn.mlp([784]), (e: Error) => e instanceof ArgumentError && /\[784\]/.test(e.message));
  assert.throws(() => nn.mlp([784, 0, 10]), ArgumentError);
  assert.throws(() => nn.mlp([4, 2], { activation: 'leaky_relu' }), (e: Error) => e instanceof UnknownActivationError && /leakyRelu/.test(e.message));
  assert.throws(() => nn.mlp([4, 3, 2], { activation: 'relu', activationParams: { alpha: 1 } }), /unknown option 'alpha'/);
});

test('the same seed gives the same network; another seed another one', () => {
  const state = (net: nn.Sequential) => [...net.stateDict().values()].map((t) => Array.from(t.data));
  manualSeed(123);
  const a = state(nn.mlp([6, 5, 3]));
  manualSeed(123);
  const b = state(nn.mlp([6, 5, 3]));
  manualSeed(124);
  const c = state(nn.mlp([6, 5, 3]));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.deepEqual(state(nn.mlp([6, 5, 3], { generator: new Generator(4) })), state(nn.mlp([6, 5, 3], { generator: new Generator(4) })));
});

for (const c of golden.mlp) {
  test(`mlp(${JSON.stringify(c.sizes)}) (${c.dtype}) with PyTorch's weights gives PyTorch's logits, loss and gradients`, () => {
    const net = nn.mlp(c.sizes, { dtype: c.dtype });
    const torchState = new Map(Object.entries(c.torchState).map(([k, v]) => [k, array(v, { dtype: c.dtype })]));
    net.loadStateDict(nn.fromTorchLayout(net, torchState));
    const x = array(c.x, { dtype: c.dtype }).requiresGrad_();
    const logits = net.call(x);
    const loss = nn.softmaxCrossEntropy(logits, array(c.labels, { dtype: 'int32' }));
    const tolerance = c.dtype === 'float64' ? { atol: 1e-12, rtol: 1e-12 } : { atol: 1e-6, rtol: 1e-6 };
    assertClose(logits.toArray(), c.logits, { ...tolerance, label: 'logits' });
    assertClose(loss.item(), c.loss, { ...tolerance, label: 'loss' });
    loss.backward();
    assertClose(x.grad!.toArray(), c.xGrad, { ...tolerance, label: 'dx' });
    const grads = new Map(net.namedParameters().map(([name, p]) => [name, p.grad!.detach()]));
    const torchLayoutGrads = nn.fromTorchLayout(net, new Map(Object.entries(c.torchGrads).map(([k, v]) => [k, array(v, { dtype: c.dtype })])));
    assert.deepEqual([...torchLayoutGrads.keys()].sort(), [...grads.keys()].sort());
    for (const [name, expected] of torchLayoutGrads) assertClose(grads.get(name)!.toArray(), expected.toArray(), { ...tolerance, label: `d${name}` });
  });
}

test('gradcheck: mlp forward with respect to its input; finite differences for all its parameters', () => {
  const generator = new Generator(8);
  const net = nn.mlp([4, 5, 3, 2], { activation: 'tanh', dtype: 'float64', generator });
  const x = normal([3, 4], { dtype: 'float64', generator });
  assert.equal(gradcheck((input) => net.call(input), [x]), true);
  const labels = array([1, 0, 1], { dtype: 'int32' });
  checkParameterGradients(net, () => nn.softmaxCrossEntropy(net.call(x), labels));
});

test('an mlp trained by plain SGD on the cross-entropy learns XOR', () => {
  const net = nn.mlp([2, 8, 2], { activation: 'tanh', generator: new Generator(0) });
  const x = array([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const labels = array([0, 1, 1, 0], { dtype: 'int32' });
  const initialLoss = nn.softmaxCrossEntropy(net.call(x), labels).item();
  for (let step = 0; step < 500; step++) {
    net.zeroGrad();
    nn.softmaxCrossEntropy(net.call(x), labels).backward();
    for (const p of net.parameters()) p.copy_(p.sub(p.grad!.mul(0.5)));
  }
  const logits = net.call(x);
  assert.equal(nn.accuracy(logits, labels), 1);
  assert.ok(nn.softmaxCrossEntropy(logits, labels).item() < 0.1 * initialLoss);
});
