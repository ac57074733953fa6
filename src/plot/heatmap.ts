import { drawAxes, FONT_SIZE, type Box } from './axes.js';
import type { ColormapName } from './colors.js';
import { Figure, PIXELS_PER_INCH, resolveFigsize, type Figsize } from './figure.js';
import { finiteExtent, PlotError, toMatrix, type Numbers } from './numbers.js';
import { normalizer, rasterCells } from './raster.js';
import { CAP_HEIGHT_EM, element, FONT_FAMILY, num, text, textWidth } from './svg.js';
import { formatTicks, niceTicks, paddedLimits, tickBins } from './ticks.js';

/** Options of heatmap(): labels, title, colormap, colour limits and size. */
export interface HeatmapOptions {
  /** Label under the x axis (the columns); none by default. */
  xlabel?: string;
  /** Label beside the y axis (the rows); none by default. */
  ylabel?: string;
  /** Title above the plot; none by default. */
  title?: string;
  /** Inches; defaults to the size given to setFigsize. */
  figsize?: Figsize;
  /** How values map to colours: 'viridis' (the default) or 'gray'. */
  colormap?: ColormapName;
  /** Values at the two ends of the colour scale; by default the data's minimum and maximum. */
  range?: [number, number];
  /** Names for the columns and rows (e.g. class names of a confusion matrix) instead of indices. */
  xTickLabels?: string[];
  /** Names for the rows, top to bottom, as xTickLabels names the columns. */
  yTickLabels?: string[];
  /** Draw the colour scale beside the plot (true by default). */
  colorbar?: boolean;
}

// The colour bar: its gap from the axes, its width, and how many bands draw the gradient.
const BAR_GAP = 10;
const BAR_WIDTH = 10;
const BAR_BANDS = 64;
const TICK_ROOM = 7; // tick length + pad, as on the main axes

function colorbar(box: Box, name: ColormapName, range: [number, number], ticks: number[], labels: string[]): string {
  const left = box.x + box.width + BAR_GAP;
  // Top band first, drawn like heatmap cells so the bands meet without seams.
  const bandValues = Array.from({ length: BAR_BANDS }, (_, i) => [1 - (i + 0.5) / BAR_BANDS]);
  const bands = element(
    'g',
    { transform: `translate(${num(left)} ${num(box.y)}) scale(${num(BAR_WIDTH)} ${num(box.height / BAR_BANDS)})` },
    rasterCells(bandValues, name, (t) => t),
  );
  const y = (value: number) => box.y + box.height - ((value - range[0]) / (range[1] - range[0])) * box.height;
  const right = left + BAR_WIDTH;
  const marks = ticks.map((tick, i) =>
    element('line', { x1: right, y1: y(tick), x2: right + 3.5, y2: y(tick), stroke: '#000000', 'stroke-width': 0.8 }) +
    text(right + TICK_ROOM, y(tick) + (CAP_HEIGHT_EM * FONT_SIZE) / 2, labels[i]),
  );
  const frame = element('rect', {
    x: left, y: box.y, width: BAR_WIDTH, height: box.height, fill: 'none', stroke: '#000000', 'stroke-width': 0.8,
  });
  return element('g', { class: 'colorbar', 'font-family': FONT_FAMILY, 'font-size': FONT_SIZE }, [
    bands, frame, ...marks,
  ]);
}

function namedTicks(names: string[] | undefined, count: number, where: string) {
  if (!names) return undefined;
  if (names.length !== count) throw new PlotError(`heatmap: ${where} has ${names.length} names for ${count} cells`);
  return { ticks: names.map((_, i) => i), labels: names };
}

/** A matrix as coloured cells, row 0 at the top (like imshow / a confusion matrix), with a colour bar. */
export function heatmap(values: Numbers, options: HeatmapOptions = {}): Figure {
  const figsize = resolveFigsize(options.figsize, 'heatmap');
  const matrix = toMatrix(values, 'heatmap: values');
  const [rows, cols] = [matrix.length, matrix[0].length];
  // A constant matrix gets a small range around its value (matplotlib's nonsingular).
  const range = options.range ?? paddedLimits(...finiteExtent(matrix.flat()), 0);
  const name = options.colormap ?? 'viridis';
  const [width, height] = [figsize[0] * PIXELS_PER_INCH, figsize[1] * PIXELS_PER_INCH];

  const showBar = options.colorbar ?? true;
  const barTicks = niceTicks(range[0], range[1], tickBins(height * 0.75, 'y', FONT_SIZE));
  const barLabels = formatTicks(barTicks).labels;
  const barRoom = BAR_GAP + BAR_WIDTH + TICK_ROOM + Math.max(0, ...barLabels.map((label) => textWidth(label, FONT_SIZE)));

  // Cell (r, c) covers [c - ½, c + ½] × [r - ½, r + ½], so integer ticks sit on cell centres.
  const axes = drawAxes({
    width,
    height,
    xlim: [-0.5, cols - 0.5],
    ylim: [rows - 0.5, -0.5],
    xlabel: options.xlabel,
    ylabel: options.ylabel,
    title: options.title,
    xTicks: namedTicks(options.xTickLabels, cols, 'xTickLabels'),
    yTicks: namedTicks(options.yTickLabels, rows, 'yTickLabels'),
    reserveRight: showBar ? barRoom : 0,
  });
  const { box } = axes;
  const cells = element(
    'g',
    { class: 'cells', transform: `translate(${num(box.x)} ${num(box.y)}) scale(${num(box.width / cols)} ${num(box.height / rows)})` },
    rasterCells(matrix, name, normalizer(matrix.flat(), range)),
  );
  const bar = showBar ? colorbar(box, name, range, barTicks, barLabels) : '';
  return new Figure(figsize, cells + axes.above + bar);
}
