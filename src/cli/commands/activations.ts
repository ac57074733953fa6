/** `perceptron activations [--json]`: the activation table, with formulas and PyTorch's options. */
import type { Command } from 'commander';
import { activations, type Activation } from '../../activation/table.js';

const entries = (): Activation[] => Object.values(activations as Record<string, Activation>);

/** 'negativeSlope=0.01', or 'threshold (required)' for an option PyTorch has no default for. */
function describeOptions(a: Activation): string {
  const options = Object.entries(a.options).map(([key, option]) => (option.default === undefined ? `${key} (required)` : `${key}=${option.default}`));
  return options.join(', ') || '—';
}

export function formatActivationTable(): string {
  const rows = entries().map((a) => [a.name, a.formula, describeOptions(a)]);
  const header = ['name', 'formula', 'options'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i]) : c)).join('  ');
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * The table as data, for programs: every entry's names, formula and options (type, default,
 * choices), in the table's order. scripts/reference/activations.py reads it to know what to run.
 */
export function activationTableJson(): string {
  const described = entries().map(({ name, torchName, moduleName, formula, options, defaults, required, learnable }) => ({
    name, torchName, moduleName, formula, options, defaults, required, learnable,
  }));
  return JSON.stringify(described, null, 1);
}

export function registerActivations(program: Command): void {
  program
    .command('activations')
    .description('list the activation functions with their formulas and PyTorch options')
    .option('--json', 'print the table as JSON (names, formula, options with types and defaults)')
    .action((flags: { json?: boolean }) => {
      if (flags.json) {
        console.log(activationTableJson());
        return;
      }
      console.log(formatActivationTable());
      console.log('\nAlso: softmax and logSoftmax (along an axis). Plot any of them: perceptron plot NAME [--grad] [--param NAME=VALUE]');
    });
}
