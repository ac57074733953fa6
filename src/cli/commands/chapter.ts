/** `perceptron chapter --out DIR`: reproduces the D2L MLP chapter's figures and claims. */
import type { Command } from 'commander';
import { reproduceChapter } from '../../../examples/chapter.js';

export function registerChapter(program: Command): void {
  program
    .command('chapter')
    .description('reproduce the D2L multilayer-perceptron chapter: figures (SVG + PNG) and its numerical claims')
    .option('--out <dir>', 'folder for the figures', 'out/chapter')
    .action(async (opts: { out: string }) => {
      console.log(`Reproducing D2L "多层感知机" (multilayer perceptrons) into ${opts.out}/`);
      await reproduceChapter(opts.out);
    });
}
