/**
 * Parameter trajectories of every optimizer and option combination against PyTorch's
 * (test/golden/optim.json): five steps on a small least-squares problem, float64 and float32.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClose } from '../helpers.js';
import { golden, makeOptimizer, makeProblem, trainStep } from './golden.js';

const tolerance = {
  float64: { atol: 1e-12, rtol: 1e-12 },
  // PyTorch rounds to float32 after every operation, the kernels only on every store.
  float32: { atol: 1e-6, rtol: 1e-6 },
};

for (const c of golden.cases) {
  test(`${c.name} (${c.dtype}) follows PyTorch's trajectory for ${c.steps.length} steps`, () => {
    const { w, v, loss } = makeProblem(c.dtype);
    const wData = w.data;
    const optimizer = makeOptimizer(c, w, v);
    c.steps.forEach((expected, step) => {
      trainStep(optimizer, loss);
      assertClose(w.toArray(), expected.w, { ...tolerance[c.dtype], label: `w after step ${step + 1}` });
      assertClose(v.toArray(), expected.v, { ...tolerance[c.dtype], label: `v after step ${step + 1}` });
    });
    assert.equal(w.data, wData, 'the parameter keeps its storage (updated in place)');
    assert.equal(w.dtype, c.dtype);
  });
}

test('the golden file covers every optimizer in both dtypes', () => {
  for (const name of ['SGD', 'Adam', 'AdamW']) {
    for (const dtype of ['float64', 'float32']) {
      assert.ok(golden.cases.some((c) => c.optimizer === name && c.dtype === dtype), `${name} ${dtype}`);
    }
  }
});
