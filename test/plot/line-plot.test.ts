import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PlotError } from '../../src/plot/numbers.js';
import { setFigsize } from '../../src/plot/figure.js';
import { linePlot, xyplot } from '../../src/plot/line-plot.js';
import { findAll, group, isBalanced, texts } from './svg-query.js';

const x = Array.from({ length: 160 }, (_, i) => -8 + i * 0.1); // nd.arange(-8, 8, 0.1)
const relu = x.map((v) => Math.max(v, 0));

function points(polyline: { attributes: Record<string, string> }): number[][] {
  return polyline.attributes.points.split(' ').map((pair) => pair.split(',').map(Number));
}

test("xyplot draws the chapter's relu figure: 5×2.5 in, one blue line, labelled axes", () => {
  const svg = xyplot(x, relu, 'relu').toSVG();
  assert.ok(isBalanced(svg));
  const root = findAll(svg, 'svg')[0].attributes;
  assert.equal(root.width, '360');
  assert.equal(root.height, '180');
  const lines = findAll(svg, 'polyline');
  assert.equal(lines.length, 1);
  assert.equal(points(lines[0]).length, 160);
  assert.equal(lines[0].attributes.stroke, '#1f77b4');
  assert.deepEqual(texts(group(svg, 'axis-labels')), ['x', 'relu(x)']);
  const ylabel = findAll(group(svg, 'axis-labels'), 'text')[1];
  assert.match(ylabel.attributes.transform, /^rotate\(-90 /);
  const tickLabels = texts(group(svg, 'tick-labels'));
  assert.deepEqual(tickLabels, ['\u22128', '\u22126', '\u22124', '\u22122', '0', '2', '4', '6', '8', '0', '2', '4', '6', '8']);
  assert.equal(findAll(svg, 'g').some((g) => g.attributes.class === 'legend'), false);
});

test('a data point lands at the pixel its limits give', () => {
  const svg = linePlot({ series: [{ x: [0, 2.5, 10], y: [0, 7.5, 10] }], xlim: [0, 10], ylim: [0, 10], figsize: [4, 3] }).toSVG();
  const frame = findAll(svg, 'rect').find((rect) => rect.attributes.class === 'axes-frame')!.attributes;
  const viewport = findAll(svg, 'svg')[1].attributes; // the clipping viewport holding the lines
  const [fx, fy, fw, fh] = [frame.x, frame.y, frame.width, frame.height].map(Number);
  assert.deepEqual([viewport.x, viewport.y, viewport.width, viewport.height].map(Number), [fx, fy, fw, fh]);
  const [, point] = points(findAll(svg, 'polyline')[0]);
  const absolute = [fx + point[0], fy + point[1]];
  assert.ok(Math.abs(absolute[0] - (fx + 0.25 * fw)) < 0.02, `x ${absolute[0]}`);
  assert.ok(Math.abs(absolute[1] - (fy + 0.25 * fh)) < 0.02, `y ${absolute[1]}`);
  // x ticks 0, 2, …, 10 (8 bins on a 4 in figure); the one labelled 4 sits 40% across.
  const xLabels = findAll(group(svg, 'tick-labels'), 'text').filter((t) => t.attributes['text-anchor'] === 'middle');
  assert.deepEqual(xLabels.map((t) => t.text), ['0', '2', '4', '6', '8', '10']);
  assert.ok(Math.abs(Number(xLabels[2].attributes.x) - (fx + 0.4 * fw)) < 0.02);
});

test('labelled series get a legend, colours from the cycle and dash patterns', () => {
  const svg = linePlot({
    series: [{ x: [0, 1, 2], y: [0, 1, 4], label: 'square' }, { x: [0, 1, 2], y: [0, 1, 2], label: 'identity', dash: '--' }],
    xlabel: 'x', ylabel: 'y', title: 'Two lines', grid: true,
  }).toSVG();
  const legend = group(svg, 'legend');
  assert.deepEqual(texts(legend), ['square', 'identity']);
  assert.deepEqual(findAll(legend, 'line').map((line) => line.attributes.stroke), ['#1f77b4', '#ff7f0e']);
  const series = findAll(svg, 'polyline');
  assert.equal(series[0].attributes['stroke-dasharray'], undefined);
  assert.equal(series[1].attributes['stroke-dasharray'], '5.55 2.4'); // 3.7 and 1.6 line widths
  assert.deepEqual(texts(svg).filter((t) => t === 'Two lines'), ['Two lines']);
  assert.ok(findAll(group(svg, 'grid'), 'line').length > 0);
});

test('the legend goes to the corner with no data under it', () => {
  // A rising line fills the upper right and lower left, so the legend goes upper left.
  const rising = Array.from({ length: 50 }, (_, i) => i);
  const svg = linePlot({ series: [{ x: rising, y: rising, label: 'rising' }], figsize: [4, 3] }).toSVG();
  const frame = findAll(svg, 'rect').find((rect) => rect.attributes.class === 'axes-frame')!.attributes;
  const box = findAll(group(svg, 'legend'), 'rect')[0].attributes;
  assert.ok(Number(box.x) < Number(frame.x) + 10, 'legend at the left');
  assert.ok(Number(box.y) < Number(frame.y) + 10, 'legend at the top');
});

test('a line crossing every corner without a vertex there pushes the legend to the middle of a side', () => {
  // Two horizontal lines along the top and the bottom, each drawn from two end points only: the
  // corners hold no vertex but are crossed by the segments, so only a centre-side place is free.
  const svg = linePlot({
    series: [{ x: [0, 10], y: [1, 1], label: 'top' }, { x: [0, 10], y: [0, 0], label: 'bottom' }],
    figsize: [4, 3],
  }).toSVG();
  const frame = findAll(svg, 'rect').find((rect) => rect.attributes.class === 'axes-frame')!.attributes;
  const box = findAll(group(svg, 'legend'), 'rect')[0].attributes;
  const middle = Number(box.y) + Number(box.height) / 2;
  const frameMiddle = Number(frame.y) + Number(frame.height) / 2;
  assert.ok(Math.abs(middle - frameMiddle) < 2, `legend centred vertically (${middle} vs ${frameMiddle})`);
});

test('missing values split a line, as matplotlib does', () => {
  const svg = linePlot({ series: [{ y: [1, 2, NaN, 3, 4, 5] }] }).toSVG();
  assert.deepEqual(findAll(svg, 'polyline').map((line) => points(line).length), [2, 3]);
});

test('accepts typed arrays and anything with toArray()', () => {
  const tensorLike = { toArray: () => [[0, 1], [4, 9]] };
  const svg = linePlot({ series: [{ x: new Float32Array([0, 1, 2, 3]), y: tensorLike }] }).toSVG();
  assert.equal(points(findAll(svg, 'polyline')[0]).length, 4);
});

test('text is escaped and the output is deterministic', () => {
  const make = () => linePlot({ series: [{ y: [1, 2], label: 'a<b & "c"' }], xlabel: '<x>' }).toSVG();
  const svg = make();
  assert.equal(svg, make());
  assert.ok(svg.includes('a&lt;b &amp; &quot;c&quot;'));
  assert.ok(svg.includes('&lt;x&gt;'));
  assert.ok(!svg.includes('<x>'));
  assert.ok(isBalanced(svg));
});

test('setFigsize sets the size of later figures; figsize overrides it', () => {
  setFigsize([6, 3]);
  try {
    assert.match(linePlot({ series: [{ y: [1, 2] }] }).toSVG(), /^<svg [^>]*width="432" height="216"/);
    assert.match(linePlot({ series: [{ y: [1, 2] }], figsize: [2, 1] }).toSVG(), /^<svg [^>]*width="144" height="72"/);
  } finally {
    setFigsize([3.5, 2.5]);
  }
  assert.throws(() => setFigsize([0, 1]), PlotError);
});

test('mismatched x and y are reported with the series', () => {
  assert.throws(() => linePlot({ series: [{ x: [1, 2, 3], y: [1, 2] }] }), /series 0: x has 3 values but y has 2/);
  assert.throws(() => linePlot({ series: [] }), PlotError);
  assert.throws(() => linePlot({ series: [{ y: [1, 2] }], xlim: [3, 3] }), /xlim must be two different finite numbers/);
});
