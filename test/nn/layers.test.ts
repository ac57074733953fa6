/**
 * Sequential, Flatten, Dropout and the activation modules (one per entry of the activation table,
 * PReLU with its learnable weight, Softmax and LogSoftmax).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as perceptron from '../../src/index.js';
import {
  activations, arange, array, ArgumentError, Generator, getActivation, manualSeed, nn, normal, ones,
  type Activation, type ActivationParams, type Tensor,
} from '../../src/index.js';
import { fixedActivationNames } from '../../src/activation/table.js';
import { readGolden, type ActivationsGolden } from '../golden/read.js';
import { assertClose } from '../helpers.js';
import { checkParameterGradients } from './check-parameters.js';

// ---- Sequential --------------------------------------------------------------------------------

test('Sequential applies its modules in order and is indexable, iterable and appendable', () => {
  const first = new nn.Linear(3, 4);
  const net = new nn.Sequential(first, new nn.ReLU());
  assert.equal(net.length, 2);
  assert.equal(net[0], first);
  assert.equal(net.at(-1), net[1]);
  const last = new nn.Linear(4, 2);
  assert.equal(net.append(last), net);
  assert.deepEqual([...net], [first, net[1], last]);
  const x = normal([5, 3]);
  assert.deepEqual(net.call(x).toArray(), last.call(first.call(x).relu()).toArray());
  assert.deepEqual(net.namedParameters().map(([n]) => n), ['0.weight', '0.bias', '2.weight', '2.bias']);
  assert.equal(new nn.Sequential().call(x), x, 'an empty Sequential is the identity');
  assert.throws(() => net.at(3), (e: Error) => e instanceof ArgumentError && /index 3 is out of range for 3 modules/.test(e.message));
  assert.throws(() => net.append({} as nn.Module), ArgumentError);
});

// ---- Flatten -----------------------------------------------------------------------------------

test('Flatten keeps the batch axis and merges the rest by default; startDim/endDim choose the axes', () => {
  const images = arange(2 * 28 * 28).reshape(2, 1, 28, 28).requiresGrad_();
  const flat = new nn.Flatten().call(images);
  assert.deepEqual(flat.shape, [2, 784]);
  assert.deepEqual(Array.from(flat.data), Array.from(images.data));
  flat.sum().backward();
  assert.deepEqual(images.grad!.shape, [2, 1, 28, 28]);
  assert.deepEqual(new nn.Flatten(0).call(ones([2, 3, 4])).shape, [24]);
  assert.deepEqual(new nn.Flatten(1, 2).call(ones([2, 3, 4, 5])).shape, [2, 12, 5]);
  assert.throws(() => new nn.Flatten(2, 1).call(ones([2, 3, 4])), /startDim 2 comes after endDim 1/);
  assert.equal(new nn.Flatten().toString(), 'Flatten(startDim=1, endDim=-1)');
});

// ---- Dropout -----------------------------------------------------------------------------------

test('Dropout in evaluation mode, or with p = 0, is the identity', () => {
  const x = normal([10, 10]);
  assert.equal(new nn.Dropout(0.5).eval().call(x), x);
  assert.equal(new nn.Dropout(0).call(x), x);
});

test('Dropout in training zeroes a fraction p and scales the rest by 1/(1 − p)', () => {
  const n = 200_000;
  for (const p of [0.2, 0.5, 0.9]) {
    const x = ones([n], { dtype: 'float64' }).mul(3);
    const y = new nn.Dropout(p, { generator: new Generator(1) }).call(x);
    let zeroed = 0;
    for (const v of y.data) {
      if (v === 0) zeroed++;
      else assert.equal(v, 3 * (1 / (1 - p)));
    }
    // Binomial: standard deviation √(p(1 − p)/n) ≤ 0.0012; allow 5 of them.
    assert.ok(Math.abs(zeroed / n - p) < 5 * Math.sqrt((p * (1 - p)) / n), `p = ${p}: zeroed ${zeroed / n}`);
    const mean = y.mean().item();
    assert.ok(Math.abs(mean - 3) < 0.05, `p = ${p}: the mean stays 3 (got ${mean})`);
  }
});

test("Dropout's gradient is the same mask, scaled; it keeps float32", () => {
  const x = normal([1000]).requiresGrad_();
  const y = new nn.Dropout(0.3).call(x);
  assert.equal(y.dtype, 'float32');
  y.sum().backward();
  for (let i = 0; i < x.size; i++) {
    assert.equal(x.grad!.data[i], y.data[i] === 0 ? 0 : Math.fround(1 / 0.7), `element ${i}`);
  }
});

test('Dropout masks are reproducible from the seed', () => {
  const x = ones([50]);
  const mask = (layer: nn.Dropout) => Array.from(layer.call(x).data);
  assert.deepEqual(mask(new nn.Dropout(0.5, { generator: new Generator(3) })), mask(new nn.Dropout(0.5, { generator: new Generator(3) })));
  manualSeed(9);
  const first = mask(new nn.Dropout(0.5));
  manualSeed(9);
  assert.deepEqual(mask(new nn.Dropout(0.5)), first);
  assert.notDeepEqual(mask(new nn.Dropout(0.5)), first, 'the next call draws a new mask');
});

test('Dropout validates p in [0, 1)', () => {
  for (const p of [-0.1, 1, 1.5, NaN]) {
    assert.throws(() => new nn.Dropout(p), (e: Error) => e instanceof ArgumentError && /p must be in \[0, 1\)/.test(e.message), String(p));
  }
  assert.equal(new nn.Dropout().toString(), 'Dropout(p=0.5)');
});

// ---- activations -------------------------------------------------------------------------------

const points = array([-4, -2.5, -1, -0.3, 0, 0.4, 1, 2.5, 7], { dtype: 'float64' });

/** Options for each entry: none, or, where PyTorch has no default, the first set it was run with. */
const golden = readGolden<ActivationsGolden>('activations.json');
const optionsFor = (a: Activation): ActivationParams =>
  a.required.length === 0 ? {} : golden.cases.find((c) => c.name === a.name)!.params as ActivationParams;

test('every activation of the table has a module class with its PyTorch name, computing the same values', () => {
  assert.deepEqual(Object.keys(nn.activationModules).sort(), Object.keys(activations).sort());
  for (const [name, spec] of Object.entries(activations as Record<string, Activation>)) {
    const options = optionsFor(spec);
    const module = nn.activationModule(name, options);
    const moduleClass = nn.activationModules[name];
    assert.ok(module instanceof moduleClass, name);
    assert.equal(module.typeName, spec.moduleName);
    assert.equal(moduleClass.name, spec.moduleName);
    assert.equal((nn as unknown as Record<string, unknown>)[spec.moduleName], moduleClass, `nn.${spec.moduleName} is exported`);
    const expected = name === 'prelu' ? points.prelu(array([0.25], { dtype: 'float64' })) : points.activation(name, options);
    assertClose(module.call(points).toArray(), expected.toArray(), { label: name });
  }
});

test('every fixed activation is a Tensor method and an op function, the same as x.activation(name)', () => {
  const ops = perceptron as unknown as Record<string, (x: Tensor, options?: ActivationParams) => Tensor>;
  for (const name of fixedActivationNames) {
    const options = optionsFor(getActivation(name));
    const expected = points.activation(name, options).toArray();
    const method = (points as unknown as Record<string, (options?: ActivationParams) => Tensor>)[name];
    assert.deepEqual(method.call(points, options).toArray(), expected, `x.${name}()`);
    assert.deepEqual(ops[name](points, options).toArray(), expected, `${name}(x)`);
  }
});

test('activation methods, functions and classes are typed by the table: wrong options do not compile', () => {
  // Each line below is a type error that tsc must report (else @ts-expect-error itself fails the
  // build); at run time each throws the error resolveParams gives untyped callers.
  // @ts-expect-error negativeSlope is a number
  assert.throws(() => points.leakyRelu({ negativeSlope: '0.2' }), /must be a number/);
  // @ts-expect-error relu takes no options
  assert.throws(() => points.relu({ inplace: 1 }), /takes no options/);
  // @ts-expect-error approximate is 'none' or 'tanh'
  assert.throws(() => new nn.GELU({ approximate: 'fast' }), /must be one of 'none', 'tanh'/);
  // @ts-expect-error Hardtanh has no option min
  assert.throws(() => new nn.Hardtanh({ min: -2 }), /unknown option 'min'/);
  // @ts-expect-error softplus's beta is a number
  assert.throws(() => perceptron.softplus(points, { beta: 'x' }), /must be a number/);
});

test('activation modules take PyTorch options and show them', () => {
  const cases: [nn.Module, Tensor, string][] = [
    [new nn.ReLU(), points.relu(), 'ReLU()'],
    [new nn.LeakyReLU({ negativeSlope: 0.2 }), points.leakyRelu({ negativeSlope: 0.2 }), 'LeakyReLU(negativeSlope=0.2)'],
    [new nn.ELU({ alpha: 0.5 }), points.elu({ alpha: 0.5 }), 'ELU(alpha=0.5)'],
    [new nn.CELU(), points.celu(), 'CELU(alpha=1)'],
    [new nn.GELU({ approximate: 'tanh' }), points.gelu({ approximate: 'tanh' }), "GELU(approximate='tanh')"],
    [new nn.Softplus({ beta: 2 }), points.softplus({ beta: 2 }), 'Softplus(beta=2, threshold=20)'],
    [new nn.Hardtanh({ minVal: -2, maxVal: 2 }), points.hardtanh({ minVal: -2, maxVal: 2 }), 'Hardtanh(minVal=-2, maxVal=2)'],
    [new nn.Softshrink({ lambd: 1 }), points.softshrink({ lambd: 1 }), 'Softshrink(lambd=1)'],
    [new nn.Hardshrink(), points.hardshrink(), 'Hardshrink(lambd=0.5)'],
    [new nn.Activation('silu'), points.silu(), 'SiLU()'],
    [new nn.Activation('leakyRelu', { negativeSlope: 0.3 }), points.leakyRelu({ negativeSlope: 0.3 }), 'LeakyReLU(negativeSlope=0.3)'],
  ];
  for (const [module, expected, repr] of cases) {
    assert.equal(module.toString(), repr);
    assert.deepEqual(module.call(points).toArray(), expected.toArray(), repr);
    assert.equal(module.numParameters(), 0);
  }
  assert.throws(() => new nn.LeakyReLU({ negativeSlope: 'x' as unknown as number }), /negativeSlope/);
  assert.throws(() => nn.activationModule('relu', { alpha: 1 }), /unknown option 'alpha'/);
  assert.throws(() => new nn.Activation('prelu'), (e: Error) => e instanceof ArgumentError && /PReLU/.test(e.message));
});

test('PReLU has a learnable weight: shared, or one per channel (axis 1), starting at init', () => {
  const shared = new nn.PReLU();
  assert.deepEqual(shared.namedParameters().map(([n, p]) => [n, p.toArray()]), [['weight', [0.25]]]);
  assert.equal(shared.toString(), 'PReLU(numParameters=1)');
  const perChannel = new nn.PReLU({ numParameters: 3, init: 0.1, dtype: 'float64' });
  assert.equal(perChannel.numParameters(), 3);
  const x = normal([4, 3, 2], { dtype: 'float64', generator: new Generator(2) });
  perChannel.weight.copy_(array([0.1, -0.5, 2], { dtype: 'float64' }));
  checkParameterGradients(perChannel, () => perChannel.call(x));
  assert.throws(() => new nn.PReLU({ numParameters: 0 }), ArgumentError);
  assert.equal(nn.activationModule('prelu', { weight: 0.05 }).parameters()[0].item(), Math.fround(0.05));
});

test('Softmax and LogSoftmax modules normalise along their dim', () => {
  const x = normal([3, 4]);
  assert.deepEqual(new nn.Softmax().call(x).toArray(), x.softmax(-1).toArray());
  assert.deepEqual(new nn.LogSoftmax(0).call(x).toArray(), x.logSoftmax(0).toArray());
  assertClose(new nn.Softmax(1).call(x).sum(1).toArray(), [1, 1, 1], { atol: 1e-6, label: 'rows sum to 1' });
  assert.equal(new nn.Softmax(1).toString(), 'Softmax(dim=1)');
  assert.equal(new nn.LogSoftmax().toString(), 'LogSoftmax(dim=-1)');
});
