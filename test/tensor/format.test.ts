/** Printing tensors: PyTorch's summarised form, bounded in the elements it reads whatever the size. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { formatTensor } from '../../src/tensor/format.js';
import type { Tensor } from '../../src/index.js';

/**
 * A stand-in for a tensor of any shape, without storage: element i reads as `value(i)`, and
 * every element read is counted, so a test can bound the formatter's work by its structure.
 */
function countingTensor(shape: number[], value: (i: number) => number = () => 0): { tensor: Tensor; reads: () => number } {
  let reads = 0;
  const data = new Proxy({} as Record<string | symbol, unknown>, {
    get(_target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) {
        reads++;
        return value(Number(key));
      }
      if (key === 'length') return shape.reduce((p, q) => p * q, 1);
      return undefined;
    },
  });
  const size = shape.reduce((p, q) => p * q, 1);
  const tensor = { data, shape, dtype: 'float32', size, ndim: shape.length, gradNode: null, requiresGrad: false } as unknown as Tensor;
  return { tensor, reads: () => reads };
}

test('a tensor of 2³¹ elements prints its first and last three, reading only those', () => {
  const { tensor, reads } = countingTensor([2 ** 31], (i) => i % 10);
  assert.equal(formatTensor(tensor), 'tensor([0., 1., 2., ..., 5., 6., 7.], shape=[2147483648])');
  assert.ok(reads() <= 2 * 6, `${reads()} elements read`);
});

test('a 2⁴⁰-element matrix prints a 6×6 summary, reading at most its 36 shown elements twice', () => {
  const { tensor, reads } = countingTensor([2 ** 20, 2 ** 20], () => 1);
  const row = '[1., 1., 1., ..., 1., 1., 1.]';
  const expected = `tensor([${[row, row, row, '...', row, row, row].join(',\n        ')}], shape=[1048576, 1048576])`;
  assert.equal(formatTensor(tensor), expected);
  assert.ok(reads() <= 2 * 36, `${reads()} elements read`);
});

test('a tensor of many short axes (2²⁰ elements over 20 axes) is summarised too: at most 10,000 elements shown', () => {
  const { tensor, reads } = countingTensor(Array(20).fill(2));
  const text = formatTensor(tensor);
  assert.ok(reads() <= 2 * 10_000, `${reads()} elements read (the tensor has ${2 ** 20})`);
  assert.match(text, /\.\.\./);
  assert.match(text, /shape=\[2(, 2){19}\]\)$/);
  const shown = text.match(/0\./g)?.length ?? 0;
  assert.ok(shown > 0 && shown <= 10_000, `${shown} values shown`);
});

test('an empty tensor with a huge axis prints without walking that axis', () => {
  const { tensor, reads } = countingTensor([0, 2 ** 31]);
  assert.equal(formatTensor(tensor), 'tensor([])');
  assert.equal(reads(), 0);
});

test('console.log of a 2²⁵-element tensor prints its summary in a 64 MB JavaScript heap', () => {
  const main = fileURLToPath(new URL('../../src/index.js', import.meta.url));
  const script = `import { zeros } from ${JSON.stringify(main)}; console.log(zeros([2 ** 25]));`;
  const result = spawnSync(process.execPath, ['--max-old-space-size=64', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, PERCEPTRON_BACKEND: 'js' },
  });
  assert.equal(result.stderr, '');
  assert.equal(result.status, 0);
  assert.equal(result.stdout, 'tensor([0., 0., 0., ..., 0., 0., 0.], shape=[33554432])\n');
});
