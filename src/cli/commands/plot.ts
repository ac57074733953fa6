/** `perceptron plot NAME [--grad]`: the chapter's figure for any activation function. */
import type { Command } from 'commander';
import { getActivation, resolveParams, type ActivationParams } from '../../activation/table.js';
import { arange, autograd } from '../../index.js';
import { xyplot, type Figure } from '../../plot/index.js';
import { parseNumber, UsageError } from '../usage-error.js';

export interface PlotActivationOptions {
  grad?: boolean;
  from?: number;
  to?: number;
  params?: ActivationParams;
}

/** The activation (or its derivative, by autograd) over [from, to) in steps of 0.1, as in the chapter. */
export function plotActivation(name: string, options: PlotActivationOptions = {}): Figure {
  const activation = getActivation(name);
  const params = resolveParams(activation, options.params);
  const from = options.from ?? -8;
  const to = options.to ?? 8;
  if (!(to > from)) throw new UsageError(`--from must be less than --to (got ${from} and ${to})`);
  const x = arange(from, to, (to - from) / 160);
  x.attachGrad();
  const y = autograd.record(() => x.activation(activation.name, params));
  if (!options.grad) return xyplot(x, y, activation.name);
  y.backward();
  return xyplot(x, x.grad!, `grad of ${activation.name}`);
}

/** `--param negativeSlope=0.2` → { negativeSlope: 0.2 } (strings kept for options like approximate=tanh). */
function collectParam(value: string, previous: ActivationParams): ActivationParams {
  const match = value.match(/^(\w+)=(.+)$/);
  if (!match) throw new UsageError(`--param expects NAME=VALUE, got '${value}'`);
  const n = Number(match[2]);
  return { ...previous, [match[1]]: Number.isFinite(n) ? n : match[2] };
}

export function registerPlot(program: Command): void {
  program
    .command('plot')
    .description("plot an activation function (or its gradient) like the chapter's figures")
    .argument('<name>', "activation name, e.g. relu, sigmoid, gelu (see 'perceptron activations')")
    .option('--grad', 'plot the derivative, computed by autograd')
    .option('--out <file>', 'output .svg or .png (default: NAME.svg or NAME-grad.svg)')
    .option('--from <x>', 'left end of the x range', '-8')
    .option('--to <x>', 'right end of the x range', '8')
    .option('--param <name=value>', "activation option, repeatable (e.g. negativeSlope=0.2); options without a default must be given (see 'perceptron activations')", collectParam, {})
    .action(async (name: string, opts: { grad?: boolean; out?: string; from: string; to: string; param: ActivationParams }) => {
      const figure = plotActivation(name, {
        grad: opts.grad,
        from: parseNumber('--from', opts.from),
        to: parseNumber('--to', opts.to),
        params: opts.param,
      });
      const out = opts.out ?? `${getActivation(name).name}${opts.grad ? '-grad' : ''}.svg`;
      await figure.save(out);
      console.log(`wrote ${out}`);
    });
}
