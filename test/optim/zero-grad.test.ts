/**
 * zeroGrad() of a module and of an optimizer mean the same thing, PyTorch ≥ 2.0's: gradients
 * become null, so step() leaves a parameter the next loss does not reach untouched (no momentum,
 * no weight decay); `{setToNone: false}` writes zeros, and such a parameter keeps moving.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, nn, optim, type Tensor } from '../../src/index.js';
import { assertClose } from '../helpers.js';

class TwoParameters extends nn.Module {
  reached = new nn.Parameter(array([1, -2], { dtype: 'float64' }));
  unreached = new nn.Parameter(array([3, 4], { dtype: 'float64' }));
  /** The loss of the second step: it does not involve `unreached`. */
  forward(x: Tensor): Tensor {
    return x.mul(this.reached).sum();
  }
}

const optimizers = {
  'SGD with momentum': (params: Tensor[]) => new optim.SGD(params, { lr: 0.1, momentum: 0.9 }),
  'SGD with weight decay': (params: Tensor[]) => new optim.SGD(params, { lr: 0.1, weightDecay: 0.1 }),
  Adam: (params: Tensor[]) => new optim.Adam(params, { lr: 0.1 }),
};

type Clear = (model: TwoParameters, optimizer: optim.Optimizer) => void;

/** A first step reaching both parameters (so momentum and Adam's moments exist), a clear, a second step reaching one. */
function twoSteps(makeOptimizer: (params: Tensor[]) => optim.Optimizer, clear: Clear): { model: TwoParameters; afterFirstStep: number[] } {
  const model = new TwoParameters();
  const optimizer = makeOptimizer(model.parameters());
  model.reached.add(model.unreached).sum().backward();
  optimizer.step();
  const afterFirstStep = Array.from(model.unreached.data);
  clear(model, optimizer);
  model.call(array([1, 1], { dtype: 'float64' })).backward();
  optimizer.step();
  return { model, afterFirstStep };
}

for (const [name, makeOptimizer] of Object.entries(optimizers)) {
  for (const [how, clear] of Object.entries<Clear>({
    'Module.zeroGrad()': (model) => model.zeroGrad(),
    'Optimizer.zeroGrad()': (_model, optimizer) => optimizer.zeroGrad(),
  })) {
    test(`${name}: after ${how}, step() leaves a parameter the loss did not reach untouched`, () => {
      const { model, afterFirstStep } = twoSteps(makeOptimizer, clear);
      assert.equal(model.unreached.grad, null);
      assert.deepEqual(Array.from(model.unreached.data), afterFirstStep);
    });
  }
}

test('zeroGrad({setToNone: false}) of a module or an optimizer writes zeros: momentum and weight decay still move the parameter', () => {
  for (const clear of [
    (model: TwoParameters) => model.zeroGrad({ setToNone: false }),
    (_model: TwoParameters, optimizer: optim.Optimizer) => optimizer.zeroGrad({ setToNone: false }),
  ]) {
    // Momentum 0.9, lr 0.1, first gradient 1: p₁ = p₀ − 0.1; then buffer 0.9·1 + 0: p₂ = p₁ − 0.1·0.9.
    const momentum = twoSteps(optimizers['SGD with momentum'], clear).model;
    assertClose(momentum.unreached.toArray(), [3 - 0.1 - 0.09, 4 - 0.1 - 0.09], { rtol: 1e-14 });
    assert.deepEqual(momentum.unreached.grad!.toArray(), [0, 0]);
    // Weight decay 0.1, lr 0.1: p₁ = p₀ − 0.1·(1 + 0.1·p₀); then p₂ = p₁ − 0.1·(0 + 0.1·p₁).
    const decay = twoSteps(optimizers['SGD with weight decay'], clear).model;
    const p1 = [3, 4].map((p) => p - 0.1 * (1 + 0.1 * p));
    assertClose(decay.unreached.toArray(), p1.map((p) => p - 0.1 * 0.1 * p), { rtol: 1e-14 });
  }
});
