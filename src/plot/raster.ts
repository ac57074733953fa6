import { colormap, type ColormapName } from './colors.js';
import { finiteExtent } from './numbers.js';
import { element } from './svg.js';

/** Maps values to [0, 1] over `range`, by default the values' own finite extent (as imshow does). */
export function normalizer(values: number[], range?: [number, number]): (value: number) => number {
  const [lo, hi] = range ?? finiteExtent(values);
  return (value) => (hi > lo ? (value - lo) / (hi - lo) : 0);
}

/**
 * A matrix as coloured cells one unit square each (cell (r, c) at x = c, y = r), for the caller
 * to place with a transform. Runs of equal colour along a row become one rect, which keeps a
 * 28×28 image with a plain background small. crispEdges stops seams between neighbouring cells.
 */
export function rasterCells(matrix: number[][], colormapName: ColormapName, toUnit: (value: number) => number): string {
  const rects: string[] = [];
  matrix.forEach((row, r) => {
    const colors = row.map((value) => colormap(colormapName, toUnit(value)));
    for (let start = 0; start < colors.length; ) {
      let end = start + 1;
      while (end < colors.length && colors[end] === colors[start]) end++;
      rects.push(element('rect', { x: start, y: r, width: end - start, height: 1, fill: colors[start] }));
      start = end;
    }
  });
  return element('g', { 'shape-rendering': 'crispEdges' }, rects);
}
