/** Seeded random permutations, drawn by Fisher–Yates (Knuth's Algorithm P). */
import { ArgumentError } from '../errors.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';

/** 0, 1, …, n − 1 in a uniformly random order (PyTorch's randperm), from `generator`. */
export function randperm(n: number, generator: Generator = defaultGenerator): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError(`randperm: n must be a non-negative integer, got ${n}`);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = generator.randint(0, i + 1);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}
