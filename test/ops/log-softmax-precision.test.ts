/**
 * logSoftmax in float32 keeps float32's precision for large logits: the shift by the row maximum
 * comes before the subtraction (PyTorch's order), not after rounding logsumexp(x) ≈ 1000.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array } from '../../src/index.js';
import { assertClose } from '../helpers.js';

test('float32 logSoftmax of logits near ±1000 agrees with float64 to float32 precision, values and gradients', () => {
  const values = [[-1000, 1000, 999], [1000, 1000, -1000], [999.5, 1000.25, 998]];
  const weight = array([[0.5, 1, 1.5], [2, -1, 0.25], [1, 1, -3]], { dtype: 'float64' });
  const reference = array(values, { dtype: 'float64' }).requiresGrad_();
  const y64 = reference.logSoftmax(-1);
  y64.mul(weight).sum().backward();
  const x = array(values, { dtype: 'float32' }).requiresGrad_();
  const y = x.logSoftmax(-1);
  y.mul(weight.astype('float32')).sum().backward();
  // float32's own rounding of values such as −1.3133 is 6e-8; x − logsumexp(x) was off by ~3e-5.
  assertClose(y.toArray(), y64.toArray(), { atol: 1e-6, rtol: 1e-6, label: 'logSoftmax' });
  assertClose(x.grad!.toArray(), reference.grad!.toArray(), { atol: 1e-6, rtol: 1e-6, label: 'gradient' });
  assertClose(x.softmax(-1).toArray(), reference.softmax(-1).toArray(), { atol: 1e-7, rtol: 1e-6, label: 'softmax' });
});

test('logSoftmax of a row of −inf stays NaN and of a row with +inf as before (shift by 0)', () => {
  const y = array([[-Infinity, -Infinity], [Infinity, 0], [0, -Infinity]]).logSoftmax(-1);
  const [nanRow, infRow, finiteRow] = y.toArray() as number[][];
  assert.ok(nanRow.every(Number.isNaN));
  assert.ok(Number.isNaN(infRow[0]) && infRow[1] === -Infinity);
  assert.deepEqual(finiteRow, [0, -Infinity]);
});
