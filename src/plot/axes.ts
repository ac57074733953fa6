import { formatTicks, niceTicks, tickBins } from './ticks.js';
import { CAP_HEIGHT_EM, element, FONT_FAMILY, num, text, textWidth } from './svg.js';

// matplotlib's rcParams defaults, in points (= px here): font.size, axes.titlesize ('large'),
// xtick.major.size and .pad, axes.labelpad, axes.titlepad, axes.linewidth, grid.color/linewidth.
export const FONT_SIZE = 10;
const TITLE_SIZE = 12;
const TICK_LENGTH = 3.5;
const TICK_PAD = 3.5;
const LABEL_PAD = 4;
const TITLE_PAD = 6;
const LINE_WIDTH = 0.8;
const GRID_COLOR = '#b0b0b0';
// Room kept between the drawing and the figure's edge, like savefig's bbox_inches='tight' pad.
const EDGE = 6;
// DejaVu Sans reaches 0.76 em above the baseline and 0.24 em below for ordinary text.
const ASCENT_EM = 0.76;
const DESCENT_EM = 0.24;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Ticks chosen by the caller (e.g. category names) instead of round numbers. */
export interface FixedTicks {
  ticks: number[];
  labels: string[];
}

export interface AxesSpec {
  /** Figure size in px. */
  width: number;
  height: number;
  /** Data values at the left/right and bottom/top edges; reversed limits flip the axis. */
  xlim: [number, number];
  ylim: [number, number];
  xlabel?: string;
  ylabel?: string;
  title?: string;
  grid?: boolean;
  xTicks?: FixedTicks;
  yTicks?: FixedTicks;
  /** px to leave free right of the axes, e.g. for a colour bar. */
  reserveRight?: number;
}

export interface Axes {
  box: Box;
  /** Data → pixel. */
  x(value: number): number;
  y(value: number): number;
  /** SVG to draw under the data (grid) and over it (frame, ticks, labels). */
  below: string;
  above: string;
}

interface AxisTicks extends FixedTicks {
  multiplier: string;
}

function autoTicks(limits: [number, number], length: number, axis: 'x' | 'y'): AxisTicks {
  const ticks = niceTicks(limits[0], limits[1], tickBins(length, axis, FONT_SIZE));
  return { ticks, ...formatTicks(ticks) };
}

const NO_TICKS: AxisTicks = { ticks: [], labels: [], multiplier: '' };

const widest = (labels: string[]) => Math.max(0, ...labels.map((label) => textWidth(label, FONT_SIZE)));

/** The plotting area left once titles, labels and tick labels have their room. */
function place(spec: AxesSpec, xTicks: AxisTicks, yTicks: AxisTicks, uprightX: boolean): Box {
  const firstXLabel = uprightX ? 0 : textWidth(xTicks.labels[0] ?? '', FONT_SIZE) / 2;
  const lastXLabel = uprightX ? 0 : textWidth(xTicks.labels.at(-1) ?? '', FONT_SIZE) / 2;
  const tickRoom = TICK_LENGTH + TICK_PAD;
  const labelRow = FONT_SIZE + LABEL_PAD;
  const left = EDGE + Math.max((spec.ylabel ? labelRow : 0) + widest(yTicks.labels) + tickRoom, firstXLabel);
  const right = EDGE + Math.max(lastXLabel, spec.reserveRight ?? 0);
  const top = EDGE + Math.max(
    spec.title ? TITLE_SIZE + TITLE_PAD : 0,
    yTicks.multiplier ? FONT_SIZE + TITLE_PAD : 0,
    (CAP_HEIGHT_EM * FONT_SIZE) / 2,
  );
  const xLabelRow = spec.xlabel || xTicks.multiplier ? labelRow : 0;
  const xTickLabelHeight = uprightX ? widest(xTicks.labels) : CAP_HEIGHT_EM * FONT_SIZE;
  const bottom = EDGE + xLabelRow + xTickLabelHeight + tickRoom;
  return { x: left, y: top, width: Math.max(1, spec.width - left - right), height: Math.max(1, spec.height - top - bottom) };
}

/** Lays out and draws a matplotlib-style rectangular axes filling the figure. */
export function drawAxes(spec: AxesSpec): Axes {
  // Tick count depends on the axis length, which depends on the tick labels' room: settle it
  // in two rounds, starting from an axes with no labels.
  const ticksFor = (box: Box): [AxisTicks, AxisTicks] => [
    spec.xTicks ? { ...spec.xTicks, multiplier: '' } : autoTicks(spec.xlim, box.width, 'x'),
    spec.yTicks ? { ...spec.yTicks, multiplier: '' } : autoTicks(spec.ylim, box.height, 'y'),
  ];
  let box = place(spec, NO_TICKS, NO_TICKS, false);
  let xTicks: AxisTicks = NO_TICKS;
  let yTicks: AxisTicks = NO_TICKS;
  for (let round = 0; round < 2; round++) {
    [xTicks, yTicks] = ticksFor(box);
    box = place(spec, xTicks, yTicks, false);
  }
  const [x0, x1] = spec.xlim;
  // Tick labels wider than the room between them (long class names) stand upright instead.
  const tickGap = Math.min(...xTicks.ticks.slice(1).map((tick, i) => Math.abs(tick - xTicks.ticks[i])));
  const uprightX = widest(xTicks.labels) + 4 > (tickGap / Math.abs(x1 - x0)) * box.width;
  if (uprightX) box = place(spec, xTicks, yTicks, true);

  const [y0, y1] = spec.ylim;
  const x = (value: number) => box.x + ((value - x0) / (x1 - x0)) * box.width;
  const y = (value: number) => box.y + box.height - ((value - y0) / (y1 - y0)) * box.height;
  const bottom = box.y + box.height;
  const font = { 'font-family': FONT_FAMILY, 'font-size': FONT_SIZE, fill: '#000000' };
  const line = (x1: number, y1: number, x2: number, y2: number) => element('line', { x1, y1, x2, y2 });

  const grid = spec.grid
    ? element('g', { class: 'grid', stroke: GRID_COLOR, 'stroke-width': LINE_WIDTH }, [
        ...xTicks.ticks.map((tick) => line(x(tick), box.y, x(tick), bottom)),
        ...yTicks.ticks.map((tick) => line(box.x, y(tick), box.x + box.width, y(tick))),
      ])
    : '';

  const tickMarks = element('g', { class: 'ticks', stroke: '#000000', 'stroke-width': LINE_WIDTH }, [
    ...xTicks.ticks.map((tick) => line(x(tick), bottom, x(tick), bottom + TICK_LENGTH)),
    ...yTicks.ticks.map((tick) => line(box.x, y(tick), box.x - TICK_LENGTH, y(tick))),
  ]);
  const capCentre = (CAP_HEIGHT_EM * FONT_SIZE) / 2;
  const xLabelBaseline = bottom + TICK_LENGTH + TICK_PAD + CAP_HEIGHT_EM * FONT_SIZE;
  const xTickLabel = (tick: number, label: string) => {
    if (!uprightX) return text(x(tick), xLabelBaseline, label, { 'text-anchor': 'middle' });
    const [anchorX, anchorY] = [x(tick) + capCentre, bottom + TICK_LENGTH + TICK_PAD];
    return text(anchorX, anchorY, label, { 'text-anchor': 'end', transform: `rotate(-90 ${num(anchorX)} ${num(anchorY)})` });
  };
  const tickLabels = element('g', { class: 'tick-labels', ...font }, [
    ...xTicks.ticks.map((tick, i) => xTickLabel(tick, xTicks.labels[i])),
    ...yTicks.ticks.map((tick, i) =>
      text(box.x - TICK_LENGTH - TICK_PAD, y(tick) + capCentre, yTicks.labels[i], { 'text-anchor': 'end' }),
    ),
  ]);

  const labelBaseline = spec.height - EDGE - DESCENT_EM * FONT_SIZE;
  const yLabelX = EDGE + ASCENT_EM * FONT_SIZE;
  const yMiddle = box.y + box.height / 2;
  const labels = element('g', { class: 'axis-labels', ...font }, [
    spec.xlabel ? text(box.x + box.width / 2, labelBaseline, spec.xlabel, { 'text-anchor': 'middle' }) : '',
    spec.ylabel
      ? text(yLabelX, yMiddle, spec.ylabel, { 'text-anchor': 'middle', transform: `rotate(-90 ${num(yLabelX)} ${num(yMiddle)})` })
      : '',
    xTicks.multiplier ? text(box.x + box.width, labelBaseline, xTicks.multiplier, { 'text-anchor': 'end' }) : '',
    yTicks.multiplier ? text(box.x, box.y - TITLE_PAD, yTicks.multiplier) : '',
  ]);
  const title = spec.title
    ? text(box.x + box.width / 2, box.y - TITLE_PAD, spec.title, { ...font, 'font-size': TITLE_SIZE, 'text-anchor': 'middle', class: 'title' })
    : '';
  const frame = element('rect', { class: 'axes-frame', ...box, fill: 'none', stroke: '#000000', 'stroke-width': LINE_WIDTH });
  return { box, x, y, below: grid, above: frame + tickMarks + tickLabels + labels + title };
}
