/** D2L's synthetic linear-regression data (section 3.2, synthetic_data). */
import { ArgumentError } from '../errors.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import type { LabeledData } from './dataset.js';

/**
 * y = X·w + b + ε with X ~ N(0, 1) of shape (numExamples, len(w)) and ε ~ N(0, noiseStd²):
 * x (numExamples, d) float32, y (numExamples, 1) float32. Sums are taken in float64 over the
 * float32 features, so y is exact up to its own rounding.
 */
export function syntheticLinear(
  w: Tensor | readonly number[],
  b: number,
  numExamples: number,
  noiseStd = 0.01,
  generator: Generator = defaultGenerator,
): LabeledData {
  const weights = w instanceof Tensor ? Array.from(w.data) : [...w];
  if (weights.length === 0) throw new ArgumentError('syntheticLinear: w needs at least one weight');
  if (!Number.isInteger(numExamples) || numExamples < 0) {
    throw new ArgumentError(`syntheticLinear: numExamples must be a non-negative integer, got ${numExamples}`);
  }
  if (!(noiseStd >= 0)) throw new ArgumentError(`syntheticLinear: noiseStd must be ≥ 0, got ${noiseStd}`);
  const d = weights.length;
  const x = new Float32Array(numExamples * d);
  const y = new Float32Array(numExamples);
  for (let i = 0; i < numExamples; i++) {
    let sum = b;
    for (let j = 0; j < d; j++) {
      x[i * d + j] = generator.normal();
      sum += x[i * d + j] * weights[j];
    }
    y[i] = sum + noiseStd * generator.normal();
  }
  return { x: new Tensor(x, [numExamples, d]), y: new Tensor(y, [numExamples, 1]) };
}
