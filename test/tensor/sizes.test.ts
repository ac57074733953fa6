/**
 * PyTorch's ways of giving a size, which plain JavaScript would otherwise misread silently:
 * variadic sizes (`randn(2, 3)`) or one shape (`randn([2, 3])`), an options object last; and
 * `flatten(startDim = 0, endDim = -1)`. Anything else is an ArgumentError naming the op and what came.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, arange, Generator, nn, normal, ones, rand, randint, randn, uniform, zeros, type Tensor } from '../../src/index.js';

type Creator = (...args: unknown[]) => Tensor;
const creators = { zeros, ones, randn, rand } as unknown as Record<string, Creator>;

test('zeros, ones, randn and rand take variadic sizes or one shape, with an options object last', () => {
  for (const [name, create] of Object.entries(creators)) {
    assert.deepEqual(create(2, 3).shape, [2, 3], `${name}(2, 3)`);
    assert.deepEqual(create([2, 3]).shape, [2, 3], `${name}([2, 3])`);
    assert.deepEqual(create(4).shape, [4], `${name}(4)`);
    assert.deepEqual(create([]).shape, [], `${name}([])`);
    const wide = create(2, 3, 4, { dtype: 'float64' });
    assert.deepEqual([wide.shape, wide.dtype], [[2, 3, 4], 'float64'], `${name}(2, 3, 4, {dtype})`);
    assert.equal(create([5], { dtype: 'float64' }).dtype, 'float64', `${name}([5], {dtype})`);
  }
  assert.deepEqual(zeros(2, 3).toArray(), [[0, 0, 0], [0, 0, 0]]);
  assert.deepEqual(ones(1, 2).toArray(), [[1, 1]]);
});

test('randn(2, 3) and randn([2, 3]) draw the same numbers from the same generator', () => {
  assert.deepEqual(randn(2, 3, { generator: new Generator(7) }).toArray(), randn([2, 3], { generator: new Generator(7) }).toArray());
  assert.deepEqual(rand(2, 3, { generator: new Generator(7) }).toArray(), rand([2, 3], { generator: new Generator(7) }).toArray());
});

test('ambiguous sizes are an ArgumentError naming the op and what was given', () => {
  const rejects = (name: string, args: unknown[], given: string) =>
    assert.throws(
      () => creators[name](...args),
      (e: Error) => e instanceof ArgumentError && e.message.startsWith(`${name}:`) && e.message.includes(given),
      `${name}(${given})`,
    );
  rejects('randn', [[2, 3], 4], '([2, 3], 4)');
  rejects('randn', [2, [3]], '(2, [3])');
  rejects('zeros', [2, '3'], '(2, "3")');
  rejects('ones', [[2], [3]], '([2], [3])');
  rejects('rand', [2, { dtype: 'float64' }, 3], '(2, {"dtype":"float64"}, 3)');
  rejects('zeros', [], '()');
  rejects('zeros', [null], '(null)');
});

test('normal, uniform and randint refuse a second size where their options belong', () => {
  const loose = { normal, uniform } as unknown as Record<string, Creator>;
  for (const [name, create] of Object.entries(loose)) {
    assert.throws(() => create(2, 3), (e: Error) => e instanceof ArgumentError && e.message.startsWith(`${name}:`) && e.message.includes('3'));
    assert.deepEqual(create([2, 3], {}).shape, [2, 3]);
  }
  assert.throws(
    () => (randint as unknown as Creator)(0, 5, 2, 3),
    (e: Error) => e instanceof ArgumentError && e.message.startsWith('randint:'),
  );
});

test('flatten(startDim = 0, endDim = -1) merges the axes from startDim to endDim, as torch.flatten', () => {
  const x = arange(24).reshape(2, 3, 4);
  assert.deepEqual(x.flatten().shape, [24]);
  assert.deepEqual(x.flatten(1).shape, [2, 12]);
  assert.deepEqual(x.flatten(0, 1).shape, [6, 4]);
  assert.deepEqual(x.flatten(-2).shape, [2, 12]);
  assert.deepEqual(x.flatten(1, 1).shape, [2, 3, 4]);
  assert.deepEqual(x.flatten(1).toArray(), [Array.from({ length: 12 }, (_, i) => i), Array.from({ length: 12 }, (_, i) => 12 + i)]);
  assert.deepEqual(arange(1).reshape([]).flatten().shape, [1], 'a 0-d tensor flattens to one element, as in PyTorch');
});

test('flatten keeps the gradient flowing back to the original shape', () => {
  const x = ones([2, 3, 4]).requiresGrad_();
  x.flatten(1).mul(arange(12)).sum().backward();
  assert.deepEqual(x.grad!.shape, [2, 3, 4]);
  assert.deepEqual(x.grad!.toArray(), [0, 1].map(() => [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => 4 * r + c))));
});

test('flatten with startDim after endDim or an axis out of range is an ArgumentError naming flatten', () => {
  const x = ones([2, 3, 4]);
  assert.throws(() => x.flatten(2, 1), (e: Error) => e instanceof ArgumentError && /^flatten: startDim 2 comes after endDim 1/.test(e.message));
  assert.throws(() => x.flatten(3), (e: Error) => e instanceof ArgumentError && /^flatten: axis 3 is out of range/.test(e.message));
  assert.throws(() => x.flatten(0.5), (e: Error) => e instanceof ArgumentError && /^flatten:/.test(e.message));
});

test('nn.Flatten(startDim = 1, endDim = -1) is Tensor.flatten with the batch axis kept', () => {
  const x = arange(120).reshape(2, 3, 4, 5);
  assert.deepEqual(new nn.Flatten().call(x).toArray(), x.flatten(1).toArray());
  assert.deepEqual(new nn.Flatten(1, 2).call(x).shape, x.flatten(1, 2).shape);
  assert.deepEqual(new nn.Flatten(0).call(x).shape, [120]);
});
