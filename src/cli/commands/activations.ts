/** `perceptron activations`: the activation table, with formulas and PyTorch defaults. */
import type { Command } from 'commander';
import { activations } from '../../activation/table.js';

export function formatActivationTable(): string {
  const rows = Object.values(activations).map((a) => [
    a.name,
    a.formula,
    Object.entries(a.defaults).map(([k, v]) => `${k}=${v}`).join(', ') || '—',
  ]);
  const header = ['name', 'formula', 'defaults'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i]) : c)).join('  ');
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

export function registerActivations(program: Command): void {
  program
    .command('activations')
    .description('list the activation functions with their formulas and PyTorch defaults')
    .action(() => {
      console.log(formatActivationTable());
      console.log('\nAlso: softmax and logSoftmax (along an axis). Plot any of them: perceptron plot NAME [--grad]');
    });
}
