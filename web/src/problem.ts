/**
 * The problem the network learns: the data sets of the menu (the library's TensorFlow Playground
 * sets, or the user's CSV), split into training and test points, and the input features computed
 * from each point (x₁, x₂, x₁², …).
 */
import { data, Generator, Tensor } from 'perceptron';
import type { UploadedPoints } from './uploaded-csv.js';

export type Task = data.Task;
type LabeledData = data.LabeledData;

/** The menu of drawn data sets: the library's registry (src/data/registry.ts); an uploaded CSV is the one more choice, 'csv'. */
export const DATASETS = data.syntheticDatasets;

export type DatasetName = data.SyntheticDatasetName | 'csv';
export const DATASET_NAMES: readonly DatasetName[] = [...data.syntheticDatasetNames, 'csv'];

/** The input features, as TensorFlow Playground's INPUTS: each a function of the point (x₁, x₂). */
export const FEATURES: Record<string, { label: string; f: (x1: number, x2: number) => number }> = {
  x1: { label: 'X₁', f: (x1) => x1 },
  x2: { label: 'X₂', f: (_, x2) => x2 },
  x1Squared: { label: 'X₁²', f: (x1) => x1 * x1 },
  x2Squared: { label: 'X₂²', f: (_, x2) => x2 * x2 },
  x1x2: { label: 'X₁X₂', f: (x1, x2) => x1 * x2 },
  sinX1: { label: 'sin(X₁)', f: (x1) => Math.sin(x1) },
  sinX2: { label: 'sin(X₂)', f: (_, x2) => Math.sin(x2) },
};

export interface Problem {
  task: Task;
  /** Class names (classification), or [] (regression). */
  classNames: string[];
  /** The square [low, high]² both axes show, holding every point. */
  domain: [number, number];
  /** Regression: the largest |target|, the value at the ends of the colour scale; 1 for classes. */
  valueScale: number;
  /** Points x (N, 2) float32 with labels y: (N) int32 classes, or (N, 1) float32 targets. */
  train: LabeledData;
  test: LabeledData;
}

/** The playground's points lie in [−6, 6]²; an uploaded set gets its own square, 5% bigger. */
const PLAYGROUND_DOMAIN: [number, number] = [-6, 6];

function domainOf(points: Tensor): [number, number] {
  const xy = points.data as Float32Array;
  let low = Infinity;
  let high = -Infinity;
  for (const v of xy) {
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  const pad = Math.max(high - low, 1e-3) * 0.05;
  return [low - pad, high + pad];
}

/**
 * The data set the settings name, drawn from a generator seeded with `seed`, shuffled and split
 * at trainPercent (the generator's next draws), as TensorFlow Playground does.
 */
export function makeProblem(
  settings: { dataset: DatasetName; noise: number; classes: number; trainPercent: number; seed: number },
  uploaded: UploadedPoints | null,
): Problem {
  const generator = new Generator(settings.seed);
  let all: LabeledData;
  let task: Task;
  let classNames: string[];
  if (settings.dataset === 'csv') {
    if (!uploaded) throw new Error('no CSV file has been uploaded');
    ({ task, classNames } = uploaded);
    all = uploaded.points;
  } else {
    const spec = DATASETS[settings.dataset];
    // The sets' own sizes; the noise slider and the classes slider (sets with a classes range) are the page's.
    all = data.drawSyntheticDataset(settings.dataset, generator, { noise: settings.noise / 100, classes: settings.classes });
    task = spec.task;
    const classes = spec.classes ? settings.classes : 2;
    classNames = task === 'regression' ? [] : Array.from({ length: classes }, (_, k) => String(k));
  }
  const { train, test } = data.trainTestSplit(all, settings.trainPercent / 100, generator);
  return {
    task,
    classNames,
    domain: settings.dataset === 'csv' ? domainOf(all.x) : PLAYGROUND_DOMAIN,
    valueScale: task === 'regression' ? largestMagnitude(all.y.data as Float32Array) : 1,
    train,
    test,
  };
}

/** max |v| over the values (at least 1e-6, so that dividing by it is safe). */
export function largestMagnitude(values: ArrayLike<number>): number {
  let largest = 1e-6;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]));
  return largest;
}

/** The chosen features of every point: (N, 2) → (N, features.length), in the order of FEATURES. */
export function featureMatrix(points: Tensor, features: readonly string[]): Tensor {
  const xy = points.data as Float32Array;
  const n = points.shape[0];
  const columns = features.map((name) => FEATURES[name].f);
  const out = new Float32Array(n * columns.length);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < columns.length; c++) out[i * columns.length + c] = columns[c](xy[2 * i], xy[2 * i + 1]);
  }
  return new Tensor(out, [n, columns.length]);
}

/** An n × n grid of points over the domain, row 0 at the top (largest x₂), as (n², 2). */
export function gridPoints(n: number, [low, high]: [number, number]): Tensor {
  const xy = new Float32Array(2 * n * n);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const i = row * n + col;
      xy[2 * i] = low + ((col + 0.5) / n) * (high - low);
      xy[2 * i + 1] = high - ((row + 0.5) / n) * (high - low);
    }
  }
  return new Tensor(xy, [n * n, 2]);
}
