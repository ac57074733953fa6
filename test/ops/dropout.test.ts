/**
 * The fused dropout op against its definition: the same mask as uniform(shape) ≥ p drawn from an
 * equal generator, scaled by 1/(1 − p), leaving the generator in the same state; the gradient by
 * gradcheck (a fresh generator per call makes the function deterministic).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, dropout, Generator, gradcheck, normal, uniform } from '../../src/index.js';

for (const dtype of ['float32', 'float64'] as const) {
  test(`dropout equals x · (uniform ≥ p) / (1 − p) from the same stream, state included (${dtype})`, () => {
    for (const [shape, p] of [[[37, 11], 0.2], [[5], 0.5], [[0, 3], 0.3], [[64, 129], 0.9], [[3, 4], 0]] as [number[], number][]) {
      const x = normal(shape, { dtype, generator: new Generator(1) });
      const ours = new Generator(42), reference = new Generator(42);
      const y = dropout(x, p, ours);
      const expected = x.mul(uniform(shape, { dtype, generator: reference }).ge(p).mul(1 / (1 - p)));
      assert.deepEqual(Array.from(y.data), Array.from(expected.data), `${shape} p=${p}`);
      assert.deepEqual(ours.getState(), reference.getState(), `generator state after ${shape} p=${p}`);
      if (x.size > 1000) {
        const kept = y.data.filter((v) => v !== 0).length / x.size;
        assert.ok(Math.abs(kept - (1 - p)) < 0.03, `about 1 − p kept: ${kept}`);
      }
    }
  });
}

test('gradcheck: dropout (float64), the gradient being dy · mask', () => {
  assert.equal(gradcheck((x) => dropout(x, 0.4, new Generator(7)), [normal([6, 5], { dtype: 'float64', generator: new Generator(3) })]), true);
  const x = normal([8], { generator: new Generator(4) }).requiresGrad_();
  const y = dropout(x, 0.5, new Generator(9));
  y.sum().backward();
  // p = 0.5: a kept element passes 1/(1 − p) = 2 back, a dropped one 0 (x has no zeros).
  assert.deepEqual(Array.from(x.grad!.data), Array.from(y.data).map((v) => (v === 0 ? 0 : 2)));
});

test('dropout refuses p outside [0, 1)', () => {
  const x = normal([3]);
  for (const p of [-0.1, 1, 1.5, NaN]) assert.throws(() => dropout(x, p, new Generator(0)), ArgumentError);
});
