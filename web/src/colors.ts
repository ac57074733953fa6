/**
 * The page's colours. Values in [−1, 1] (two-class outputs, regression, neurons, weights) use
 * TensorFlow Playground's diverging scale: orange for −1 (class 0), a light grey for 0, blue for +1
 * (class 1). With three or more classes each class has its own colour, the first two the same
 * orange and blue.
 */
export type Rgb = readonly [number, number, number];

const NEGATIVE: Rgb = [245, 147, 34]; // #f59322
export const NEUTRAL: Rgb = [232, 234, 235]; // #e8eaeb
const POSITIVE: Rgb = [8, 119, 189]; // #0877bd

export const CLASS_COLORS: readonly Rgb[] = [
  NEGATIVE, POSITIVE, [46, 160, 67], [148, 103, 189], [214, 39, 40], [140, 86, 75], [227, 119, 194], [23, 190, 207],
];

export const mix = (a: Rgb, b: Rgb, t: number): Rgb => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

/** The diverging scale at v (clamped to [−1, 1]). */
export function diverging(v: number): Rgb {
  const t = Math.max(-1, Math.min(1, Number.isNaN(v) ? 0 : v));
  return t < 0 ? mix(NEUTRAL, NEGATIVE, -t) : mix(NEUTRAL, POSITIVE, t);
}

/**
 * The colour of a region where the network gives class `best` probability p of `classes`: the
 * neutral grey at chance (p = 1/classes), the class colour at certainty.
 */
export function classRegion(best: number, p: number, classes: number): Rgb {
  const confidence = Math.max(0, (p - 1 / classes) / (1 - 1 / classes));
  return mix(NEUTRAL, CLASS_COLORS[best], confidence);
}

export const css = ([r, g, b]: Rgb): string => `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
