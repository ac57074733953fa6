/**
 * For users who outgrow one machine: a self-contained PyTorch script that trains the same recipe
 * with DistributedDataParallel (`perceptron export --format torch-script`). The same network
 * (layer for layer, so the state-dict names match), init, loss, optimizer with every
 * hyper-parameter, schedule, batch and data set; from the recipe's init or from a checkpoint's
 * weights, embedded in the script. It runs under torchrun or starts its own processes (`--nproc N`),
 * and writes a perceptron checkpoint back, which `perceptron eval` reads.
 *
 * What perceptron computes and what the script computes agree in their definitions (PyTorch's
 * formulas throughout), not in their random draws: PyTorch's generator draws the init, the
 * shuffling and the dropout masks, so a run's numbers differ from perceptron's as two seeds do.
 */
import { FASHION_MNIST, MNIST, type ImageDatasetSpec } from '../data/index.js';
import { ArgumentError } from '../errors.js';
import { getActivation } from '../activation/table.js';
import { parseInit } from '../nn/index.js';
import { encodeCheckpoint, type Checkpoint } from './checkpoint.js';
import { buildModel, buildOptimizer, type Recipe } from './recipe.js';
import { TORCH_SCRIPT_BODY, TORCH_SCRIPT_IMPORTS } from './torch-script-template.js';

/** The data sets the script can load itself: the IDX image sets, from the same files perceptron reads. */
const IDX_DATASETS: Readonly<Record<string, ImageDatasetSpec>> = { 'fashion-mnist': FASHION_MNIST, mnist: MNIST };
/** The data sets a PyTorch training script (torchScript) can load: those in IDX files. */
export const TORCH_SCRIPT_DATASETS: readonly string[] = Object.keys(IDX_DATASETS);

/** What torchScript writes a PyTorch training script for: a recipe, and optionally a checkpoint to go on from. */
export interface TorchScriptSource {
  /** The recipe to train; its epochs are the total the run goes to. */
  recipe: Recipe;
  /**
   * A checkpoint to go on from, embedded in the script: its weights, optimizer state, epoch count
   * (the schedule continues from it) and history. Without one the script draws the recipe's init.
   */
  checkpoint?: Checkpoint;
}

/** Whether the script can train this recipe; an ArgumentError saying why not otherwise. */
export function checkTorchScriptRecipe(recipe: Recipe): void {
  if (!Object.hasOwn(IDX_DATASETS, recipe.dataset)) {
    throw new ArgumentError(`torch-script: the script loads ${TORCH_SCRIPT_DATASETS.join(' and ')} from their IDX files; ` +
      `'${recipe.dataset}' (drawn or read by perceptron itself) is not supported`);
  }
}

/** A JavaScript number as a Python float literal: 1 → 1.0; String() serves the rest (0.001, 1e-8 are valid Python). */
function pyFloat(x: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? x.toFixed(1) : String(x);
}

/** A hyper-parameter value as Python: booleans, numbers, pairs (betas) as tuples. */
function pyValue(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pyFloat(value);
  if (Array.isArray(value)) return `(${value.map(pyValue).join(', ')})`;
  throw new ArgumentError(`torch-script: cannot write ${JSON.stringify(value)} as a Python value`);
}

/** '1 epoch', '2 epochs'. */
export const epochCount = (n: number): string => `${n} epoch${n === 1 ? '' : 's'}`;

/** JSON inside a raw triple-quoted string: valid JSON never holds three quotes in a row nor ends in a backslash. */
const pyJson = (value: unknown, indent?: number): string => `json.loads(r"""${JSON.stringify(value, null, indent)}""")`;

const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** nn.Sequential written layer by layer as perceptron's mlp() builds it, so '0.weight', '3.weight', … match. */
function modelCode(recipe: Recipe, inputs: number, outputs: number): string {
  const activation = getActivation(recipe.activation);
  const widths = [inputs, ...recipe.hidden, outputs];
  const layers: string[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    layers.push(`nn.Linear(${widths[i]}, ${widths[i + 1]})`);
    if (i === widths.length - 2) break;
    layers.push(`nn.${activation.moduleName}()`);
    if (recipe.dropout !== 0) layers.push(`nn.Dropout(p=${pyFloat(recipe.dropout)})`);
  }
  const lines = layers.map((layer, i) => `        ${layer},  # ${i}`);
  return [
    'def build_model():',
    `    """${widths.join('-')}, ${activation.moduleName}${recipe.dropout ? `, dropout ${recipe.dropout} after each hidden layer` : ''}: perceptron's mlp(), layer for layer."""`,
    '    return nn.Sequential(',
    ...lines,
    '    )',
  ].join('\n');
}

/** torch.nn.init calls for each init spec of nn.parseInit; the same formulas (fans taken from PyTorch's out × in weight). */
function initCode(initSpec: string): string {
  const spec = parseInit(initSpec).spec;
  const zeroBias = (weight: string) => [weight, 'nn.init.zeros_(layer.bias)'];
  const body: string[] = spec.startsWith('normal:') ? zeroBias(`nn.init.normal_(layer.weight, mean=0.0, std=${pyFloat(Number(spec.slice('normal:'.length)))})`)
    : spec === 'xavier-uniform' ? zeroBias('nn.init.xavier_uniform_(layer.weight)')
    : spec === 'xavier-normal' ? zeroBias('nn.init.xavier_normal_(layer.weight)')
    : spec === 'kaiming-uniform' ? zeroBias("nn.init.kaiming_uniform_(layer.weight, a=0, mode='fan_in', nonlinearity='leaky_relu')")
    : spec === 'kaiming-normal' ? zeroBias("nn.init.kaiming_normal_(layer.weight, a=0, mode='fan_in', nonlinearity='leaky_relu')")
    : spec === 'zeros' ? ['nn.init.zeros_(layer.weight)', 'nn.init.zeros_(layer.bias)']
    : spec === 'pytorch' ? ['layer.reset_parameters()  # kaiming_uniform_(a=sqrt(5)), bias U(-1/sqrt(fan_in), 1/sqrt(fan_in))']
    : [];
  if (body.length === 0) throw new ArgumentError(`torch-script: no PyTorch equivalent written for init '${spec}'`);
  return [
    'def initialize(model):',
    `    """The recipe's init '${spec}', drawn by torch.manual_seed(seed)."""`,
    '    for layer in model:',
    '        if isinstance(layer, nn.Linear):',
    ...body.map((line) => `            ${line}`),
  ].join('\n');
}

/** torch.optim.<name> with every hyper-parameter of perceptron's optimizer for this recipe, named as PyTorch names them. */
function optimizerCode(recipe: Recipe): string {
  const optimizer = buildOptimizer(recipe, buildModel(recipe, 1, 1).parameters());
  const options = Object.entries(optimizer.defaults).map(([key, value]) => `${snakeCase(key)}=${pyValue(value)}`);
  return [
    'def build_optimizer(parameters):',
    `    """perceptron's '${recipe.optimizer}' optimizer: torch.optim.${optimizer.name}, each option as perceptron sets it."""`,
    `    return torch.optim.${optimizer.name}(parameters, ${options.join(', ')})`,
  ].join('\n');
}

/** The per-epoch schedule of recipe.ts's buildScheduler, as the PyTorch scheduler it mirrors, over the script's --epochs. */
function scheduleCode(recipe: Recipe): string {
  const line = recipe.schedule === 'constant' ? 'return None'
    : recipe.schedule === 'cosine' ? 'return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs, eta_min=0.0)'
    // perceptron's Math.round(epochs / 3): epochs / 3 is never x.5, so int(x + 0.5) agrees with it.
    : recipe.schedule === 'step' ? 'return torch.optim.lr_scheduler.StepLR(optimizer, step_size=max(1, int(epochs / 3 + 0.5)), gamma=0.1)'
    : undefined;
  if (line === undefined) throw new ArgumentError(`torch-script: unknown schedule '${String(recipe.schedule)}'`);
  return [
    'def build_schedule(optimizer, epochs):',
    `    """The '${recipe.schedule}' schedule, stepped once per epoch over all the epochs of the run."""`,
    `    ${line}`,
  ].join('\n');
}

/** The checkpoint file, base64 in lines of 100 characters (the script reads it as it reads --weights). */
function embeddedCheckpoint(checkpoint: Checkpoint): string {
  const lines = Buffer.from(encodeCheckpoint(checkpoint)).toString('base64').match(/.{1,100}/g) ?? [];
  return `INITIAL_CHECKPOINT = """\n${lines.join('\n')}\n"""`;
}

function usage(script: string): string {
  const lines: [string, string][] = [
    [`python3 ${script} --nproc 2`, '2 processes on this machine (gloo on CPU, nccl on GPUs)'],
    [`torchrun --nproc_per_node 2 ${script}`, "the same through torchrun, on a newer torch (Debian's torchrun 1.13"],
    ['', 'fails under Python 3.11); torchrun --nnodes … --rdzv_endpoint … for several machines'],
    ['perceptron eval result.safetensors', 'perceptron scores the weights the script wrote'],
  ];
  const width = Math.max(...lines.map(([command]) => command.length)) + 3;
  return ['Run it:', ...lines.map(([command, what]) => `  ${command.padEnd(width)}${what}`)].join('\n');
}

/**
 * The Python text of the script for `source`. The recipe must be one checkTorchScriptRecipe
 * accepts. `scriptName` appears in the usage lines.
 */
export function torchScript(source: TorchScriptSource, scriptName = 'train.py'): string {
  const { recipe, checkpoint } = source;
  checkTorchScriptRecipe(recipe);
  const data = IDX_DATASETS[recipe.dataset];
  const inputs = 784;
  const outputs = data.classNames.length;
  const widths = [inputs, ...recipe.hidden, outputs].join('-');
  const description = `a ${widths} MLP on ${data.title}`;
  const config = { task: 'classification', inputs, outputs, classNames: data.classNames };
  return [
    '#!/usr/bin/env python3',
    `"""Train ${description} with PyTorch DistributedDataParallel: the recipe below, as perceptron trains it.`,
    '',
    'Written by `perceptron export --format torch-script`. Needs torch (1.13 or newer) and numpy.',
    `Starts from ${checkpoint ? `the checkpoint embedded below (${epochCount(checkpoint.epoch)}: weights, optimizer state)` : "the recipe's init"}; ` +
      'writes a perceptron checkpoint (--out, default result.safetensors).',
    '',
    usage(scriptName),
    '"""',
    TORCH_SCRIPT_IMPORTS.trim(),
    '',
    '# ---- the recipe, filled in by perceptron ---------------------------------------------------------',
    '',
    `RECIPE = ${pyJson(recipe, 4)}`,
    `CONFIG = ${pyJson(config)}`,
    `DATA = ${pyJson({ title: data.title, folder: data.folder })}`,
    `DESCRIPTION = ${JSON.stringify(description)}`,
    '',
    '',
    modelCode(recipe, inputs, outputs),
    '',
    '',
    initCode(recipe.init),
    '',
    '',
    optimizerCode(recipe),
    '',
    '',
    scheduleCode(recipe),
    '',
    '',
    '# The perceptron checkpoint to go on from (safetensors, base64); None starts from the init above.',
    checkpoint ? embeddedCheckpoint(checkpoint) : 'INITIAL_CHECKPOINT = None',
    '',
    TORCH_SCRIPT_BODY.trimStart(),
  ].join('\n');
}
