/**
 * `perceptron export --format torch-script`: the PyTorch DDP training script of a recipe
 * (src/train/torch-script.ts). From a checkpoint, the script starts from its weights and goes on
 * counting epochs (the export's --epochs sets the total; the script's own --epochs too); from
 * recipe flags, it starts from the recipe's init.
 */
import { chmod } from 'node:fs/promises';
import { basename } from 'node:path';
import { ArgumentError } from '../../errors.js';
import { writeFileAtomically } from '../../io/atomic-file.js';
import { checkRecipe, loadTrainedModel } from '../../train/recipe.js';
import { checkTorchScriptRecipe, epochCount, torchScript, type TorchScriptSource } from '../../train/torch-script.js';
import { UsageError } from '../usage-error.js';
import type { ExportFormat, ExportSource } from './export.js';

/** The flags' recipe checked as `train` checks it (a bad value is a usage error), and that the script can load its data. */
function recipeSource(source: ExportSource): TorchScriptSource {
  const recipe = source.recipe!;
  try {
    checkRecipe(recipe);
    checkTorchScriptRecipe(recipe);
  } catch (error) {
    if (error instanceof ArgumentError) throw new UsageError(error.message);
    throw error;
  }
  return { recipe };
}

/** A checkpoint's recipe, weights, epoch and history; of the recipe flags only --epochs (the total to train to). */
async function checkpointSource(source: ExportSource): Promise<TorchScriptSource> {
  const path = source.checkpoint!;
  const other = source.givenFlags.filter((flag) => flag !== '--epochs');
  if (other.length > 0) throw new UsageError(`${other.join(', ')}: a checkpoint carries its recipe; of the recipe flags only --epochs (the total to train to) applies`);
  // Loaded as eval loads it: a checkpoint whose weights do not fit its recipe is refused here, not on the cluster.
  const { checkpoint, recipe } = await loadTrainedModel(path);
  checkTorchScriptRecipe(recipe);
  const given = source.givenFlags.includes('--epochs');
  const epochs = given ? Number(source.flags.epochs) : recipe.epochs;
  if (!Number.isInteger(epochs) || epochs <= checkpoint.epoch) {
    throw new UsageError(given
      ? `--epochs ${source.flags.epochs}: ${path} already has ${epochCount(checkpoint.epoch)}; pass a larger total`
      : `${path} has all ${epochCount(checkpoint.epoch)} of its recipe; pass --epochs with the total to train to`);
  }
  return { recipe: { ...recipe, epochs }, checkpoint };
}

export const torchScriptFormat: ExportFormat = {
  description: 'a PyTorch training script (DistributedDataParallel; python3 train.py --nproc N, or torchrun) that writes a checkpoint back',
  fromRecipe: true,
  async write(source, out) {
    const script = source.checkpoint ? await checkpointSource(source) : recipeSource(source);
    await writeFileAtomically(out, new TextEncoder().encode(torchScript(script, basename(out))));
    await chmod(out, 0o755);
    const from = script.checkpoint ? `${source.checkpoint} (${epochCount(script.checkpoint.epoch)}: weights and optimizer state)` : "the recipe's init";
    return [
      `Wrote ${out}: ${epochCount(script.recipe.epochs)} of the recipe, from ${from}.`,
      `Run it with: python3 ${out} --nproc 2   (or torchrun --nproc_per_node 2 ${out}); then: perceptron eval result.safetensors`,
    ];
  },
};
