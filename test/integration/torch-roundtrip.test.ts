/**
 * Round trips with Debian's PyTorch (/usr/bin/python3, python3-torch), both ways, through the CLI a
 * user types: perceptron train → export --format torch → PyTorch runs the lines export printed
 * (load_state_dict, strict) and predicts; a model trained in PyTorch, saved as safetensors' save_file
 * does → perceptron eval / predict. Predictions are compared on the Fashion-MNIST test set, and on a
 * 2-2-2 network whose square weights a layout-blind load would take transposed without a shape
 * error. PyTorch's side is scripts/reference/torch_roundtrip.py; PERCEPTRON_RECORD=1 writes the
 * figures to test/integration/torch-roundtrip.json (committed).
 *
 * Agreement is exact up to float32 rounding: both sides compute the same float32 products and
 * sums, in different orders, so logits differ by ~1e-6 and a label can only differ where PyTorch's
 * two largest logits are that close. The tests require logits within 1e-4 and every differing
 * label at such a tie.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { activations, Generator, normal, noGrad, nn, type ActivationParams, type Tensor } from '../../src/index.js';
import { fixedActivationNames } from '../../src/activation/table.js';
import { save } from '../../src/io/save-load.js';
import { torchLoadingCode } from '../../src/io/torch-code.js';
import { decodeSafetensors } from '../../src/io/safetensors.js';
import { loadModelFile } from '../../src/train/model-file.js';
import { loadRecipeData, type PreparedData } from '../../src/train/recipe.js';
import { runCli } from '../cli/run-cli.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../../../scripts/reference/torch_roundtrip.py', import.meta.url));
const RECORD = fileURLToPath(new URL('../../../test/integration/torch-roundtrip.json', import.meta.url));
/** Logits of the two sides may differ by float32 rounding of 784-term sums, far below this. */
const LOGIT_TOLERANCE = 1e-4;
const figures: Record<string, unknown> = {};

/** Runs the reference script in `cwd`; a missing PyTorch fails the test with the package to install. */
function torchSide(args: string[], cwd?: string): void {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.status !== 0) {
    assert.fail(`${PYTHON} cannot import torch (${(probe.error?.message ?? probe.stderr).trim()}): install Debian's python3-torch (apt-get install -y python3-torch)`);
  }
  const run = spawnSync(PYTHON, [SCRIPT, ...args], { cwd, encoding: 'utf8', timeout: 300_000 });
  assert.equal(run.status, 0, `torch_roundtrip.py ${args[0]} failed (${run.error?.message ?? `exit ${run.status}`}):\n${run.stderr}`);
}

interface TorchResult { predicted: number[]; logits: number[][]; accuracy?: number }
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** Runs the CLI, requiring exit 0; returns stdout. */
function cli(args: string[], cwd: string): string {
  const result = runCli(args, { cwd, timeoutMs: 300_000 });
  assert.equal(result.status, 0, `perceptron ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

/** `perceptron predict FILE --json` on the whole test split: the predicted labels. */
function cliPredictions(file: string, cwd: string, flags: string[] = []): number[] {
  return (JSON.parse(cli(['predict', file, '--count', '100000', '--json', ...flags], cwd)) as { predicted: number[] }).predicted;
}

/** The model in `file` (as eval loads it) on the test split of `data`: its logits. */
async function perceptronLogits(file: string, data: PreparedData, options: { dataset?: string; activation?: string } = {}): Promise<Tensor> {
  const { model } = await loadModelFile(file, options);
  model.eval();
  return noGrad(() => model.call(data.test.x));
}

/** Largest |a − b| over two logit tables. */
function maxDifference(ours: Tensor, theirs: number[][]): number {
  const [rows, columns] = ours.shape;
  assert.equal(theirs.length, rows);
  let max = 0;
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) max = Math.max(max, Math.abs(ours.data[i * columns + j] - theirs[i][j]));
  return max;
}

/** The share of equal labels; every differing one must be a float32 tie in PyTorch's logits. */
function agreement(ours: number[], torch: TorchResult): number {
  assert.equal(ours.length, torch.predicted.length);
  let same = 0;
  for (let i = 0; i < ours.length; i++) {
    if (ours[i] === torch.predicted[i]) {
      same++;
      continue;
    }
    const sorted = [...torch.logits[i]].sort((a, b) => b - a);
    assert.ok(sorted[0] - sorted[1] < LOGIT_TOLERANCE, `example ${i}: perceptron says ${ours[i]}, PyTorch ${torch.predicted[i]}, and PyTorch's margin ${sorted[0] - sorted[1]} is no tie`);
  }
  return same / ours.length;
}

test('perceptron → PyTorch on Fashion-MNIST: export --format torch loads with load_state_dict as it is and predicts the same', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'torch-out-'));
  cli(['train', '--hidden', '64', '--epochs', '1', '--batch-size', '256', '--out', 'trained.safetensors', '--quiet'], dir);
  const printed = cli(['export', 'trained.safetensors', '--format', 'torch', '--out', 'model.safetensors'], dir);
  const lines = printed.trim().split('\n');
  assert.equal(lines.length, 4, printed);
  assert.match(lines[0], /^# model\.safetensors: the 784-64-10 MLP \(relu\)/);
  assert.deepEqual(lines.slice(1), [
    'import torch; from safetensors.torch import load_file',
    'model = torch.nn.Sequential(torch.nn.Linear(784, 64), torch.nn.ReLU(), torch.nn.Dropout(p=0.2), torch.nn.Linear(64, 10))',
    "model.load_state_dict(load_file('model.safetensors'))",
  ]);
  writeFileSync(join(dir, 'load.py'), printed);
  // PyTorch runs the printed lines in the folder export wrote to (the path is relative).
  const torchOut = join(dir, 'torch.json');
  torchSide(['load-and-predict', 'load.py', 'fashion-mnist', torchOut], dir);
  const torch = readJson<TorchResult>(torchOut);
  const file = join(dir, 'model.safetensors');
  const data = await loadRecipeData((await loadModelFile(file)).recipe);
  const logitDifference = maxDifference(await perceptronLogits(file, data), torch.logits);
  assert.ok(logitDifference < LOGIT_TOLERANCE, `logits differ by up to ${logitDifference}`);
  const labels = cliPredictions('model.safetensors', dir);
  const agreed = agreement(labels, torch);
  const evaluated = JSON.parse(cli(['eval', 'model.safetensors', '--json'], dir)) as { testAccuracy: number; epochs: null };
  assert.equal(evaluated.epochs, null, 'a weights-only file has no epochs');
  assert.ok(Math.abs(evaluated.testAccuracy - torch.accuracy!) <= 1 - agreed + 1e-9, `eval ${evaluated.testAccuracy}, PyTorch ${torch.accuracy}`);
  figures.perceptronToTorch = { examples: labels.length, agreement: agreed, maxLogitDifference: logitDifference, perceptronAccuracy: evaluated.testAccuracy, torchAccuracy: torch.accuracy };
});

test('PyTorch → perceptron on Fashion-MNIST: a model trained in PyTorch and saved as save_file does evaluates and predicts the same', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'torch-in-'));
  const file = join(dir, 'torch-trained.safetensors');
  torchSide(['train-fashion', file, join(dir, 'torch.json')]);
  const torch = readJson<TorchResult>(join(dir, 'torch.json'));
  // The file holds nn.Sequential(Linear(784, 32), Tanh(), Linear(32, 10)): widths from its shapes, the activation given.
  const evaluated = JSON.parse(cli(['eval', file, '--activation', 'tanh', '--json'], dir)) as { testAccuracy: number; samples: number };
  assert.equal(evaluated.samples, 10_000);
  const labels = cliPredictions(file, dir, ['--activation', 'tanh']);
  const agreed = agreement(labels, torch);
  assert.ok(Math.abs(evaluated.testAccuracy - torch.accuracy!) <= 1 - agreed + 1e-9, `eval ${evaluated.testAccuracy}, PyTorch ${torch.accuracy}`);
  const data = await loadRecipeData((await loadModelFile(file)).recipe);
  const logitDifference = maxDifference(await perceptronLogits(file, data, { activation: 'tanh' }), torch.logits);
  assert.ok(logitDifference < LOGIT_TOLERANCE, `logits differ by up to ${logitDifference}`);
  figures.torchToPerceptron = { examples: labels.length, agreement: agreed, maxLogitDifference: logitDifference, perceptronAccuracy: evaluated.testAccuracy, torchAccuracy: torch.accuracy };
});

/** A layout-blind load: the file's tensors as they are into a 2-2-2 MLP (every shape fits). */
function blindLogits(file: string, x: Tensor, activation: string): Tensor {
  const net = nn.mlp([2, 2, 2], { activation });
  net.loadStateDict(decodeSafetensors(new Uint8Array(readFileSync(file))).tensors);
  net.eval();
  return noGrad(() => net.call(x));
}

test('square layers (2-2-2, every weight 2 × 2): both ways load the right way round, where a layout-blind load passes every shape check and predicts otherwise', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'torch-square-'));
  // perceptron → PyTorch.
  cli(['train', '--dataset', 'xor', '--hidden', '2', '--activation', 'tanh', '--dropout', '0', '--epochs', '30', '--lr', '0.05', '--out', 'xor.safetensors', '--quiet'], dir);
  const printed = cli(['export', 'xor.safetensors', '--format', 'torch', '--out', 'xor-torch.safetensors'], dir);
  writeFileSync(join(dir, 'load.py'), printed);
  const ours = join(dir, 'xor-torch.safetensors');
  const data = await loadRecipeData((await loadModelFile(ours)).recipe);
  const points = join(dir, 'points.json');
  writeFileSync(points, JSON.stringify({ x: data.test.x.toArray(), y: Array.from(data.test.y.data) }));
  torchSide(['load-and-predict', 'load.py', points, join(dir, 'out.json')], dir);
  const torchOut = readJson<TorchResult>(join(dir, 'out.json'));
  const outLogits = maxDifference(await perceptronLogits(ours, data), torchOut.logits);
  assert.ok(outLogits < LOGIT_TOLERANCE, `logits differ by up to ${outLogits}`);
  const outAgreement = agreement(cliPredictions('xor-torch.safetensors', dir), torchOut);
  assert.ok(maxDifference(blindLogits(ours, data.test.x, 'tanh'), torchOut.logits) > 1e-2, 'a layout-blind load of the exported file would have to predict otherwise');
  // PyTorch → perceptron: a 2-2-2 torch model saved with no metadata at all, read on the same points.
  const theirs = join(dir, 'square-torch.safetensors');
  torchSide(['square', theirs, points, join(dir, 'in.json')]);
  const torchIn = readJson<TorchResult>(join(dir, 'in.json'));
  const flags = ['--dataset', 'xor', '--activation', 'tanh'];
  const evaluated = JSON.parse(cli(['eval', theirs, ...flags, '--json'], dir)) as { testAccuracy: number };
  const inAgreement = agreement(cliPredictions(theirs, dir, flags), torchIn);
  assert.ok(Math.abs(evaluated.testAccuracy - torchIn.accuracy!) <= 1 - inAgreement + 1e-9);
  const inLogits = maxDifference(await perceptronLogits(theirs, data, { dataset: 'xor', activation: 'tanh' }), torchIn.logits);
  assert.ok(inLogits < LOGIT_TOLERANCE, `logits differ by up to ${inLogits}`);
  assert.ok(maxDifference(blindLogits(theirs, data.test.x, 'tanh'), torchIn.logits) > 1e-2, 'a layout-blind load of the PyTorch file would have to predict otherwise');
  figures.square = {
    examples: data.test.x.shape[0],
    perceptronToTorch: { agreement: outAgreement, maxLogitDifference: outLogits },
    torchToPerceptron: { agreement: inAgreement, maxLogitDifference: inLogits, accuracy: evaluated.testAccuracy, torchAccuracy: torchIn.accuracy },
  };
});

/** An activation's options: its defaults (required ones 0.5), or each moved off its default. */
function optionsOf(name: keyof typeof activations, moved: boolean): ActivationParams {
  const params: ActivationParams = {};
  for (const [key, option] of Object.entries(activations[name].options)) {
    if (option.type === 'string') params[key] = moved ? (option.choices as readonly string[]).find((c) => c !== option.default)! : option.default;
    else params[key] = (option.default ?? 0.5) + (moved ? 0.25 : 0);
  }
  return params;
}

test("every activation of the table, with PyTorch's defaults and with other options: the printed torch.nn.Sequential loads the saved file and computes the same outputs", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'torch-activations-'));
  // Inputs spread wide enough (σ = 3) to reach every piece of the piecewise activations.
  const x = normal([64, 3], { generator: new Generator(4) }).mul(3);
  writeFileSync(join(dir, 'points.json'), JSON.stringify({ x: x.toArray() }));
  const hasOptions = (name: keyof typeof activations) => Object.keys(activations[name].options).length > 0;
  const cases = [
    ...fixedActivationNames.flatMap((name) => (hasOptions(name) ? [false, true] : [false]).map((moved) => ({ name, params: optionsOf(name, moved) }))),
    { name: 'prelu', params: {} },
  ];
  const manifest: [string, string, string][] = [];
  const ours: Tensor[] = [];
  for (const [i, { name, params }] of cases.entries()) {
    const net = nn.mlp([3, 5, 4], { activation: name, activationParams: params, generator: new Generator(i) }).eval();
    await save(net, join(dir, `${i}.safetensors`));
    writeFileSync(join(dir, `${i}.py`), `${torchLoadingCode(net, `${i}.safetensors`).join('\n')}\n`);
    manifest.push([`${i}.py`, 'points.json', `${i}.json`]);
    ours.push(noGrad(() => net.call(x)));
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  torchSide(['load-and-predict-many', 'manifest.json'], dir);
  let worst = 0;
  for (const [i, { name, params }] of cases.entries()) {
    const difference = maxDifference(ours[i], readJson<TorchResult>(join(dir, `${i}.json`)).logits);
    assert.ok(difference < LOGIT_TOLERANCE, `${name} ${JSON.stringify(params)}: outputs differ by up to ${difference}`);
    worst = Math.max(worst, difference);
  }
  figures.activations = { cases: cases.length, examples: x.shape[0], maxOutputDifference: worst };
});

test('record the figures (PERCEPTRON_RECORD=1)', () => {
  if (process.env.PERCEPTRON_RECORD === '1') writeFileSync(RECORD, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(JSON.stringify(figures));
});
