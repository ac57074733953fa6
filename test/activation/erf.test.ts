import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { erf, erfc } from '../../src/activation/erf.js';
import { readGolden, type ErfGolden } from '../golden/read.js';

const golden = readGolden<ErfGolden>('erf.json');

/** Relative 1e-15, with an absolute floor for subnormal results (which carry fewer digits). */
function assertClose(actual: number, expected: number, what: string): void {
  const tolerance = 1e-15 * Math.abs(expected) + 1e-300;
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what} = ${actual}, Python says ${expected} (difference ${Math.abs(actual - expected)})`,
  );
}

describe('erf and erfc', () => {
  it('match Python math.erf / math.erfc to 1e-15 relative, from 1e-300 to 1e300', () => {
    assert.ok(golden.rows.length > 300);
    for (const [x, erfX, erfcX] of golden.rows) {
      assertClose(erf(x), erfX, `erf(${x})`);
      assertClose(erfc(x), erfcX, `erfc(${x})`);
    }
  });

  it('erf is odd, down to the sign of zero', () => {
    for (const [x] of golden.rows) assert.equal(erf(-x), -erf(x), `erf(-${x})`);
    assert.ok(Object.is(erf(-0), -0));
  });

  it('erf + erfc = 1', () => {
    for (const [x] of golden.rows) {
      assert.ok(Math.abs(erf(x) + erfc(x) - 1) <= 2.3e-16, `erf(${x}) + erfc(${x})`);
    }
  });

  it('has the right limits at ±Infinity and passes NaN through', () => {
    assert.equal(erf(Infinity), 1);
    assert.equal(erf(-Infinity), -1);
    assert.equal(erfc(Infinity), 0);
    assert.equal(erfc(-Infinity), 2);
    assert.ok(Number.isNaN(erf(NaN)));
    assert.ok(Number.isNaN(erfc(NaN)));
  });
});
