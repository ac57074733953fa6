/**
 * Finite-difference check of a module's parameter gradients (float64), the companion of
 * gradcheck(), which checks the gradients of a function's inputs: a module's parameters are not
 * inputs, so they are perturbed in place. Checks L = Σ f()·v for a fixed random v, like gradcheck.
 */
import assert from 'node:assert/strict';
import { Generator, noGrad, normal, nn, type Tensor } from '../../src/index.js';

export function checkParameterGradients(module: nn.AnyModule, f: () => Tensor, { eps = 1e-6, atol = 1e-5, rtol = 1e-3 } = {}): void {
  const parameters = module.namedParameters();
  assert.ok(parameters.length > 0, 'the module has parameters to check');
  module.zeroGrad({ setToNone: true });
  const output = f();
  const v = normal(output.shape, { dtype: 'float64', generator: new Generator(0) });
  output.mul(v).sum().backward();
  const projected = (): number => noGrad(() => f().mul(v).sum().item());
  for (const [name, p] of parameters) {
    assert.equal(p.dtype, 'float64', `${name} must be float64 for finite differences`);
    assert.ok(p.grad, `${name} received a gradient`);
    for (let i = 0; i < p.size; i++) {
      const original = p.data[i];
      p.data[i] = original + eps;
      const plus = projected();
      p.data[i] = original - eps;
      const minus = projected();
      p.data[i] = original;
      const numeric = (plus - minus) / (2 * eps);
      const analytic = p.grad.data[i];
      assert.ok(
        Math.abs(analytic - numeric) <= atol + rtol * Math.abs(numeric),
        `${name}[${i}]: backward gives ${analytic}, finite differences ${numeric}`,
      );
    }
  }
}
