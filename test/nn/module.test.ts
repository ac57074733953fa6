/**
 * Module: discovery of parameters and children from fields, dotted names, modes, gradients,
 * state dicts (round trip and every error), the PyTorch-style summary; Parameter itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, ArgumentError, DTypeError, Generator, nn, ones, ShapeError, type Tensor } from '../../src/index.js';

const generator = new Generator(11);

class Block extends nn.Module {
  scale = new nn.Parameter(ones([1]));
  hidden = new nn.Linear(3, 4, { generator });
  out = new nn.Linear(4, 2, { generator });
  /** Not registered: a plain tensor, an array of modules, a number. */
  notAParameter = ones([2]).requiresGrad_();
  notChildren = [new nn.Linear(2, 2)];
  width = 4;

  forward(x: Tensor): Tensor {
    return this.out.call(this.hidden.call(x).relu()).mul(this.scale);
  }
}

class Net extends nn.Module {
  block = new Block();
  dropout = new nn.Dropout(0.5);
  head = new nn.Sequential(new nn.Linear(2, 2, { generator }), new nn.Tanh());

  forward(x: Tensor): Tensor {
    return this.head.call(this.dropout.call(this.block.call(x)));
  }
}

test('parameters are discovered from fields, own first, then children depth first, with dotted names', () => {
  const net = new Net();
  assert.deepEqual(
    net.namedParameters().map(([name]) => name),
    ['block.scale', 'block.hidden.weight', 'block.hidden.bias', 'block.out.weight', 'block.out.bias', 'head.0.weight', 'head.0.bias'],
  );
  assert.equal(net.parameters()[1], net.block.hidden.weight);
  assert.ok(net.parameters().every((p) => p instanceof nn.Parameter));
  assert.equal(net.numParameters(), 1 + 12 + 4 + 8 + 2 + 4 + 2);
  assert.deepEqual(net.namedChildren().map(([name]) => name), ['block', 'dropout', 'head']);
  assert.deepEqual(net.children(), [net.block, net.dropout, net.head]);
  assert.deepEqual(
    net.namedModules().map(([name, m]) => `${name}:${m.typeName}`),
    [':Net', 'block:Block', 'block.hidden:Linear', 'block.out:Linear', 'dropout:Dropout', 'head:Sequential', 'head.0:Linear', 'head.1:Tanh'],
  );
});

test('a parameter or module reachable twice is listed once, under its first name', () => {
  class Tied extends nn.Module {
    encoder = new nn.Linear(3, 3, { generator });
    decoder = this.encoder;
    extra = new nn.Linear(3, 3, { generator });
    forward(x: Tensor): Tensor {
      return this.decoder.call(this.encoder.call(x));
    }
  }
  const tied = new Tied();
  tied.extra.weight = tied.encoder.weight;
  assert.deepEqual(tied.namedParameters().map(([name]) => name), ['encoder.weight', 'encoder.bias', 'extra.bias']);
  assert.equal(tied.modules().length, 3);
});

test('train() and eval() set the mode of every module below; Dropout follows it', () => {
  const net = new Net();
  assert.ok(net.modules().every((m) => m.training));
  assert.equal(net.eval(), net);
  assert.ok(net.modules().every((m) => !m.training));
  const x = array([[1, -2, 0.5]]);
  assert.deepEqual(net.call(x).toArray(), net.call(x).toArray(), 'no dropout in eval mode');
  net.train();
  assert.ok(net.modules().every((m) => m.training));
  net.train(false);
  assert.ok(!net.block.out.training);
});

test('zeroGrad drops every parameter gradient (PyTorch ≥ 2.0), or zeroes them with setToNone: false', () => {
  const net = new Net().eval();
  const backward = () => net.call(array([[1, 2, 3]])).sum().backward();
  backward();
  assert.ok(net.parameters().every((p) => p.grad !== null));
  assert.ok(net.parameters().some((p) => p.grad!.data.some((v) => v !== 0)));
  net.zeroGrad({ setToNone: false });
  assert.ok(net.parameters().every((p) => p.grad !== null && p.grad.data.every((v) => v === 0)));
  backward();
  net.zeroGrad();
  assert.ok(net.parameters().every((p) => p.grad === null));
});

test('gradients accumulate across backward() calls until zeroGrad, as in PyTorch', () => {
  const layer = new nn.Linear(2, 1, { generator });
  const x = array([[1, 2]]);
  layer.call(x).sum().backward();
  layer.call(x).sum().backward();
  assert.deepEqual(Array.from(layer.weight.grad!.data), [2, 4]);
});

test('stateDict → loadStateDict round trip gives another module the same parameters and outputs', () => {
  const a = new Net().eval();
  const b = new Net().eval();
  const x = array([[0.3, -1, 2]]);
  assert.notDeepEqual(a.call(x).toArray(), b.call(x).toArray());
  const state = a.stateDict();
  assert.deepEqual([...state.keys()], a.namedParameters().map(([name]) => name));
  const weightBefore = b.block.hidden.weight;
  assert.deepEqual(b.loadStateDict(state), { missingKeys: [], unexpectedKeys: [] });
  assert.equal(b.block.hidden.weight, weightBefore, 'parameters are overwritten in place, not replaced');
  assert.deepEqual(b.call(x).toArray(), a.call(x).toArray());
  for (const [name, value] of state) assert.deepEqual(b.stateDict().get(name)!.toArray(), value.toArray(), name);
  // A plain record works as well (a checkpoint read from JSON).
  const c = new Net().eval();
  c.loadStateDict(Object.fromEntries(a.stateDict()));
  assert.deepEqual(c.call(x).toArray(), a.call(x).toArray());
});

test("stateDict tensors are detached and share the parameters' storage", () => {
  const layer = new nn.Linear(2, 2, { generator });
  const weight = layer.stateDict().get('weight')!;
  assert.ok(!weight.requiresGrad && !(weight instanceof nn.Parameter));
  layer.weight.data[0] = 42;
  assert.equal(weight.data[0], 42);
});

test('loadStateDict: a wrong shape is a ShapeError naming the parameter and both shapes; nothing is copied', () => {
  const net = new Net();
  const before = net.stateDict().get('block.scale')!.clone();
  const state = net.stateDict();
  state.set('block.scale', array([5]));
  state.set('block.hidden.weight', ones([4, 3]));
  assert.throws(
    () => net.loadStateDict(state),
    (e: Error) => e instanceof ShapeError && /'block.hidden.weight'/.test(e.message) && /\[3, 4\] and \[4, 3\]/.test(e.message),
  );
  assert.deepEqual(net.block.scale.toArray(), before.toArray());
});

test('loadStateDict: missing and unknown names are an ArgumentError listing them', () => {
  const net = new Net();
  const missing = net.stateDict();
  missing.delete('head.0.bias');
  assert.throws(() => net.loadStateDict(missing), (e: Error) => e instanceof ArgumentError && /missing 'head.0.bias'/.test(e.message));
  const unknown = net.stateDict();
  unknown.set('head.2.weight', ones([2]));
  assert.throws(
    () => net.loadStateDict(unknown),
    (e: Error) => e instanceof ArgumentError && /unexpected 'head.2.weight'/.test(e.message) && /'block.scale'/.test(e.message),
  );
});

test("loadStateDict({ strict: false }) loads the names that match and returns the others, as PyTorch's _IncompatibleKeys", () => {
  const source = new Net();
  const target = new Net();
  const state = source.stateDict();
  state.delete('head.0.bias');
  state.set('head.9.weight', ones([2]));
  const biasBefore = target.stateDict().get('head.0.bias')!.clone();
  assert.deepEqual(target.loadStateDict(state, { strict: false }), { missingKeys: ['head.0.bias'], unexpectedKeys: ['head.9.weight'] });
  assert.deepEqual(target.stateDict().get('block.hidden.weight')!.toArray(), source.stateDict().get('block.hidden.weight')!.toArray());
  assert.deepEqual(target.stateDict().get('head.0.bias')!.toArray(), biasBefore.toArray(), 'a missing parameter is left as it was');
  // Not strict still checks shapes, naming the parameter and both shapes.
  state.set('block.hidden.weight', ones([4, 3]));
  assert.throws(() => target.loadStateDict(state, { strict: false }), (e: Error) => e instanceof ShapeError && /'block.hidden.weight'/.test(e.message) && /\[3, 4\] and \[4, 3\]/.test(e.message));
});

test('loadStateDict casts values to the parameter dtype', () => {
  const layer = new nn.Linear(2, 1, { generator });
  layer.loadStateDict({ weight: array([[0.1], [0.2]], { dtype: 'float64' }), bias: array([1], { dtype: 'float64' }) });
  assert.equal(layer.weight.dtype, 'float32');
  assert.deepEqual(Array.from(layer.weight.data), [Math.fround(0.1), Math.fround(0.2)]);
});

test('toString is a PyTorch-style summary, nested children indented', () => {
  assert.equal(
    new Net().toString(),
    [
      'Net(',
      '  (block): Block(',
      '    (hidden): Linear(inFeatures=3, outFeatures=4, bias=true)',
      '    (out): Linear(inFeatures=4, outFeatures=2, bias=true)',
      '  )',
      '  (dropout): Dropout(p=0.5)',
      '  (head): Sequential(',
      '    (0): Linear(inFeatures=2, outFeatures=2, bias=true)',
      '    (1): Tanh()',
      '  )',
      ')',
    ].join('\n'),
  );
});

test('apply visits children before their parent', () => {
  const visited: string[] = [];
  new Net().apply((m) => visited.push(m.typeName));
  assert.deepEqual(visited, ['Linear', 'Linear', 'Block', 'Dropout', 'Linear', 'Tanh', 'Sequential', 'Net']);
});

test('Parameter: a leaf that requires a gradient and accumulates it; float only; printed as such', () => {
  const p = new nn.Parameter(array([1, 2]));
  assert.ok(p.requiresGrad && p.isLeaf);
  assert.equal(p.gradReq, 'add');
  assert.match(p.toString(), /^Parameter containing:\ntensor\(\[1\., 2\.\]/);
  assert.throws(() => new nn.Parameter(array([1], { dtype: 'int32' })), DTypeError);
});
