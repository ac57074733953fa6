import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { activations, getActivation, resolveParams, roundParams, unrounded } from '../../src/activation/table.js';
import { isRowwise, readGolden, type ActivationsGolden, type ElementwiseCase } from '../golden/read.js';

const golden = readGolden<ActivationsGolden>('activations.json');
const elementwise = golden.cases.filter((c): c is ElementwiseCase => !isRowwise(c));

/**
 * float64: 1e-12 relative + 1e-12 absolute. float32: the table runs in float64 on the float32 x,
 * with its options and the intermediates PyTorch keeps in float32 rounded as a kernel on float32
 * rounds them (roundParams, Math.fround), and its result is rounded to float32, against torch's
 * float32 arithmetic, whose own rounding (worst where it cancels, as in tanhshrink or softsign's
 * autograd slope) sets the 1e-6.
 */
const TOLERANCE = { float64: 1e-12, float32: 1e-6 };

/**
 * The one place the table deliberately differs from PyTorch 1.13: hardsigmoid_backward multiplies
 * by `scalar_t one_sixth(1.0f / 6.0f)` (aten/src/ATen/native/cpu/Activation.cpp), a float32
 * rounding of 1/6, even for float64 tensors. The table's slope is 1/6 in full.
 */
function torchSlopeInFloat64(c: ElementwiseCase, torchGrad: number): number {
  if (c.name === 'hardsigmoid' && c.dtype === 'float64' && torchGrad !== 0) {
    assert.equal(torchGrad, Math.fround(1 / 6), 'torch hardsigmoid slope no longer float32-rounded');
    return 1 / 6;
  }
  return torchGrad;
}

function describeCase(c: ElementwiseCase): string {
  return `${c.torchCall} ${c.dtype}`;
}

describe('activation table against PyTorch (test/golden/activations.json)', () => {
  it('covers every table entry, and the golden file has nothing the table lacks', () => {
    const goldenNames = new Set(elementwise.map((c) => c.name));
    assert.deepEqual([...goldenNames].sort(), Object.keys(activations).sort());
    const rowwiseNames = new Set(golden.cases.filter(isRowwise).map((c) => c.name));
    assert.deepEqual([...rowwiseNames].sort(), ['logSoftmax', 'softmax']);
  });

  it("has PyTorch's defaults and required options, as read from the torch.nn module signatures", () => {
    assert.deepEqual(Object.keys(golden.defaults), Object.keys(activations));
    for (const [name, defaults] of Object.entries(golden.defaults)) {
      assert.deepEqual({ ...getActivation(name).defaults }, defaults, name);
      assert.deepEqual([...getActivation(name).required], golden.required[name], name);
    }
  });

  it("has PyTorch's functional and module names", () => {
    for (const c of elementwise) {
      const a = getActivation(c.name);
      assert.equal(a.moduleName, c.module, c.name);
      assert.match(c.torchCall, new RegExp(`^(F|torch)\\.${a.torchName}\\(x\\b`), c.name);
    }
  });

  for (const c of elementwise) {
    it(`matches y and dy/dx of ${describeCase(c)}`, () => {
      const a = getActivation(c.name);
      const round = c.dtype === 'float32' ? Math.fround : unrounded;
      const p = roundParams(resolveParams(a, c.params), round);
      const tolerance = TOLERANCE[c.dtype];
      assert.equal(c.x.length + (c.omitted?.length ?? 0), golden.grid.length);
      c.x.forEach((xValue, i) => {
        const x = round(xValue);
        const yFull = a.forward(x, p, round);
        const checks = [
          ['y', round(yFull), round(c.y[i]!)],
          ['dy/dx', round(a.derivative(x, yFull, p, round)), round(torchSlopeInFloat64(c, c.grad[i]!))],
        ] as const;
        for (const [what, actual, expected] of checks) {
          const error = Math.abs(actual - expected);
          assert.ok(
            error <= tolerance * (1 + Math.abs(expected)),
            `${what} at x = ${xValue}: table ${actual}, torch ${expected} (difference ${error})`,
          );
        }
      });
    });
  }

  it("follows PyTorch's scalar (and CUDA) code where its SIMD code disagrees: hardswish'(3) = 3/2", () => {
    // torch 1.13's CPU hardswish_backward tests `x <= 3` in its scalar loop but `x >= 3` in its
    // vectorised one, so x = 3 gets 3/2 or 1 depending on where it sits in the tensor.
    const disagreements = elementwise.flatMap((c) =>
      (c.pathDependent ?? []).map((d) => ({ name: c.name, dtype: c.dtype, ...d })),
    );
    assert.deepEqual(disagreements, [
      { name: 'hardswish', dtype: 'float64', x: 3, batchY: 3, batchGrad: 1 },
      { name: 'hardswish', dtype: 'float32', x: 3, batchY: 3, batchGrad: 1 },
    ]);
    const hardswish = getActivation('hardswish');
    assert.equal(hardswish.derivative(3, hardswish.forward(3, {}), {}), 1.5);
  });

  it("stays finite where PyTorch's own result is not (recorded as omitted)", () => {
    const omitted = elementwise.filter((c) => c.omitted !== undefined);
    assert.ok(omitted.length > 0, 'expected the float32 gelu tanh NaN gradients at ±1e30');
    for (const c of omitted) {
      const a = getActivation(c.name);
      const p = resolveParams(a, c.params);
      for (const { x } of c.omitted!) {
        const y = a.forward(Math.fround(x), p);
        assert.ok(Number.isFinite(y), `${describeCase(c)} y at ${x}`);
        assert.ok(Number.isFinite(a.derivative(Math.fround(x), y, p)), `${describeCase(c)} dy/dx at ${x}`);
      }
    }
  });
});
