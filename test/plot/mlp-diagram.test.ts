import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mlpDiagram } from '../../src/plot/mlp-diagram.js';
import { PlotError } from '../../src/plot/numbers.js';
import { findAll, group, isBalanced, texts } from './svg-query.js';

test("the chapter's network [4, 5, 3]: 12 units, 4·5 + 5·3 = 35 connections, named layers", () => {
  const svg = mlpDiagram([4, 5, 3]).toSVG();
  assert.ok(isBalanced(svg));
  assert.equal(findAll(svg, 'circle').length, 12);
  assert.equal(findAll(group(svg, 'connections'), 'line').length, 35);
  assert.deepEqual(texts(group(svg, 'layer-names')), ['Input layer', 'Hidden layer', 'Output layer']);
  const unitLabels = texts(group(svg, 'units'));
  assert.deepEqual(unitLabels, ['x1', 'x2', 'x3', 'x4', 'h1', 'h2', 'h3', 'h4', 'h5', 'o1', 'o2', 'o3']);
  assert.match(svg, /x<tspan baseline-shift="sub"[^>]*>1<\/tspan>/);
});

test('inputs sit below the hidden layer, outputs above it', () => {
  const circles = findAll(mlpDiagram([4, 5, 3]).toSVG(), 'circle').map((c) => Number(c.attributes.cy));
  const [input, hidden, output] = [circles[0], circles[4], circles[9]];
  assert.ok(input > hidden && hidden > output);
});

test('large layers show their first units, an ellipsis and the last unit, with the true count', () => {
  const svg = mlpDiagram([784, 256, 10]).toSVG();
  assert.equal(findAll(svg, 'circle').length, 3 * 7); // 6 first units + the last, per layer
  assert.equal(findAll(group(svg, 'connections'), 'line').length, 7 * 7 + 7 * 7);
  const labels = texts(group(svg, 'units'));
  assert.ok(labels.includes('x784') && labels.includes('h256') && labels.includes('o10'));
  assert.equal(labels.filter((label) => label === '\u22ef').length, 3);
  assert.deepEqual(texts(group(svg, 'layer-names')), ['Input layer', '784 units', 'Hidden layer', '256 units', 'Output layer', '10 units']);
});

test('several hidden layers are numbered', () => {
  const names = texts(group(mlpDiagram([2, 4, 4, 1]).toSVG(), 'layer-names'));
  assert.deepEqual(names, ['Input layer', 'Hidden layer 1', 'Hidden layer 2', 'Output layer']);
});

test('bad layer sizes are rejected', () => {
  assert.throws(() => mlpDiagram([4]), PlotError);
  assert.throws(() => mlpDiagram([4, 0, 3]), PlotError);
  assert.throws(() => mlpDiagram([4, 2.5]), PlotError);
  assert.throws(() => mlpDiagram([4, 3], { layerNames: ['only one'] }), /2 layers but 1 layer names/);
});
