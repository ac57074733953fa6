import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTicks, niceTicks, paddedLimits, tickBins } from '../../src/plot/ticks.js';

// No matplotlib on this machine: the expected values follow MaxNLocator's algorithm with the
// AutoLocator defaults (steps [1, 2, 2.5, 5, 10], nbins 'auto' ≤ 9, min_n_ticks 2) and are the
// ticks matplotlib is known to draw for these cases (e.g. the book's relu and sigmoid figures).

test('relu figure x axis: data -8..7.9 with 5% margins gives -8..8 in steps of 2', () => {
  const [lo, hi] = paddedLimits(-8, 7.9);
  assert.ok(Math.abs(lo - -8.795) < 1e-12 && Math.abs(hi - 8.695) < 1e-12);
  assert.deepEqual(niceTicks(lo, hi, 9), [-8, -6, -4, -2, 0, 2, 4, 6, 8]);
});

test('relu figure y axis (6 bins on a 2.5 in figure): 0..8 in steps of 2', () => {
  assert.deepEqual(niceTicks(...paddedLimits(0, 7.9), 6), [0, 2, 4, 6, 8]);
});

test('[0, 1] gives 0, 0.2, …, 1 without float noise', () => {
  assert.deepEqual(niceTicks(0, 1, 9), [0, 0.2, 0.4, 0.6, 0.8, 1]);
});

test('plt.plot(range(10)) gives 0, 2, 4, 6, 8', () => {
  assert.deepEqual(niceTicks(...paddedLimits(0, 9), 9), [0, 2, 4, 6, 8]);
});

test('gradient of sigmoid (0..0.25) steps by 0.05', () => {
  assert.deepEqual(niceTicks(...paddedLimits(0, 0.25), 6), [0, 0.05, 0.1, 0.15, 0.2, 0.25]);
});

test('a step of 2.5 is chosen when it fits the bins best', () => {
  assert.deepEqual(niceTicks(0, 10, 4), [0, 2.5, 5, 7.5, 10]);
});

test('falls back to a smaller step to show at least two ticks', () => {
  assert.deepEqual(niceTicks(0.5, 1.4, 1), [0.5, 1]);
});

test('values far from zero relative to their span are ticked without noise', () => {
  assert.deepEqual(niceTicks(1000.5, 1001.5, 9), [1000.6, 1000.8, 1001, 1001.2, 1001.4]);
});

test('reversed limits give the same ticks', () => {
  assert.deepEqual(niceTicks(1, 0, 9), [0, 0.2, 0.4, 0.6, 0.8, 1]);
});

test('tick bins follow the axis length as matplotlib does (3 font sizes per x label, 2 per y label)', () => {
  assert.equal(tickBins(279, 'x'), 9); // 5 in figure
  assert.equal(tickBins(138.6, 'y'), 6); // 2.5 in figure
  assert.equal(tickBins(1000, 'y'), 9);
  assert.equal(tickBins(5, 'x'), 1);
});

test('a single value is widened like matplotlib nonsingular()', () => {
  assert.deepEqual(paddedLimits(0, 0), [-0.05, 0.05]);
  const [lo, hi] = paddedLimits(4, 4);
  assert.ok(Math.abs(lo - 3.8) < 1e-12 && Math.abs(hi - 4.2) < 1e-12);
});

test('labels use a Unicode minus and no decimals for whole numbers', () => {
  assert.deepEqual(formatTicks([-8, -4, 0, 4, 8]), { labels: ['\u22128', '\u22124', '0', '4', '8'], multiplier: '' });
});

test('labels share the fewest decimals that tell the ticks apart', () => {
  assert.deepEqual(formatTicks([0, 2.5, 5, 7.5, 10]).labels, ['0.0', '2.5', '5.0', '7.5', '10.0']);
  assert.deepEqual(formatTicks([0, 0.05, 0.1, 0.15]).labels, ['0.00', '0.05', '0.10', '0.15']);
});

test('float noise never reaches a label', () => {
  assert.deepEqual(formatTicks([0.1, 0.2, 0.1 + 0.2]).labels, ['0.1', '0.2', '0.3']);
});

test('zero is never written with a minus sign', () => {
  assert.deepEqual(formatTicks([-0.5, -1e-17, 0.5]).labels, ['\u22120.5', '0.0', '0.5']);
});

test('very large and very small ticks share a power of ten written once', () => {
  assert.deepEqual(formatTicks([0, 5e6, 1e7, 1.5e7]), { labels: ['0.0', '0.5', '1.0', '1.5'], multiplier: '1e7' });
  assert.deepEqual(formatTicks([0, 1e-5, 2e-5]), { labels: ['0', '1', '2'], multiplier: '1e\u22125' });
  assert.equal(formatTicks([0, 1e5]).multiplier, '');
});
