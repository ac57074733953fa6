/**
 * Axis limits, tick positions and tick labels, following matplotlib's defaults so that figures
 * match the book's: 5% margins (axes.xmargin), MaxNLocator with steps [1, 2, 2.5, 5, 10]
 * (AutoLocator) and ScalarFormatter with a shared number of decimals and a Unicode minus.
 */

/** Data range widened by `margin` of its span on both sides (matplotlib's axes.xmargin = 0.05). */
export function paddedLimits(lo: number, hi: number, margin = 0.05): [number, number] {
  if (lo === hi) {
    // matplotlib's nonsingular(): widen a single value by 5% of itself, or to ±0.05 around 0.
    const half = lo === 0 ? 0.05 : Math.abs(lo) * 0.05;
    return [lo - half, hi + half];
  }
  const pad = (hi - lo) * margin;
  return [lo - pad, hi + pad];
}

/**
 * How many intervals fit on an axis, as matplotlib's Axis.get_tick_space(): an x label needs three
 * font sizes of room, a y label two; MaxNLocator('auto') then clips the count to [1, 9].
 */
export function tickBins(axisLength: number, axis: 'x' | 'y', fontSize = 10): number {
  const room = fontSize * (axis === 'x' ? 3 : 2);
  return Math.min(9, Math.max(1, Math.floor(axisLength / room)));
}

// MaxNLocator's "staircase": the steps one decade down, the steps, and one step into the next decade.
const STEPS = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20];

/** Removes float noise such as 0.30000000000000004 from a computed tick. */
function clean(value: number): number {
  const tidy = parseFloat(value.toPrecision(12));
  return tidy === 0 ? 0 : tidy;
}

/**
 * Round-number ticks inside [lo, hi], at most about `maxBins` intervals apart: matplotlib's
 * MaxNLocator._raw_ticks, keeping only the ticks that are drawn (those inside the limits).
 */
export function niceTicks(lo: number, hi: number, maxBins = 9): number[] {
  if (lo > hi) [lo, hi] = [hi, lo];
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return Number.isFinite(lo) ? [clean(lo)] : [];
  const mean = (lo + hi) / 2;
  // scale_range(): when the values sit far from zero relative to their span, work relative to an offset.
  const offset = Math.abs(mean) / span < 100 ? 0 : Math.sign(mean) * 10 ** Math.floor(Math.log10(Math.abs(mean)));
  const scale = 10 ** Math.floor(Math.log10(span / maxBins));
  const [vmin, vmax] = [lo - offset, hi - offset];
  const steps = STEPS.map((step) => step * scale);
  const firstLarge = steps.findIndex((step) => step >= span / maxBins);
  const tolerance = span * 1e-10;

  let visible: number[] = [];
  // Start at the smallest step that keeps within maxBins; fall back to smaller steps until at
  // least two ticks are visible (MaxNLocator's min_n_ticks = 2).
  for (let i = firstLarge < 0 ? steps.length - 1 : firstLarge; i >= 0; i--) {
    const step = steps[i];
    const first = Math.ceil((vmin - tolerance) / step);
    const last = Math.floor((vmax + tolerance) / step);
    visible = [];
    for (let k = first; k <= last; k++) visible.push(clean(k * step + offset));
    if (visible.length >= 2) break;
  }
  return visible;
}

export interface TickLabels {
  labels: string[];
  /** A common power of ten shown once at the end of the axis, as matplotlib's "1e6"; '' if none. */
  multiplier: string;
}

/** Typographic minus (matplotlib's axes.unicode_minus) instead of a hyphen. */
function withMinus(text: string): string {
  return text.replace(/-/g, '\u2212');
}

/**
 * Labels with the fewest decimals that still tell every tick apart, the same count for all
 * (ScalarFormatter: 0.0, 2.5, 5.0). Beyond matplotlib's power limits (1e-5, 1e6) the ticks are
 * divided by a shared power of ten that is written once.
 */
export function formatTicks(ticks: number[]): TickLabels {
  const biggest = Math.max(0, ...ticks.map(Math.abs));
  const magnitude = biggest === 0 ? 0 : Math.floor(Math.log10(biggest));
  const power = magnitude >= 6 || magnitude <= -5 ? magnitude : 0;
  const scaled = ticks.map((tick) => tick / 10 ** power);
  const gaps = scaled.slice(1).map((tick, i) => Math.abs(tick - scaled[i]));
  const unit = gaps.length > 0 ? Math.min(...gaps) : Math.abs(scaled[0] ?? 1) || 1;
  let decimals = 0;
  while (decimals < 12 && scaled.some((tick) => Math.abs(tick - Number(tick.toFixed(decimals))) > unit * 1e-3)) {
    decimals++;
  }
  const labels = scaled.map((tick) => {
    const label = tick.toFixed(decimals);
    return Number(label) === 0 ? label.replace('-', '') : withMinus(label);
  });
  return { labels, multiplier: power === 0 ? '' : withMinus(`1e${power}`) };
}
