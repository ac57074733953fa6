/**
 * The PyTorch script of a recipe, as text (no Python here; test/integration/torch-script.test.ts
 * runs it): each value of the recipe appears as PyTorch spells it, the layers line up with
 * perceptron's state-dict names, and an embedded checkpoint decodes to what was embedded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError } from '../../src/errors.js';
import { softmaxCrossEntropy } from '../../src/nn/index.js';
import { randint, randn } from '../../src/tensor/creation.js';
import { decodeCheckpoint } from '../../src/train/checkpoint.js';
import { buildModel, buildOptimizer, DEFAULT_RECIPE, type Recipe } from '../../src/train/recipe.js';
import { torchScript } from '../../src/train/torch-script.js';

const TIMEOUT = { timeout: 60_000 };

/** The one line of `script` that starts (after indentation) with `start`, a prefix or a pattern. */
function lineStarting(script: string, start: string | RegExp): string {
  const matches = (line: string) => (typeof start === 'string' ? line.startsWith(start) : start.test(line));
  const lines = script.split('\n').map((line) => line.trim()).filter(matches);
  assert.equal(lines.length, 1, `expected one line starting with ${start}, got ${lines.length}`);
  return lines[0];
}

/** The optimizer's line ('return torch.optim.SGD(…'), not the scheduler's ('return torch.optim.lr_scheduler.…'). */
const OPTIMIZER_LINE = /^return torch\.optim\.\w+\(/;

/** The layers of build_model(), in order: 'nn.Linear(784, 300)', … */
function layersOf(script: string): string[] {
  const body = /def build_model\(\):\n[\s\S]*?return nn\.Sequential\(\n([\s\S]*?)\n {4}\)/.exec(script);
  assert.ok(body, 'build_model() not found');
  return body[1].split('\n').map((line, i) => {
    const match = /^ {8}(.*),  # (\d+)$/.exec(line);
    assert.ok(match && Number(match[2]) === i, `layer line ${i}: ${line}`);
    return match[1];
  });
}

const optimizerLine = (recipe: Partial<Recipe>) => lineStarting(torchScript({ recipe: { ...DEFAULT_RECIPE, ...recipe } }), OPTIMIZER_LINE);

test('the script carries the recipe: its JSON, the layers, the init, the optimizer with every option, the schedule', TIMEOUT, () => {
  const recipe: Recipe = {
    ...DEFAULT_RECIPE, dataset: 'mnist', hidden: [300, 100], activation: 'tanh', init: 'xavier', dropout: 0.3,
    optimizer: 'nesterov', lr: 0.05, momentum: 0.8, weightDecay: 1e-4, schedule: 'step', batchSize: 100, epochs: 9, seed: 7,
  };
  const script = torchScript({ recipe }, 'mnist.py');
  const json = /^RECIPE = json\.loads\(r"""([\s\S]*?)"""\)$/m.exec(script);
  assert.ok(json, 'RECIPE not found');
  assert.deepEqual(JSON.parse(json[1]), recipe);
  assert.equal(lineStarting(script, 'DATA = '), 'DATA = json.loads(r"""{"title":"MNIST","folder":"mnist"}""")');

  const layers = layersOf(script);
  assert.deepEqual(layers, [
    'nn.Linear(784, 300)', 'nn.Tanh()', 'nn.Dropout(p=0.3)', 'nn.Linear(300, 100)', 'nn.Tanh()', 'nn.Dropout(p=0.3)', 'nn.Linear(100, 10)',
  ]);
  // PyTorch names a Sequential's parameters by position: the Linear layers sit where perceptron's weights are.
  const linearAt = layers.flatMap((layer, i) => (layer.startsWith('nn.Linear') ? [`${i}.weight`, `${i}.bias`] : []));
  assert.deepEqual(linearAt, [...buildModel(recipe, 784, 10).stateDict().keys()]);

  assert.equal(lineStarting(script, 'nn.init.xavier_uniform_'), 'nn.init.xavier_uniform_(layer.weight)');
  assert.equal(lineStarting(script, 'nn.init.zeros_'), 'nn.init.zeros_(layer.bias)');
  assert.equal(lineStarting(script, OPTIMIZER_LINE),
    'return torch.optim.SGD(parameters, lr=0.05, momentum=0.8, dampening=0.0, nesterov=True, weight_decay=0.0001, maximize=False)');
  assert.equal(lineStarting(script, 'return torch.optim.lr_scheduler'),
    'return torch.optim.lr_scheduler.StepLR(optimizer, step_size=max(1, int(epochs / 3 + 0.5)), gamma=0.1)');
  assert.equal(lineStarting(script, 'INITIAL_CHECKPOINT'), 'INITIAL_CHECKPOINT = None');
  assert.match(script, /python3 mnist\.py --nproc 2/);
  assert.ok(!script.includes('${'), 'a template placeholder was left in the script');
});

test("each optimizer is PyTorch's with PyTorch's defaults where the recipe sets none", TIMEOUT, () => {
  // Written from torch.optim's signatures (1.13): SGD(lr, momentum=0, dampening=0, weight_decay=0, nesterov=False, maximize=False),
  // Adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, maximize=False); AdamW's weight_decay is the recipe's.
  assert.equal(optimizerLine({ optimizer: 'sgd', lr: 0.1 }),
    'return torch.optim.SGD(parameters, lr=0.1, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0, maximize=False)');
  assert.equal(optimizerLine({ optimizer: 'momentum', lr: 0.1 }),
    'return torch.optim.SGD(parameters, lr=0.1, momentum=0.9, dampening=0.0, nesterov=False, weight_decay=0.0, maximize=False)');
  assert.equal(optimizerLine({ optimizer: 'adam', lr: 1e-3 }),
    'return torch.optim.Adam(parameters, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False, maximize=False)');
  assert.equal(optimizerLine({ optimizer: 'adamw', weightDecay: 0.01, lr: 3e-4 }),
    'return torch.optim.AdamW(parameters, lr=0.0003, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01, amsgrad=False, maximize=False)');
});

test('each init spec and schedule is written as the torch.nn.init call and scheduler with the same formula', TIMEOUT, () => {
  const initLines = (init: string) => {
    const script = torchScript({ recipe: { ...DEFAULT_RECIPE, init } });
    const body = /def initialize\(model\):\n[\s\S]*?if isinstance\(layer, nn\.Linear\):\n((?: {12}.*\n)+)/.exec(script);
    assert.ok(body, `initialize() for ${init}`);
    return body[1].trim().split('\n').map((line) => line.trim());
  };
  assert.deepEqual(initLines('normal:0.01'), ['nn.init.normal_(layer.weight, mean=0.0, std=0.01)', 'nn.init.zeros_(layer.bias)']);
  assert.deepEqual(initLines('normal:1'), ['nn.init.normal_(layer.weight, mean=0.0, std=1.0)', 'nn.init.zeros_(layer.bias)']);
  assert.deepEqual(initLines('glorot-normal'), ['nn.init.xavier_normal_(layer.weight)', 'nn.init.zeros_(layer.bias)']);
  // perceptron's kaiming: a = 0 with the leaky-ReLU gain, √2 — torch's defaults.
  assert.deepEqual(initLines('kaiming'), ["nn.init.kaiming_uniform_(layer.weight, a=0, mode='fan_in', nonlinearity='leaky_relu')", 'nn.init.zeros_(layer.bias)']);
  assert.deepEqual(initLines('he-normal'), ["nn.init.kaiming_normal_(layer.weight, a=0, mode='fan_in', nonlinearity='leaky_relu')", 'nn.init.zeros_(layer.bias)']);
  assert.deepEqual(initLines('zeros'), ['nn.init.zeros_(layer.weight)', 'nn.init.zeros_(layer.bias)']);
  assert.match(initLines('pytorch')[0], /^layer\.reset_parameters\(\)/);

  const schedules = (schedule: Recipe['schedule']) => {
    const body = /def build_schedule\(optimizer, epochs\):\n.*\n {4}(.*)\n/.exec(torchScript({ recipe: { ...DEFAULT_RECIPE, schedule } }));
    assert.ok(body, schedule);
    return body[1];
  };
  assert.equal(schedules('cosine'), 'return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs, eta_min=0.0)');
  assert.equal(schedules('constant'), 'return None');
  // perceptron's StepLR step is Math.round(epochs / 3): the same as int(epochs / 3 + 0.5) for every epoch count.
  for (let epochs = 1; epochs <= 100; epochs++) assert.equal(Math.max(1, Math.trunc(epochs / 3 + 0.5)), Math.max(1, Math.round(epochs / 3)));
});

test('a checkpoint is embedded whole: the base64 in the script decodes to its weights, optimizer state, epoch and history', TIMEOUT, () => {
  const recipe: Recipe = { ...DEFAULT_RECIPE, hidden: [5], epochs: 4 };
  const model = buildModel(recipe, 784, 10);
  const optimizer = buildOptimizer(recipe, model.parameters());
  const loss = softmaxCrossEntropy(model.call(randn(8, 784)), randint(0, 10, [8]));
  loss.backward();
  optimizer.step();
  const history = { epochs: [{ epoch: 1, trainLoss: 0.5, testLoss: 0.4, testAccuracy: 0.8, samplesPerSecond: 1000, seconds: 2, lr: 1e-3 }] };
  const weights = new Map(model.namedParameters());
  const script = torchScript({ recipe, checkpoint: { weights, config: { recipe, inputs: 784, outputs: 10 }, epoch: 1, history, optimizer: optimizer.stateDict() } });
  const embedded = /^INITIAL_CHECKPOINT = """\n([A-Za-z0-9+/=\n]+)\n"""$/m.exec(script);
  assert.ok(embedded, 'INITIAL_CHECKPOINT not found');
  assert.ok(embedded[1].split('\n').every((line) => line.length <= 100));
  const decoded = decodeCheckpoint(new Uint8Array(Buffer.from(embedded[1], 'base64')), 'embedded');
  assert.equal(decoded.epoch, 1);
  assert.deepEqual(decoded.history, history);
  for (const [name, tensor] of weights) assert.deepEqual(decoded.weights.get(name)?.toArray(), tensor.toArray(), name);
  const state = optimizer.stateDict().state;
  assert.equal(Object.keys(state).length, 4);
  for (const [index, values] of Object.entries(state)) {
    assert.equal(decoded.optimizer?.state[Number(index)].step, values.step);
    assert.deepEqual(decoded.optimizer?.state[Number(index)].expAvg, values.expAvg, `parameter ${index}`);
    assert.deepEqual(decoded.optimizer?.state[Number(index)].expAvgSq, values.expAvgSq, `parameter ${index}`);
  }
  assert.match(script, /Starts from the checkpoint embedded below \(1 epoch: weights, optimizer state\)/);
});

test('data sets the script cannot load itself are refused, naming those it can', TIMEOUT, () => {
  for (const dataset of ['circle', '/tmp/table.csv']) {
    assert.throws(() => torchScript({ recipe: { ...DEFAULT_RECIPE, dataset } }),
      (error: unknown) => error instanceof ArgumentError && error.message.includes('fashion-mnist and mnist') && error.message.includes(`'${dataset}'`));
  }
});
