/**
 * `perceptron export <checkpoint> --format <name> --out <file>`: a trained model written for another
 * tool. EXPORT_FORMATS maps each format name to its writer, each in its own module; a new format is
 * one entry there. A format that can start from nothing (torch-script, a training script) also
 * takes, instead of a checkpoint, the recipe that `train`'s flags describe.
 */
import { Option, type Command } from 'commander';
import type { Recipe } from '../../train/index.js';
import { checkWritable } from '../output-paths.js';
import { UsageError } from '../usage-error.js';
import { onnxFormat } from './export-onnx.js';
import { torchScriptFormat } from './export-torch-script.js';
import { torchFormat } from './export-torch.js';
import { addRecipeOptions, recipeFromFlags, type TrainFlags } from './train.js';

/** What the command line named: a checkpoint, or the recipe its flags describe (formats with fromRecipe only). */
export interface ExportSource {
  checkpoint?: string;
  recipe?: Recipe;
  /** The recipe flags given on the command line besides a checkpoint ('--epochs'); a format refuses those it cannot honour. */
  givenFlags: readonly string[];
  /** Every recipe flag's value (defaults included), to read the given ones. */
  flags: TrainFlags;
}

export interface ExportFormat {
  /** One line for --help. */
  description: string;
  /** Whether the format can be written from a recipe alone, with no checkpoint. */
  fromRecipe: boolean;
  /** Writes `out`; returns the lines to print. */
  write(source: ExportSource, out: string): Promise<string[]>;
}

export const EXPORT_FORMATS: Readonly<Record<string, ExportFormat>> = {
  torch: torchFormat,
  'torch-script': torchScriptFormat,
  onnx: onnxFormat,
};

const formatHelp = Object.entries(EXPORT_FORMATS).map(([name, format]) => `${name}: ${format.description}`).join('; ');

interface ExportFlags extends TrainFlags {
  format: string;
  out: string;
}

export function registerExport(program: Command): void {
  addRecipeOptions(program
    .command('export')
    .description('write a checkpoint (or, for torch-script, a recipe given by train\'s flags) in another tool\'s format')
    .argument('[checkpoint]', 'a .safetensors checkpoint written by perceptron train')
    .addOption(new Option('--format <name>', formatHelp).choices(Object.keys(EXPORT_FORMATS)).makeOptionMandatory())
    .requiredOption('--out <file>', 'the file to write'))
    .action(async (checkpoint: string | undefined, flags: ExportFlags, command: Command) => {
      const format = EXPORT_FORMATS[flags.format];
      const recipeFlags = new Set(addRecipeOptions(program.createCommand()).options.map((option) => option.attributeName()));
      const givenFlags = command.options
        .filter((option) => recipeFlags.has(option.attributeName()) && command.getOptionValueSource(option.attributeName()) === 'cli')
        .map((option) => option.long ?? option.flags);
      if (!format.fromRecipe && (!checkpoint || givenFlags.length > 0)) {
        throw new UsageError(`--format ${flags.format} exports a trained model: name a checkpoint, and no recipe flags${givenFlags.length ? ` (got ${givenFlags.join(', ')})` : ''}`);
      }
      checkWritable('--out', flags.out);
      const source: ExportSource = checkpoint ? { checkpoint, givenFlags, flags } : { recipe: recipeFromFlags(flags), givenFlags, flags };
      for (const line of await format.write(source, flags.out)) console.log(line);
    });
}
