import { Figure, PIXELS_PER_INCH } from './figure.js';
import { PlotError } from './numbers.js';
import { CAP_HEIGHT_EM, element, escapeXml, FONT_FAMILY, text, textWidth } from './svg.js';

/** Options of mlpDiagram(): how many units to draw per layer and the layer names. */
export interface MlpDiagramOptions {
  /** Most units drawn per layer; a larger layer shows its first units, "⋯" and its last unit. */
  maxUnitsShown?: number;
  /** Names down the left side, input first; defaults to "Input layer", "Hidden layer", "Output layer". */
  layerNames?: string[];
}

const RADIUS = 14;
const UNIT_SPACING = 42; // between unit centres in a layer
const LAYER_SPACING = 72; // between layers
const EDGE = 8;
const NAME_GAP = 16; // between the layer names and the first unit
const NAME_SIZE = 12;
const UNIT_SIZE = 12;
const SUBSCRIPT_SIZE = 8.5;
const ARROW_COLOR = '#444444';

function defaultNames(layers: number): string[] {
  const hidden = layers - 2;
  return Array.from({ length: layers }, (_, i) => {
    if (i === 0) return 'Input layer';
    if (i === layers - 1) return 'Output layer';
    return hidden === 1 ? 'Hidden layer' : `Hidden layer ${i}`;
  });
}

/** Unit numbers to draw, 1-based, with null where the ellipsis goes. */
function shownUnits(size: number, cap: number): (number | null)[] {
  if (size <= cap) return Array.from({ length: size }, (_, i) => i + 1);
  return [...Array.from({ length: cap - 2 }, (_, i) => i + 1), null, size];
}

/** "x₁"-style label: the letter, then the index as an SVG subscript. */
function unitLabel(x: number, y: number, letter: string, index: number): string {
  const subscript = element('tspan', { 'baseline-shift': 'sub', 'font-size': SUBSCRIPT_SIZE }, String(index));
  return element('text', { x, y, 'text-anchor': 'middle' }, escapeXml(letter) + subscript);
}

/**
 * The chapter's network diagram: one circle per unit, inputs at the bottom and outputs at the top,
 * every unit joined by an arrow to every unit of the next layer.
 */
export function mlpDiagram(layerSizes: number[], options: MlpDiagramOptions = {}): Figure {
  if (layerSizes.length < 2 || !layerSizes.every((size) => Number.isInteger(size) && size > 0)) {
    throw new PlotError(`mlpDiagram: expected at least two positive integer layer sizes, got [${layerSizes.join(', ')}]`);
  }
  const cap = options.maxUnitsShown ?? 8;
  if (!Number.isInteger(cap) || cap < 3) throw new PlotError(`mlpDiagram: maxUnitsShown must be an integer ≥ 3, got ${cap}`);
  const names = options.layerNames ?? defaultNames(layerSizes.length);
  if (names.length !== layerSizes.length) {
    throw new PlotError(`mlpDiagram: ${layerSizes.length} layers but ${names.length} layer names`);
  }

  const layers = layerSizes.map((size) => shownUnits(size, cap));
  const nameWidth = Math.max(...names.map((name) => textWidth(name, NAME_SIZE)));
  const widest = Math.max(...layers.map((units) => units.length));
  const width = EDGE + nameWidth + NAME_GAP + widest * UNIT_SPACING + EDGE;
  const height = 2 * EDGE + 2 * RADIUS + (layers.length - 1) * LAYER_SPACING;
  const rowsCentre = EDGE + nameWidth + NAME_GAP + (widest * UNIT_SPACING) / 2;

  // Centre of each drawn slot; input layer in the bottom row.
  const positions = layers.map((units, layer) => {
    const y = height - EDGE - RADIUS - layer * LAYER_SPACING;
    return units.map((_, k) => ({ x: rowsCentre + (k - (units.length - 1) / 2) * UNIT_SPACING, y }));
  });
  const letters = layers.map((_, layer) => (layer === 0 ? 'x' : layer === layers.length - 1 ? 'o' : 'h'));

  const arrows: string[] = [];
  for (let layer = 0; layer + 1 < layers.length; layer++) {
    layers[layer].forEach((from, i) => {
      layers[layer + 1].forEach((to, j) => {
        if (from === null || to === null) return;
        const [a, b] = [positions[layer][i], positions[layer + 1][j]];
        const length = Math.hypot(b.x - a.x, b.y - a.y);
        const [dx, dy] = [(b.x - a.x) / length, (b.y - a.y) / length];
        arrows.push(element('line', {
          x1: a.x + dx * RADIUS, y1: a.y + dy * RADIUS, x2: b.x - dx * (RADIUS + 1), y2: b.y - dy * (RADIUS + 1),
        }));
      });
    });
  }

  const capCentre = (CAP_HEIGHT_EM * UNIT_SIZE) / 2;
  const units = layers.flatMap((shown, layer) =>
    shown.map((index, k) => {
      const { x, y } = positions[layer][k];
      if (index === null) return text(x, y + capCentre, '\u22ef', { 'text-anchor': 'middle', class: 'ellipsis' });
      return element('circle', { cx: x, cy: y, r: RADIUS, fill: '#ffffff', stroke: '#000000', 'stroke-width': 1 }) +
        unitLabel(x, y + capCentre, letters[layer], index);
    }),
  );

  const layerLabels = names.map((name, layer) => {
    const y = positions[layer][0].y;
    const capped = layerSizes[layer] > cap;
    const label = text(EDGE, y + (capped ? -2 : capCentre), name, { 'font-size': NAME_SIZE });
    const count = capped
      ? text(EDGE, y + 12, `${layerSizes[layer]} units`, { 'font-size': SUBSCRIPT_SIZE + 1.5, fill: '#555555' })
      : '';
    return label + count;
  });

  // Past a few dozen arrows the crossings turn into a grey mass; lighter lines keep the units legible.
  const arrowOpacity = arrows.length > 60 ? 0.5 : 1;
  const arrowHead = element('marker', {
    id: 'mlp-arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto',
  }, element('path', { d: 'M0,1 L10,5 L0,9 z', fill: ARROW_COLOR, 'fill-opacity': arrowOpacity }));
  const content = [
    element('defs', {}, arrowHead),
    element('g', {
      class: 'connections', stroke: ARROW_COLOR, 'stroke-width': 0.8, 'stroke-opacity': arrowOpacity, 'marker-end': 'url(#mlp-arrow)',
    }, arrows),
    element('g', { class: 'units', 'font-family': FONT_FAMILY, 'font-size': UNIT_SIZE }, units),
    element('g', { class: 'layer-names', 'font-family': FONT_FAMILY }, layerLabels),
  ].join('');
  return new Figure([width / PIXELS_PER_INCH, height / PIXELS_PER_INCH], content);
}
