/** Broadcasting, property-tested against a naive index-by-index reference. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { array, ShapeError, type Tensor } from '../../src/index.js';

/** Two shapes that broadcast: each axis is n/n, 1/n or n/1, and one may have fewer axes. */
const broadcastablePair = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.constantFrom('same', 'left1', 'right1')), { minLength: 0, maxLength: 4 })
  .chain((axes) =>
    fc.tuple(fc.constant(axes), fc.integer({ min: 0, max: axes.length }), fc.boolean()),
  )
  .map(([axes, dropped, dropLeft]) => {
    let a = axes.map(([n, kind]) => (kind === 'left1' ? 1 : n));
    let b = axes.map(([n, kind]) => (kind === 'right1' ? 1 : n));
    if (dropLeft) a = a.slice(dropped);
    else b = b.slice(dropped);
    // A dropped leading axis counts as size 1, so the output there takes the other operand's size.
    const out = axes.map((_, d) => Math.max(a[d - (axes.length - a.length)] ?? 1, b[d - (axes.length - b.length)] ?? 1));
    return { a, b, out };
  });

function valuesOf(shape: number[], seed: number): Tensor {
  const size = shape.reduce((p, q) => p * q, 1);
  return array(Float64Array.from({ length: size }, (_, i) => ((i * 7 + seed) % 11) - 5), { shape });
}

/** Element at a multi-index of the output, read from a tensor by the broadcasting rule. */
function readBroadcast(t: Tensor, index: number[]): number {
  const lead = index.length - t.ndim;
  let offset = 0;
  for (let d = 0; d < t.ndim; d++) offset = offset * t.shape[d] + (t.shape[d] === 1 ? 0 : index[d + lead]);
  return t.data[offset];
}

function* indices(shape: number[]): Generator<number[]> {
  const size = shape.reduce((p, q) => p * q, 1);
  for (let flat = 0; flat < size; flat++) {
    const index: number[] = [];
    let rest = flat;
    for (let d = shape.length - 1; d >= 0; d--) {
      index.unshift(rest % shape[d]);
      rest = Math.floor(rest / shape[d]);
    }
    yield index;
  }
}

test('binary ops broadcast exactly as the index-by-index rule says', () => {
  fc.assert(
    fc.property(broadcastablePair, fc.constantFrom('add', 'sub', 'mul', 'maximum') , ({ a, b, out }, op) => {
      const x = valuesOf(a, 1);
      const y = valuesOf(b, 4);
      const z = x[op](y);
      assert.deepEqual(z.shape, out);
      const f = { add: (p: number, q: number) => p + q, sub: (p: number, q: number) => p - q, mul: (p: number, q: number) => p * q, maximum: Math.max }[op];
      let i = 0;
      for (const index of indices(out)) assert.equal(z.data[i++], f(readBroadcast(x, index), readBroadcast(y, index)));
    }),
    { numRuns: 300, seed: 1 },
  );
});

test('gradients of a broadcast sum count how often each input element was used', () => {
  fc.assert(
    fc.property(broadcastablePair, ({ a, b, out }) => {
      const x = valuesOf(a, 0).requiresGrad_();
      const y = valuesOf(b, 3).requiresGrad_();
      x.add(y).sum().backward();
      const outSize = out.reduce((p, q) => p * q, 1);
      const sizeA = a.reduce((p, q) => p * q, 1);
      const sizeB = b.reduce((p, q) => p * q, 1);
      assert.deepEqual(x.grad!.shape, a);
      assert.deepEqual(y.grad!.shape, b);
      if (sizeA > 0) for (const g of x.grad!.data) assert.equal(g, outSize / sizeA);
      if (sizeB > 0) for (const g of y.grad!.data) assert.equal(g, outSize / sizeB);
    }),
    { numRuns: 200, seed: 2 },
  );
});

test('incompatible shapes throw a ShapeError naming the op and both shapes', () => {
  assert.throws(
    () => array([[1, 2, 3]]).add(array([[1, 2], [3, 4]])),
    (e: Error) => e instanceof ShapeError && e.message === 'add: cannot broadcast: axis -1 has sizes 3 and 2 (got shapes [1, 3] and [2, 2])',
  );
  assert.throws(() => array([[1, 2]]).matmul(array([[1, 2]])), /^ShapeError|matmul: inner dimensions differ \(2 vs 1\) \(got shapes \[1, 2\] and \[1, 2\]\)/);
});
