/**
 * The optimizer factory that the CLI's recipes and the playground share: each name builds its
 * torch.optim class with the options given and PyTorch's defaults otherwise, and takes the step
 * that class's update rule gives (closed forms on one parameter).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, array, optim, type Tensor } from '../../src/index.js';

/** A parameter [1] with gradient [0.5], the optimizer called `name` over it, and its value after `steps` steps. */
function stepped(name: string, steps: number, options: optim.OptimizerChoiceOptions): { optimizer: optim.Optimizer; value: number } {
  const param: Tensor = array([1], { dtype: 'float64' }).requiresGrad_();
  const optimizer = optim.makeOptimizer(name, [param], options);
  for (let i = 0; i < steps; i++) {
    param.grad = array([0.5], { dtype: 'float64' });
    optimizer.step();
  }
  return { optimizer, value: param.item() };
}

test('each name builds its torch.optim class, with the options given', () => {
  const classes: Record<optim.OptimizerName, string> = { sgd: 'SGD', momentum: 'SGD', nesterov: 'SGD', adam: 'Adam', adamw: 'AdamW' };
  assert.deepEqual(optim.optimizerNames, Object.keys(classes));
  for (const name of optim.optimizerNames) {
    const { optimizer } = stepped(name, 0, { lr: 0.25, weightDecay: 0.5 });
    assert.equal(optimizer.constructor.name, classes[name], name);
    assert.equal(optimizer.lr, 0.25, name);
    assert.equal((optimizer.paramGroups[0] as unknown as { weightDecay: number }).weightDecay, 0.5, name);
    assert.ok(optim.optimizerChoices[name].label.length > 0, name);
  }
});

test('the steps are the update rules: SGD, momentum 0.9 by default, Nesterov, Adam, AdamW with its default decay', () => {
  const lr = 0.1;
  const g = 0.5;
  // SGD: p − lr·g.
  assert.equal(stepped('sgd', 1, { lr }).value, 1 - lr * g);
  // Momentum: buf = g, then 0.9·g + g; p − lr·(g + 1.9·g) after two steps.
  assert.ok(Math.abs(stepped('momentum', 2, { lr }).value - (1 - lr * g * (1 + 1.9))) < 1e-15);
  assert.ok(Math.abs(stepped('momentum', 2, { lr, momentum: 0.5 }).value - (1 - lr * g * (1 + 1.5))) < 1e-15);
  // Nesterov: the first step already looks ahead, g + 0.9·buf = 1.9·g.
  assert.ok(Math.abs(stepped('nesterov', 1, { lr }).value - (1 - lr * g * 1.9)) < 1e-15);
  // Adam's first step moves by lr·m̂/(√v̂ + eps) = lr·g/(|g| + 1e-8).
  assert.ok(Math.abs(stepped('adam', 1, { lr }).value - (1 - (lr * g) / (g + 1e-8))) < 1e-15);
  // AdamW decays first, p·(1 − lr·0.01), with PyTorch's default weight decay 1e-2.
  assert.ok(Math.abs(stepped('adamw', 1, { lr }).value - (1 * (1 - lr * 0.01) - (lr * g) / (g + 1e-8))) < 1e-15);
});

test('an unknown name is an ArgumentError that lists the valid ones', () => {
  assert.throws(
    () => optim.makeOptimizer('rmsprop', [], { lr: 0.1 }),
    (error: unknown) => error instanceof ArgumentError && error.message === `unknown optimizer 'rmsprop': use ${optim.optimizerNames.join(', ')}`,
  );
  assert.throws(() => optim.makeOptimizer('toString', [], { lr: 0.1 }), ArgumentError);
});
