/**
 * The synthetic data sets by name, one list for every user: the CLI's `train --dataset` (through
 * src/train/recipe.ts) and the playground's data menu both read it, so a set has one name, one
 * task and one default size wherever it is chosen. Each draws x (N, 2) float32 points: TensorFlow
 * Playground's sets (src/data/playground.ts; 500 points to classify and 1200 to regress, as there)
 * and D2L's linear regression data (§3.2: y = X·[2, −3.4] + 4.2 + noise).
 */
import type { Generator } from '../tensor/random.js';
import type { LabeledData } from './dataset.js';
import { syntheticLinear } from './linear.js';
import { circle, gauss, multiGaussian, multiSpiral, plane, spiral, xor } from './playground.js';

/** What a data set asks of a model: class indices, or real values. */
export type Task = 'classification' | 'regression';

/** A synthetic data set of the registry (the playground's): its label, task, defaults and how it is drawn. */
export interface SyntheticDataset {
  /** What a menu shows: 'Two Gaussians'. */
  readonly label: string;
  /** 'classification' (y holds int32 class indices) or 'regression' (y holds float32 targets). */
  readonly task: Task;
  /** Points drawn when no size is asked for. */
  readonly samples: number;
  /** Noise when none is asked for (the playground's slider / 100, 0 … 0.5; the label noise's std for linear). */
  readonly noise: number;
  /** Sets whose number of classes is a choice: its default and range. */
  readonly classes?: {
    /** The number of classes drawn when none is asked for. */
    readonly default: number;
    /** The fewest classes it can draw. */
    readonly min: number;
    /** The most classes it can draw. */
    readonly max: number;
  };
  /** Draws the points from `generator`; `classes` matters only to sets with a `classes` range. */
  make(samples: number, noise: number, generator: Generator, classes: number): LabeledData;
}

/** D2L §3.2's true weights and bias. */
const LINEAR_WEIGHTS = [2, -3.4];
const LINEAR_BIAS = 4.2;

const sets = {
  circle: { label: 'Circle', task: 'classification', samples: 500, noise: 0, make: (n, noise, g) => circle(n, noise, g) },
  xor: { label: 'Exclusive or', task: 'classification', samples: 500, noise: 0, make: (n, noise, g) => xor(n, noise, g) },
  gauss: { label: 'Two Gaussians', task: 'classification', samples: 500, noise: 0, make: (n, noise, g) => gauss(n, noise, g) },
  spiral: { label: 'Spiral', task: 'classification', samples: 500, noise: 0, make: (n, noise, g) => spiral(n, noise, g) },
  'multi-spiral': {
    label: 'Spiral arms (3+ classes)', task: 'classification', samples: 600, noise: 0, classes: { default: 3, min: 3, max: 6 },
    make: (n, noise, g, classes) => multiSpiral(n, classes, noise, g),
  },
  plane: { label: 'Plane', task: 'regression', samples: 1200, noise: 0, make: (n, noise, g) => plane(n, noise, g) },
  'multi-gaussian': { label: 'Multi-Gaussian', task: 'regression', samples: 1200, noise: 0, make: (n, noise, g) => multiGaussian(n, noise, g) },
  linear: {
    label: 'Linear (D2L)', task: 'regression', samples: 1000, noise: 0.01,
    make: (n, noise, g) => syntheticLinear(LINEAR_WEIGHTS, LINEAR_BIAS, n, noise, g),
  },
} satisfies Record<string, SyntheticDataset>;

/** The names of the registry's synthetic data sets ('circle', 'xor', 'spiral', …). */
export type SyntheticDatasetName = keyof typeof sets;

/** The registry of synthetic data sets (the playground's), by name: the one list the CLI and the playground's menu read. */
export const syntheticDatasets: Readonly<Record<SyntheticDatasetName, SyntheticDataset>> = Object.freeze(sets);

/** The names of the synthetic data sets, in registry order. */
export const syntheticDatasetNames = Object.keys(syntheticDatasets) as SyntheticDatasetName[];

/** Whether `name` is one of the synthetic data sets of the registry. */
export const isSyntheticDataset = (name: string): name is SyntheticDatasetName => Object.hasOwn(syntheticDatasets, name);

/** How many points of a synthetic set to draw, with what noise (and classes, where a set has a range). */
export interface DrawOptions {
  /** Default: the set's own size. */
  samples?: number;
  /** Default: the set's own noise. */
  noise?: number;
  /** Sets with a classes range; default: its default. */
  classes?: number;
}

/** Draws the set called `name` from `generator`, at its defaults unless told otherwise. */
export function drawSyntheticDataset(name: SyntheticDatasetName, generator: Generator, options: DrawOptions = {}): LabeledData {
  const set = syntheticDatasets[name];
  return set.make(options.samples ?? set.samples, options.noise ?? set.noise, generator, options.classes ?? set.classes?.default ?? 2);
}
