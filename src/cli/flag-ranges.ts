/**
 * The ranges of the training flags, checked as they are read (a UsageError, exit 2), so a value
 * out of range is never silently mapped to another (seeds −1, 0.5 and 2³²+1 all gave seed 0's
 * run) nor found after minutes of work (a hidden layer of 10⁹ units).
 */
import { countWeights, MAX_WEIGHTS } from '../train/recipe.js';
import { parseNumber, UsageError } from './usage-error.js';

/** The most points a synthetic set is drawn with (10⁷ points of 2 features: 80 MB). */
export const MAX_SAMPLES = 10_000_000;

/** A number in [min, max]; `range` says it in words for the message. */
export function numberIn(option: string, value: string, min: number, max: number, range = `from ${min} to ${max}`): number {
  const n = parseNumber(option, value);
  if (n < min || n > max) throw new UsageError(`${option} expects a number ${range}, got '${value}'`);
  return n;
}

/** A fraction strictly between 0 and 1 (--test-fraction). */
export function openFraction(option: string, value: string): number {
  const n = parseNumber(option, value);
  if (!(n > 0 && n < 1)) throw new UsageError(`${option} expects a number between 0 and 1 (exclusive), got '${value}'`);
  return n;
}

/** A positive integer up to `max`. */
export function countUpTo(option: string, value: string, max: number): number {
  const n = parseNumber(option, value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${option} expects a positive integer up to ${max}, got '${value}'`);
  return n;
}

/** A seed: the generator takes 32 bits, so an integer from 0 to 2³² − 1 (others would alias). */
export function seed(option: string, value: string): number {
  const n = parseNumber(option, value);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) throw new UsageError(`${option} expects an integer from 0 to ${2 ** 32 - 1}, got '${value}'`);
  return n;
}

/**
 * Refuses hidden widths whose network would have over MAX_WEIGHTS weights even with one input
 * and one output, before the data loads (buildModel checks again with the data's real widths).
 */
export function checkNetworkSize(option: string, hidden: readonly number[]): void {
  const weights = countWeights([1, ...hidden, 1]);
  if (weights > MAX_WEIGHTS) {
    throw new UsageError(`${option}: a network of these widths has over ${MAX_WEIGHTS} weights (at least ${weights} with one input and one output); use narrower layers`);
  }
}

/** A CSV label column: an index (negative counts from the end) or a name. */
export function labelColumn(value: string): string | number {
  return /^-?\d+$/.test(value.trim()) ? Number(value) : value;
}
