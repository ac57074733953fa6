/**
 * The flags of `eval` and `predict` that describe a weights-only file (one from `export --format
 * torch`, save() or PyTorch), which, unlike a checkpoint, may not say what it was trained on, with
 * which activation, or which way round its weights are; and the check that model and data fit.
 */
import { Option, type Command } from 'commander';
import { ArgumentError } from '../errors.js';
import { DATASET_NAMES, loadModelFile, type ModelFile, type PreparedData } from '../train/index.js';
import type { WeightLayout } from '../io/weight-layout.js';
import { parseNumber, UsageError } from './usage-error.js';

/** The values of the flags addModelFileOptions adds. */
export interface ModelFileFlags {
  dataset?: string;
  hidden?: string;
  activation?: string;
  layout?: WeightLayout;
}

/** Adds --dataset, --hidden, --activation and --layout, for weights-only files. */
export function addModelFileOptions(command: Command): Command {
  return command
    .option('--dataset <name|file.csv>', `weights-only files: the data to evaluate on (${DATASET_NAMES.join(', ')}, or a CSV file; default: the file's recipe, else fashion-mnist)`)
    .option('--hidden <sizes>', 'weights-only files: hidden widths, comma separated (default: read from the shapes)')
    .option('--activation <name>', "weights-only files: the activation between layers (default: the file's recipe, else relu)")
    .addOption(new Option('--layout <layout>', "weights-only files that do not state their layout: torch (out × in, PyTorch's; the default) or in-out").choices(['torch', 'in-out']));
}

function hiddenWidths(value: string): number[] {
  if (value.trim() === '') return [];
  return value.split(',').map((text) => {
    const width = parseNumber('--hidden', text.trim());
    if (!Number.isInteger(width) || width < 1) throw new UsageError(`--hidden expects positive integers, got '${text.trim()}'`);
    return width;
  });
}

/** The model in `path` (a checkpoint or weights only); flags a checkpoint does not take are a usage error. */
export async function openModelFile(path: string, flags: ModelFileFlags): Promise<ModelFile> {
  try {
    return await loadModelFile(path, {
      dataset: flags.dataset, activation: flags.activation, layout: flags.layout,
      hidden: flags.hidden === undefined ? undefined : hiddenWidths(flags.hidden),
    });
  } catch (error) {
    if (error instanceof ArgumentError && / is a checkpoint, which holds its recipe/.test(error.message)) throw new UsageError(error.message);
    throw error;
  }
}

/** Refuses data whose features or classes are not the model's, naming the file and the widths. */
export function checkModelFitsData(path: string, { widths, checkpoint }: ModelFile, data: PreparedData): void {
  const inputs = widths[0];
  const outputs = widths.at(-1)!;
  if (inputs === data.inputs && outputs === data.outputs) return;
  const fix = checkpoint ? '' : '; name the data it was trained on with --dataset';
  throw new ArgumentError(`${path}: the model takes ${inputs} inputs and gives ${outputs} outputs, but ${data.description} has ${data.inputs} features and ${data.outputs} targets${fix}`);
}
