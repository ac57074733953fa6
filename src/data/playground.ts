/**
 * The two-dimensional data sets of TensorFlow Playground (tensorflow/playground, src/dataset.ts),
 * drawn from a seeded Generator instead of Math.random, plus a k-armed spiral for softmax demos.
 *
 * Conventions kept from the playground: `noise` is its slider divided by 100 (0 … 0.5); points
 * come grouped by class, in the order the playground generates them (shuffle with trainTestSplit or
 * a shuffling DataLoader); labels are decided on the noisy point but the clean point is stored
 * (circle, xor, plane, multiGaussian). Its ±1 labels become classes: −1 → 0, +1 → 1.
 *
 * Every set returns x (N, 2) float32; classification sets y (N) int32, regression sets y (N, 1)
 * float32 (the shape of a one-output network's prediction, so a loss never broadcasts by mistake).
 */
import { ArgumentError } from '../errors.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import type { LabeledData } from './dataset.js';

/** Uniform in [a, b), the playground's randUniform. */
const uniform = (g: Generator, a: number, b: number): number => g.random() * (b - a) + a;

function checkArguments(op: string, numSamples: number, noise: number): void {
  if (!Number.isInteger(numSamples) || numSamples < 0) {
    throw new ArgumentError(`${op}: numSamples must be a non-negative integer, got ${numSamples}`);
  }
  if (!(noise >= 0)) throw new ArgumentError(`${op}: noise must be ≥ 0 (the playground's slider / 100), got ${noise}`);
}

/** Fills the buffers of a classification set; `point(i)` gives [x, y, class] of example i. */
function classification(numSamples: number, point: (i: number) => readonly [number, number, number]): LabeledData {
  const x = new Float32Array(2 * numSamples);
  const y = new Int32Array(numSamples);
  for (let i = 0; i < numSamples; i++) [x[2 * i], x[2 * i + 1], y[i]] = point(i);
  return { x: new Tensor(x, [numSamples, 2]), y: new Tensor(y, [numSamples]) };
}

function regression(numSamples: number, point: (i: number) => readonly [number, number, number]): LabeledData {
  const x = new Float32Array(2 * numSamples);
  const y = new Float32Array(numSamples);
  for (let i = 0; i < numSamples; i++) [x[2 * i], x[2 * i + 1], y[i]] = point(i);
  return { x: new Tensor(x, [numSamples, 2]), y: new Tensor(y, [numSamples, 1]) };
}

/** The first half (rounded up) of the examples is the first class, as the playground's two loops. */
const firstHalf = (numSamples: number): number => Math.ceil(numSamples / 2);

/**
 * A disc of class 1 (radius < 2.5) inside a ring of class 0 (3.5 ≤ radius < 5): the playground's
 * classifyCircleData. Labels come from the noisy point (class 1 iff its distance from 0 is < 2.5).
 */
export function circle(numSamples = 500, noise = 0, generator: Generator = defaultGenerator): LabeledData {
  checkArguments('circle', numSamples, noise);
  const radius = 5;
  const inside = firstHalf(numSamples);
  return classification(numSamples, (i) => {
    const r = i < inside ? uniform(generator, 0, radius * 0.5) : uniform(generator, radius * 0.7, radius);
    const angle = uniform(generator, 0, 2 * Math.PI);
    const px = r * Math.sin(angle);
    const py = r * Math.cos(angle);
    const noisyX = px + uniform(generator, -radius, radius) * noise;
    const noisyY = py + uniform(generator, -radius, radius) * noise;
    return [px, py, Math.hypot(noisyX, noisyY) < radius * 0.5 ? 1 : 0];
  });
}

/**
 * Quadrants: class 1 where x·y ≥ 0 (first and third), class 0 elsewhere; coordinates uniform in
 * (−5, 5) pushed 0.3 away from the axes (the playground's classifyXORData).
 */
export function xor(numSamples = 500, noise = 0, generator: Generator = defaultGenerator): LabeledData {
  checkArguments('xor', numSamples, noise);
  const padding = 0.3;
  return classification(numSamples, () => {
    let px = uniform(generator, -5, 5);
    px += px > 0 ? padding : -padding;
    let py = uniform(generator, -5, 5);
    py += py > 0 ? padding : -padding;
    const noisyX = px + uniform(generator, -5, 5) * noise;
    const noisyY = py + uniform(generator, -5, 5) * noise;
    return [px, py, noisyX * noisyY >= 0 ? 1 : 0];
  });
}

/**
 * Two Gaussian blobs: class 1 around (2, 2), class 0 around (−2, −2), each coordinate with variance
 * 0.5 + 7·noise (the playground maps noise 0…0.5 linearly to variance 0.5…4).
 */
export function gauss(numSamples = 500, noise = 0, generator: Generator = defaultGenerator): LabeledData {
  checkArguments('gauss', numSamples, noise);
  const std = Math.sqrt(0.5 + 7 * noise);
  const positives = firstHalf(numSamples);
  return classification(numSamples, (i) => {
    const [center, label] = i < positives ? [2, 1] : [-2, 0];
    return [center + std * generator.normal(), center + std * generator.normal(), label];
  });
}

/**
 * Point i of a spiral arm: radius i/n·5, angle 1.75·(i/n)·2π + offset, plus uniform(−1, 1)·noise
 * on each coordinate (the playground's genSpiral).
 */
function spiralPoint(i: number, n: number, offset: number, noise: number, generator: Generator): [number, number] {
  const r = (i / n) * 5;
  const t = ((1.75 * i) / n) * 2 * Math.PI + offset;
  return [r * Math.sin(t) + uniform(generator, -1, 1) * noise, r * Math.cos(t) + uniform(generator, -1, 1) * noise];
}

/** Two interleaved spiral arms: class 1 starts at angle 0, class 0 at π (classifySpiralData). */
export function spiral(numSamples = 500, noise = 0, generator: Generator = defaultGenerator): LabeledData {
  checkArguments('spiral', numSamples, noise);
  const n = numSamples / 2;
  const positives = firstHalf(numSamples);
  return classification(numSamples, (i) =>
    i < positives ? [...spiralPoint(i, n, 0, noise, generator), 1] : [...spiralPoint(i - positives, n, Math.PI, noise, generator), 0],
  );
}

/**
 * `numClasses` spiral arms (class k starts at angle 2πk/numClasses), built like the playground's
 * spiral: a softmax-classification set that no linear model separates. Samples are split as
 * evenly as possible, the first arms taking one more.
 */
export function multiSpiral(numSamples = 600, numClasses = 3, noise = 0, generator: Generator = defaultGenerator): LabeledData {
  checkArguments('multiSpiral', numSamples, noise);
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new ArgumentError(`multiSpiral: numClasses must be a positive integer, got ${numClasses}`);
  }
  const n = numSamples / numClasses;
  const base = Math.floor(numSamples / numClasses);
  const extra = numSamples % numClasses;
  let arm = 0;
  let armStart = 0;
  return classification(numSamples, (i) => {
    if (i - armStart === base + (arm < extra ? 1 : 0)) {
      armStart = i;
      arm++;
    }
    return [...spiralPoint(i - armStart, n, (2 * Math.PI * arm) / numClasses, noise, generator), arm];
  });
}

/**
 * Regression on a tilted plane: y = (x₁ + x₂)/10 of the noisy point, for x uniform in (−6, 6)²
 * (the playground's regressPlane; its label scale maps −10…10 to −1…1).
 */
export function plane(numSamples = 1200, noise = 0, generator: Generator = defaultGenerator): LabeledData {
  checkArguments('plane', numSamples, noise);
  return regressionOnSquare(numSamples, noise, generator, (x, y) => (x + y) / 10);
}

/**
 * Points uniform in (−6, 6)², labelled from the point moved by the noise (uniform in ±6·noise per
 * coordinate), as the playground's two regression sets.
 */
function regressionOnSquare(
  numSamples: number, noise: number, generator: Generator, label: (noisyX: number, noisyY: number) => number,
): LabeledData {
  const radius = 6;
  return regression(numSamples, () => {
    const px = uniform(generator, -radius, radius);
    const py = uniform(generator, -radius, radius);
    const noisyX = px + uniform(generator, -radius, radius) * noise;
    const noisyY = py + uniform(generator, -radius, radius) * noise;
    return [px, py, label(noisyX, noisyY)];
  });
}

/** Centres and signs of the six bumps of the playground's regressGaussian. */
const BUMPS: readonly (readonly [number, number, number])[] = [
  [-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1],
  [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1],
];

/**
 * Regression on six signed bumps: each contributes sign·max(0, 1 − d/2) at distance d from its
 * centre, and y is the contribution largest in absolute value (the playground's regressGaussian).
 */
export function multiGaussian(numSamples = 1200, noise = 0, generator: Generator = defaultGenerator): LabeledData {
  checkArguments('multiGaussian', numSamples, noise);
  return regressionOnSquare(numSamples, noise, generator, (x, y) => {
    let label = 0;
    for (const [cx, cy, sign] of BUMPS) {
      const value = sign * Math.min(1, Math.max(0, 1 - Math.hypot(x - cx, y - cy) / 2));
      if (Math.abs(value) > Math.abs(label)) label = value;
    }
    return label;
  });
}
