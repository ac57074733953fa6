/**
 * `perceptron reproduce` (the README's main job, `npm start`): the chapter's figures and claims,
 * then the default MLP trained on Fashion-MNIST, with its curves and a grid of predictions. Where
 * Fashion-MNIST can be neither found nor downloaded, it trains on a synthetic set instead and says
 * how to get the real data.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { reproduceChapter } from '../../../examples/chapter.js';
import { DatasetError } from '../../data/errors.js';
import { DEFAULT_RECIPE, ProgressReporter, loadRecipeData, predictLabels, predictionGrid, runRecipe, trainingCurves, type Recipe } from '../../train/index.js';
import { parseNumber } from '../usage-error.js';

export async function reproduce(
  outDir: string,
  epochs: number,
  log: (line: string) => void = console.log,
  base: Recipe = DEFAULT_RECIPE,
): Promise<void> {
  log(`1. The chapter (D2L "多层感知机"): figures in ${join(outDir, 'chapter')}/`);
  await reproduceChapter(join(outDir, 'chapter'), log);

  let recipe: Recipe = { ...base, epochs };
  try {
    await loadRecipeData(recipe);
  } catch (error) {
    if (!(error instanceof DatasetError)) throw error;
    log(`\n${recipe.dataset} is not available here: ${error.message}`);
    log('To train on the real data: apt-get install dataset-fashion-mnist (Debian/Ubuntu), or put the four IDX files in a folder');
    log('and set PERCEPTRON_DATA=that/folder, or run where the official files can be downloaded.');
    log("Training on the synthetic 3-arm spiral ('multi-spiral') instead.");
    recipe = { ...recipe, dataset: 'multi-spiral', hidden: [64, 64], dropout: 0, lr: 0.01, batchSize: 32, epochs: Math.max(epochs, 60) };
  }
  log(`\n2. Training the default MLP (${['in', ...recipe.hidden, 'out'].join('-')}, ${recipe.activation}, ${recipe.optimizer} lr ${recipe.lr}, ` +
    `${recipe.schedule} schedule, batch ${recipe.batchSize}, ${recipe.epochs} epochs) on ${recipe.dataset}`);
  const progress = new ProgressReporter(recipe.epochs);
  const result = await runRecipe(recipe, { onBatch: (e) => progress.batch(e), onEpochEnd: (r) => progress.epoch(r) });
  const curves = trainingCurves(result.history);
  const files = [join(outDir, 'training-curves.svg'), join(outDir, 'training-curves.png')];
  for (const file of files) await curves.save(file);
  if (result.data.imageSide) {
    const count = 10;
    const x = result.data.test.x.slice(0, 0, count);
    const y = result.data.test.y.slice(0, 0, count);
    const predicted = predictLabels(result.model, x);
    const grid = join(outDir, 'predictions.png');
    await predictionGrid(x, y, predicted, result.data.classNames ?? [], { count }).save(grid);
    files.push(grid);
  }
  const score = result.testAccuracy !== undefined ? `test accuracy ${result.testAccuracy.toFixed(4)}` : `test R² ${result.testR2?.toFixed(4)}`;
  log(`\nResult on ${result.data.description}: ${score}, final train loss ${result.trainLoss.toFixed(4)}, ` +
    `${Math.round(result.samplesPerSecond).toLocaleString('en-US')} samples/s, ${result.seconds.toFixed(1)} s in all.`);
  log(`Figures: ${files.join(', ')}`);
}

export function registerReproduce(program: Command): void {
  program
    .command('reproduce')
    .description('the main job: reproduce the chapter, train the default MLP on Fashion-MNIST, report what it achieved')
    .option('--out <dir>', 'folder for the figures', 'out')
    .option('--epochs <n>', 'epochs of training', String(DEFAULT_RECIPE.epochs))
    .action(async (flags: { out: string; epochs: string }) => {
      await reproduce(flags.out, parseNumber('--epochs', flags.epochs));
    });
}
