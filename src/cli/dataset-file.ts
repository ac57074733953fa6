/**
 * A CSV data set as a checkpoint remembers it: the absolute path (a relative one would name another
 * file, or none, from another folder) and the SHA-256 of its content, so `eval`, `predict` and
 * `--resume` refuse a file that changed since training instead of silently scoring other data.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatasetError } from '../data/errors.js';
import { DATASET_NAMES, type Recipe } from '../train/index.js';

const isFile = (dataset: string) => !DATASET_NAMES.includes(dataset) && existsSync(dataset);

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The recipe with a data file's path made absolute and its SHA-256 recorded (named sets unchanged). */
export function pinDatasetFile(recipe: Recipe): Recipe {
  if (!isFile(recipe.dataset)) return recipe;
  const dataset = resolve(recipe.dataset);
  return { ...recipe, dataset, datasetSha256: sha256(dataset) };
}

/** Throws a DatasetError if the recipe's data file no longer has the content it was trained on. */
export function checkDatasetUnchanged(recipe: Recipe): void {
  if (recipe.datasetSha256 === undefined || !isFile(recipe.dataset)) return;
  const now = sha256(recipe.dataset);
  if (now !== recipe.datasetSha256) {
    throw new DatasetError(
      `${recipe.dataset} has changed since the checkpoint was trained on it (SHA-256 ${now.slice(0, 12)}…, was ${recipe.datasetSha256.slice(0, 12)}…); ` +
        'restore the original file, or train a new model on this one',
    );
  }
}
