import assert from 'node:assert/strict';
import { test } from 'node:test';
import { heatmap } from '../../src/plot/heatmap.js';
import { imageGrid } from '../../src/plot/image-grid.js';
import { PlotError } from '../../src/plot/numbers.js';
import { findAll, group, isBalanced, texts } from './svg-query.js';

test('imageGrid draws each image with its title, one row by default', () => {
  const figure = imageGrid([[[0, 1], [1, 0]], [[0, 0], [0, 0]]], { titles: ['checker', 'blank'], scale: 10 });
  const svg = figure.toSVG();
  assert.ok(isBalanced(svg));
  assert.deepEqual(texts(svg), ['checker', 'blank']);
  const transforms = findAll(svg, 'g').map((g) => g.attributes.transform).filter(Boolean);
  assert.equal(transforms.length, 2);
  assert.ok(transforms.every((t) => t.endsWith('scale(10)')));
  const [first, second] = transforms.map((t) => t.match(/translate\((\S+) (\S+)\)/)!.slice(1).map(Number));
  assert.equal(first[1], second[1], 'same row');
  assert.ok(second[0] > first[0]);
});

test('pixels are scaled to each image range and equal runs merge into one rect', () => {
  const svg = imageGrid([[[0, 0, 0, 255], [255, 255, 0, 0]]]).toSVG();
  const cells = findAll(svg, 'rect').slice(1); // after the background
  assert.deepEqual(cells.map((c) => [c.attributes.x, c.attributes.y, c.attributes.width, c.attributes.fill]), [
    ['0', '0', '3', '#000000'], ['3', '0', '1', '#ffffff'], ['0', '1', '2', '#ffffff'], ['2', '1', '2', '#000000'],
  ]);
});

test('a flat square image (784 values) is read as 28×28; other flat lengths are refused', () => {
  const checkerboard = new Float32Array(784).map((_, i) => (Math.floor(i / 28) + (i % 28)) % 2);
  const cells = findAll(imageGrid([checkerboard], { scale: 1 }).toSVG(), 'rect').slice(1);
  assert.equal(cells.length, 784); // no two neighbours share a colour, so nothing merges
  assert.equal(Math.max(...cells.map((c) => Number(c.attributes.x))), 27);
  assert.equal(Math.max(...cells.map((c) => Number(c.attributes.y))), 27);
  assert.throws(() => imageGrid([[1, 2, 3, 4, 5]]), PlotError);
  assert.throws(() => imageGrid([[[1]], [[2]], [[3]]], { rows: 1, cols: 2 }), /do not fit in 1 × 2/);
});

test('rows × cols lays images out in a grid', () => {
  const images = Array.from({ length: 4 }, () => [[0, 1], [1, 0]]);
  const svg = imageGrid(images, { cols: 2 }).toSVG();
  const offsets = findAll(svg, 'g').map((g) => g.attributes.transform).filter(Boolean)
    .map((t) => t.match(/translate\((\S+) (\S+)\)/)!.slice(1).map(Number));
  assert.equal(new Set(offsets.map(([x]) => x)).size, 2);
  assert.equal(new Set(offsets.map(([, y]) => y)).size, 2);
});

test('heatmap colours the smallest and largest values with the colormap ends, row 0 on top', () => {
  const svg = heatmap([[0, 1, 2], [3, 4, 5]], { xlabel: 'column', ylabel: 'row' }).toSVG();
  assert.ok(isBalanced(svg));
  const cells = findAll(group(svg, 'cells'), 'rect');
  assert.equal(cells.length, 6);
  assert.deepEqual([cells[0].attributes.y, cells[0].attributes.fill], ['0', '#440154']);
  assert.deepEqual([cells[5].attributes.y, cells[5].attributes.fill], ['1', '#fde725']);
  assert.deepEqual(texts(group(svg, 'axis-labels')), ['column', 'row']);
  assert.deepEqual(texts(group(svg, 'colorbar')), ['0', '1', '2', '3', '4', '5']);
});

test('heatmap can name its rows and columns, and leave out the colour bar', () => {
  const svg = heatmap([[1, 0], [0, 1]], { xTickLabels: ['cat', 'dog'], yTickLabels: ['cat', 'dog'], colorbar: false }).toSVG();
  assert.deepEqual(texts(group(svg, 'tick-labels')), ['cat', 'dog', 'cat', 'dog']);
  assert.equal(group(svg, 'colorbar'), '');
  assert.throws(() => heatmap([[1, 0], [0, 1]], { xTickLabels: ['one'] }), /xTickLabels has 1 names for 2 cells/);
});
