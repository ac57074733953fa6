/**
 * `train --resume`: a resumed run continues with the recipe saved in its checkpoint, so a flag
 * that asks for something else (another learning rate, data set, network) is refused instead of
 * silently ignored; the same value is accepted. Only --epochs, --data-path and the output flags
 * may change.
 *
 * Extending a run (--epochs beyond the recipe's) re-plans its schedule over the new total: the
 * schedule is a closed form of the epoch and the total (cosine, step), rebuilt for the new total
 * and advanced to the resumed epoch, so the epochs already run keep the rates they had and the
 * rest follow the new curve. For a decaying schedule that is not the run a fresh N-epoch one
 * would have been (2 + 1 epochs ≠ 3), which the CLI says when it happens.
 */
import type { Recipe } from '../train/index.js';
import { UsageError } from './usage-error.js';

/** The recipe fields a flag sets, by flag. */
const RECIPE_FLAGS: readonly [flag: string, key: keyof Recipe][] = [
  ['--dataset', 'dataset'], ['--samples', 'samples'], ['--noise', 'noise'], ['--test-fraction', 'testFraction'],
  ['--label-column', 'labelColumn'], ['--task', 'task'], ['--hidden', 'hidden'], ['--activation', 'activation'],
  ['--init', 'init'], ['--dropout', 'dropout'], ['--optimizer', 'optimizer'], ['--lr', 'lr'], ['--momentum', 'momentum'],
  ['--weight-decay', 'weightDecay'], ['--schedule', 'schedule'], ['--batch-size', 'batchSize'], ['--seed', 'seed'],
];

const shown = (value: unknown) => (Array.isArray(value) ? value.join(',') : String(value));

/**
 * Throws a UsageError for the first flag given on the command line (`given`) whose value differs
 * from the checkpoint's recipe; `--recipe` is refused outright, as it would replace every field.
 */
export function checkResumeFlags(requested: Recipe, saved: Recipe, given: (flag: string) => boolean, checkpoint: string): void {
  if (given('--recipe')) throw new UsageError(`--recipe cannot be given with --resume: ${checkpoint} continues with its own recipe`);
  for (const [flag, key] of RECIPE_FLAGS) {
    if (!given(flag) || JSON.stringify(requested[key]) === JSON.stringify(saved[key])) continue;
    throw new UsageError(
      `${flag} ${shown(requested[key])} differs from the checkpoint's recipe (${key} ${shown(saved[key])}); ` +
        `a resumed run continues with its own recipe (start a new run to change it)`,
    );
  }
}

/** The note printed when resuming extends a run whose schedule depends on its length; null otherwise. */
export function extensionNote(saved: Recipe, epochsDone: number, epochs: number): string | null {
  if (epochs <= saved.epochs || (saved.schedule !== 'cosine' && saved.schedule !== 'step')) return null;
  return `Note: the ${saved.schedule} schedule was planned for ${saved.epochs} epochs; epochs ${epochsDone + 1}–${epochs} follow the curve ` +
    `planned for ${epochs} (epochs 1–${epochsDone} keep their rates), so this run differs from a fresh ${epochs}-epoch one`;
}
