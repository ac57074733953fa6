/**
 * Heatmaps of a node's value over the input plane, painted pixel by pixel on a canvas of the grid's
 * size (n × n); CSS scales the canvas up and the browser smooths it.
 */
import { CLASS_COLORS, classRegion, diverging, mix, NEUTRAL, type Rgb } from '../colors.js';
import type { Problem } from '../problem.js';

const images = new WeakMap<HTMLCanvasElement, ImageData>();

/** Paints `canvas` (resized to n × n): pixel i (row by row from the top) gets color(i). */
export function paintField(canvas: HTMLCanvasElement, n: number, color: (i: number) => Rgb): void {
  if (canvas.width !== n || canvas.height !== n) {
    canvas.width = n;
    canvas.height = n;
    images.delete(canvas);
  }
  const context = canvas.getContext('2d')!;
  let image = images.get(canvas);
  if (!image) {
    image = context.createImageData(n, n);
    images.set(canvas, image);
  }
  const pixels = image.data;
  for (let i = 0; i < n * n; i++) {
    const [r, g, b] = color(i);
    pixels[4 * i] = r;
    pixels[4 * i + 1] = g;
    pixels[4 * i + 2] = b;
    pixels[4 * i + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

/** Column `column` of a row-major (points, width) array on the diverging scale, divided by `scale`. */
export function nodeColor(values: Float32Array, width: number, column: number, scale = 1): (i: number) => Rgb {
  return (i) => diverging(values[i * width + column] / scale);
}

/** Output `k` of several (a class probability): the neutral grey at 0, class k's colour at 1. */
export function probabilityColor(values: Float32Array, classes: number, k: number): (i: number) => Rgb {
  return (i) => mix(NEUTRAL, CLASS_COLORS[k], values[i * classes + k]);
}

/**
 * The output's colour at each point: the diverging scale for two classes (2σ(z) − 1) and for
 * regression (value / valueScale); for three or more classes the most probable class's colour,
 * stronger the surer the network is. Discretised: only the decision (sign, or class) is shown.
 */
export function outputColor(problem: Problem, values: Float32Array, outputs: number, discretize: boolean): (i: number) => Rgb {
  if (outputs === 1) {
    const scale = problem.valueScale;
    return discretize ? (i) => diverging(values[i] >= 0 ? 1 : -1) : (i) => diverging(values[i] / scale);
  }
  return (i) => {
    let best = 0;
    for (let k = 1; k < outputs; k++) if (values[i * outputs + k] > values[i * outputs + best]) best = k;
    return classRegion(best, discretize ? 1 : values[i * outputs + best], outputs);
  };
}
