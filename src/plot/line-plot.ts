import { drawAxes, FONT_SIZE, type Box } from './axes.js';
import { COLOR_CYCLE } from './colors.js';
import { Figure, PIXELS_PER_INCH, resolveFigsize, type Figsize } from './figure.js';
import { finiteExtent, PlotError, toNumbers, type Numbers } from './numbers.js';
import { CAP_HEIGHT_EM, element, FONT_FAMILY, num, text, textWidth } from './svg.js';
import { paddedLimits } from './ticks.js';

/** matplotlib's line styles, by name or by format string ('-', '--', '-.', ':'). */
export type LineStyle = 'solid' | 'dashed' | 'dashdot' | 'dotted' | '-' | '--' | '-.' | ':';

/** One line of a line plot: y (and x) values and how it is drawn (matplotlib's plt.plot). */
export interface Series {
  /** Defaults to 0, 1, 2, … like plt.plot(y). */
  x?: Numbers;
  /** The values plotted, one point per element; NaN and ±Infinity leave a gap in the line. */
  y: Numbers;
  /** Shown in the legend. */
  label?: string;
  /** Any SVG colour; defaults to the next colour of matplotlib's cycle. */
  color?: string;
  /** Line style, by name or matplotlib's shorthand ('--' for dashed); solid by default. */
  dash?: LineStyle;
}

/** Options of linePlot(): the series, labels, title, limits, legend and size. */
export interface LinePlotOptions {
  /** The lines to draw, in order; each takes the next colour of the cycle unless it names one. */
  series: Series[];
  /** Label under the x axis; none by default. */
  xlabel?: string;
  /** Label beside the y axis; none by default. */
  ylabel?: string;
  /** Title above the axes; none by default. */
  title?: string;
  /** [left, right] ends of the x axis; by default the data's range with matplotlib's margins. */
  xlim?: [number, number];
  /** [bottom, top] ends of the y axis; by default the data's range with matplotlib's margins. */
  ylim?: [number, number];
  /** Draw grid lines at the ticks (off by default, as matplotlib). */
  grid?: boolean;
  /** Inches; defaults to the size given to setFigsize. */
  figsize?: Figsize;
  /** Shown when any series has a label, unless this is false. */
  legend?: boolean;
}

const LINE_WIDTH = 1.5; // lines.linewidth

// lines.dashed_pattern etc., in multiples of the line width as matplotlib scales them.
const DASH_PATTERNS: Record<LineStyle, number[]> = {
  solid: [], '-': [],
  dashed: [3.7, 1.6], '--': [3.7, 1.6],
  dashdot: [6.4, 1.6, 1, 1.6], '-.': [6.4, 1.6, 1, 1.6],
  dotted: [1, 1.65], ':': [1, 1.65],
};

interface Line {
  xs: number[];
  ys: number[];
  label?: string;
  color: string;
  dasharray?: string;
}

function toLines(series: Series[]): Line[] {
  return series.map((s, i) => {
    const where = `linePlot: series ${i}`;
    const ys = toNumbers(s.y, `${where} y`);
    const xs = s.x === undefined ? ys.map((_, k) => k) : toNumbers(s.x, `${where} x`);
    if (xs.length !== ys.length) throw new PlotError(`${where}: x has ${xs.length} values but y has ${ys.length}`);
    const pattern = DASH_PATTERNS[s.dash ?? 'solid'];
    if (!pattern) throw new PlotError(`${where}: unknown dash '${s.dash}'`);
    return {
      xs,
      ys,
      label: s.label,
      color: s.color ?? COLOR_CYCLE[i % COLOR_CYCLE.length],
      dasharray: pattern.length ? pattern.map((step) => num(step * LINE_WIDTH)).join(' ') : undefined,
    };
  });
}

function limits(given: [number, number] | undefined, values: number[], name: string): [number, number] {
  if (!given) return paddedLimits(...finiteExtent(values));
  if (!given.every(Number.isFinite) || given[0] === given[1]) {
    throw new PlotError(`linePlot: ${name} must be two different finite numbers, got [${given.join(', ')}]`);
  }
  return given;
}

/** Pixel points of a line, split into runs wherever a value is missing (NaN, ±Infinity) as matplotlib does. */
function runs(line: Line, px: (v: number) => number, py: (v: number) => number): [number, number][][] {
  const result: [number, number][][] = [];
  let current: [number, number][] = [];
  line.xs.forEach((xv, k) => {
    if (Number.isFinite(xv) && Number.isFinite(line.ys[k])) {
      current.push([px(xv), py(line.ys[k])]);
    } else if (current.length > 0) {
      result.push(current);
      current = [];
    }
  });
  if (current.length > 0) result.push(current);
  return result;
}

const svgPoints = (run: [number, number][]): string => run.map(([x, y]) => `${num(x)},${num(y)}`).join(' ');

// legend.* defaults in font sizes: borderpad, labelspacing, handlelength, handletextpad, borderaxespad.
const LEGEND = { pad: 0.4, spacing: 0.5, handle: 2, handleGap: 0.8, inset: 0.5 };
const ROW_HEIGHT = 1.16 * FONT_SIZE; // DejaVu Sans line box without leading

/**
 * A framed legend where it hides the least of the data, as matplotlib's loc='best': the candidate
 * places in matplotlib's order (upper right, upper left, lower left, lower right, right, center left,
 * center right, lower center, upper center, center), scored by how many points of the lines,
 * sampled along every segment so that a line crossing the box counts too, fall inside it.
 */
function legend(lines: Line[], box: Box, paths: [number, number][][]): string {
  const entries = lines.filter((line) => line.label);
  const em = FONT_SIZE;
  const width = (2 * LEGEND.pad + LEGEND.handle + LEGEND.handleGap) * em +
    Math.max(...entries.map((line) => textWidth(line.label!, FONT_SIZE)));
  const height = 2 * LEGEND.pad * em + entries.length * ROW_HEIGHT + (entries.length - 1) * LEGEND.spacing * em;
  const inset = LEGEND.inset * em;
  const [left, right, centerX] = [box.x + inset, box.x + box.width - inset - width, box.x + (box.width - width) / 2];
  const [top, bottom, centerY] = [box.y + inset, box.y + box.height - inset - height, box.y + (box.height - height) / 2];
  const candidates: [number, number][] = [
    [right, top], [left, top], [left, bottom], [right, bottom], [right, centerY],
    [left, centerY], [right, centerY], [centerX, bottom], [centerX, top], [centerX, centerY],
  ];
  const SAMPLES_PER_SEGMENT = 16;
  const samples = paths.flatMap((path) =>
    path.flatMap(([x0, y0], k): [number, number][] => {
      if (k + 1 === path.length) return [[x0, y0]];
      const [x1, y1] = path[k + 1];
      return Array.from({ length: SAMPLES_PER_SEGMENT }, (_, j): [number, number] => {
        const t = j / SAMPLES_PER_SEGMENT;
        return [x0 + t * (x1 - x0), y0 + t * (y1 - y0)];
      });
    }),
  );
  const covered = ([cx, cy]: [number, number]) =>
    samples.filter(([px, py]) => px >= cx && px <= cx + width && py >= cy && py <= cy + height).length;
  const counts = candidates.map(covered);
  const [lx, ly] = candidates[counts.indexOf(Math.min(...counts))];

  const rows = entries.map((line, i) => {
    const middle = ly + LEGEND.pad * em + i * (ROW_HEIGHT + LEGEND.spacing * em) + ROW_HEIGHT / 2;
    const handleStart = lx + LEGEND.pad * em;
    return (
      element('line', {
        x1: handleStart, y1: middle, x2: handleStart + LEGEND.handle * em, y2: middle,
        stroke: line.color, 'stroke-width': LINE_WIDTH, 'stroke-dasharray': line.dasharray,
      }) +
      text(handleStart + (LEGEND.handle + LEGEND.handleGap) * em, middle + (CAP_HEIGHT_EM * FONT_SIZE) / 2, line.label!)
    );
  });
  const frame = element('rect', {
    x: lx, y: ly, width, height, rx: 2, fill: '#ffffff', 'fill-opacity': 0.8, stroke: '#cccccc', 'stroke-width': 1,
  });
  return element('g', { class: 'legend', 'font-family': FONT_FAMILY, 'font-size': FONT_SIZE }, [frame, ...rows]);
}

/** Line plot of several series on one pair of axes, styled like matplotlib's defaults. */
export function linePlot(options: LinePlotOptions): Figure {
  const figsize = resolveFigsize(options.figsize, 'linePlot');
  if (options.series.length === 0) throw new PlotError('linePlot: expected at least one series');
  const lines = toLines(options.series);
  const axes = drawAxes({
    width: figsize[0] * PIXELS_PER_INCH,
    height: figsize[1] * PIXELS_PER_INCH,
    xlim: limits(options.xlim, lines.flatMap((line) => line.xs), 'xlim'),
    ylim: limits(options.ylim, lines.flatMap((line) => line.ys), 'ylim'),
    xlabel: options.xlabel,
    ylabel: options.ylabel,
    title: options.title,
    grid: options.grid,
  });
  const { box } = axes;
  // A nested <svg> is a viewport that clips the lines to the axes without needing an id.
  const polylines = lines.flatMap((line) =>
    runs(line, (v) => axes.x(v) - box.x, (v) => axes.y(v) - box.y).map((run) =>
      element('polyline', {
        class: 'series', points: svgPoints(run), fill: 'none', stroke: line.color, 'stroke-width': LINE_WIDTH,
        'stroke-linejoin': 'round', 'stroke-linecap': 'square', 'stroke-dasharray': line.dasharray,
      }),
    ),
  );
  const data = element('svg', { ...box, overflow: 'hidden' }, polylines);
  const paths = lines.flatMap((line) => runs(line, (v) => axes.x(v), (v) => axes.y(v)));
  const showLegend = (options.legend ?? true) && lines.some((line) => line.label);
  const key = showLegend ? legend(lines, box, paths) : '';
  return new Figure(figsize, axes.below + data + axes.above + key);
}

/** The chapter's `xyplot`: one blue line of `name`(x) against x, 5 × 2.5 inches unless told otherwise. */
export function xyplot(x: Numbers, y: Numbers, name: string, options: { figsize?: Figsize } = {}): Figure {
  return linePlot({ series: [{ x, y }], xlabel: 'x', ylabel: `${name}(x)`, figsize: options.figsize ?? [5, 2.5] });
}
