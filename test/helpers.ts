/** Shared assertions for numeric tests: closeness with absolute and relative tolerance. */
import assert from 'node:assert/strict';
import type { NestedArray } from '../src/index.js';

export function flatten(values: NestedArray | readonly number[] | ArrayLike<number>): number[] {
  if (typeof values === 'number') return [values];
  if (Array.isArray(values)) return (values as NestedArray[]).flatMap((v) => flatten(v));
  return Array.from(values as ArrayLike<number>);
}

/** |actual − expected| ≤ atol + rtol·|expected| elementwise; NaN matches NaN, ±inf must match exactly. */
export function assertClose(
  actual: NestedArray | ArrayLike<number>,
  expected: NestedArray | ArrayLike<number>,
  { atol = 1e-12, rtol = 1e-12, label = '' }: { atol?: number; rtol?: number; label?: string } = {},
): void {
  const a = flatten(actual as NestedArray);
  const e = flatten(expected as NestedArray);
  assert.equal(a.length, e.length, `${label}: ${a.length} values, expected ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(e[i])) {
      assert.ok(Number.isNaN(a[i]), `${label}[${i}]: got ${a[i]}, expected NaN`);
    } else if (!Number.isFinite(e[i])) {
      assert.equal(a[i], e[i], `${label}[${i}]`);
    } else {
      const tolerance = atol + rtol * Math.abs(e[i]);
      assert.ok(Math.abs(a[i] - e[i]) <= tolerance, `${label}[${i}]: got ${a[i]}, expected ${e[i]} (tolerance ${tolerance})`);
    }
  }
}
