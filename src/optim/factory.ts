/**
 * The optimizers by name, one list for every user: the CLI's `train --optimizer` (through
 * src/train/recipe.ts) and the playground's optimizer menu both build from it, so a name means the
 * same optimizer with the same settings wherever it is chosen.
 */
import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { Adam, AdamW } from './adam.js';
import type { Optimizer } from './optimizer.js';
import { SGD } from './sgd.js';

/** What a choice is built with; unset values take the optimizer's own defaults. */
export interface OptimizerChoiceOptions {
  /** Learning rate, finite and ≥ 0. */
  lr: number;
  /** L2 penalty (decoupled for AdamW); left out, each optimizer's default (0; AdamW 0.01). */
  weightDecay?: number;
  /** 'momentum' and 'nesterov' only (default DEFAULT_MOMENTUM). */
  momentum?: number;
}

/** An optimizer as a menu offers it: a label and how to make it. */
export interface OptimizerChoice {
  /** What a menu shows: 'SGD + momentum'. */
  readonly label: string;
  /** The optimizer over `params` with the given learning rate, weight decay and momentum. */
  make(params: Tensor[], options: OptimizerChoiceOptions): Optimizer;
}

/** The momentum of the 'momentum' and 'nesterov' choices unless one is given: the customary 0.9. */
export const DEFAULT_MOMENTUM = 0.9;

const choices = {
  sgd: { label: 'SGD', make: (params, { lr, weightDecay }) => new SGD(params, { lr, weightDecay }) },
  momentum: {
    label: 'SGD + momentum',
    make: (params, { lr, weightDecay, momentum = DEFAULT_MOMENTUM }) => new SGD(params, { lr, weightDecay, momentum }),
  },
  nesterov: {
    label: 'SGD + Nesterov momentum',
    make: (params, { lr, weightDecay, momentum = DEFAULT_MOMENTUM }) => new SGD(params, { lr, weightDecay, momentum, nesterov: true }),
  },
  adam: { label: 'Adam', make: (params, { lr, weightDecay }) => new Adam(params, { lr, weightDecay }) },
  adamw: { label: 'AdamW', make: (params, { lr, weightDecay }) => new AdamW(params, { lr, weightDecay }) },
} satisfies Record<string, OptimizerChoice>;

/** The optimizers the factory makes by name: 'sgd', 'momentum', 'nesterov', 'adam', 'adamw'. */
export type OptimizerName = keyof typeof choices;

/** The optimizers by name, as the CLI and the playground offer them: the one list both read. */
export const optimizerChoices: Readonly<Record<OptimizerName, OptimizerChoice>> = Object.freeze(choices);

/** The names of optimizerChoices, in order. */
export const optimizerNames = Object.keys(optimizerChoices) as OptimizerName[];

/** The optimizer called `name` over `params`; an unknown name is an ArgumentError listing the valid ones. */
export function makeOptimizer(name: string, params: Tensor[], options: OptimizerChoiceOptions): Optimizer {
  if (!Object.hasOwn(optimizerChoices, name)) {
    throw new ArgumentError(`unknown optimizer '${name}': use ${optimizerNames.join(', ')}`);
  }
  return optimizerChoices[name as OptimizerName].make(params, options);
}
