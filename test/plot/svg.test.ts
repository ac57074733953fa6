import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COLOR_CYCLE, colormap } from '../../src/plot/colors.js';
import { element, escapeXml, num, text, textWidth } from '../../src/plot/svg.js';

test('escapeXml escapes the five XML special characters', () => {
  assert.equal(escapeXml(`a<b & "c" 'd'>`), 'a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;');
});

test('num rounds to hundredths and never writes -0', () => {
  assert.equal(num(1.23456), '1.23');
  assert.equal(num(-0.001), '0');
  assert.equal(num(10), '10');
});

test('element leaves out undefined attributes, formats numbers and escapes values', () => {
  assert.equal(element('line', { x1: 0.125, y1: undefined, stroke: 'a"b' }), '<line x1="0.13" stroke="a&quot;b"/>');
  assert.equal(text(1, 2, 'x < y'), '<text x="1" y="2">x &lt; y</text>');
});

test('textWidth uses DejaVu Sans advance widths', () => {
  assert.equal(textWidth('0', 2048), 1303);
  assert.equal(textWidth('\u22128', 10), ((1716 + 1303) / 2048) * 10);
  assert.ok(Math.abs(textWidth('relu(x)', 10) - 33.1) < 0.01);
});

test("matplotlib's colour cycle and colormap ends", () => {
  assert.deepEqual(COLOR_CYCLE.slice(0, 3), ['#1f77b4', '#ff7f0e', '#2ca02c']);
  assert.equal(colormap('viridis', 0), '#440154');
  assert.equal(colormap('viridis', 0.5), '#21918c');
  assert.equal(colormap('viridis', 1), '#fde725');
  assert.equal(colormap('viridis', 7), '#fde725');
  assert.equal(colormap('gray', 0.5), '#808080');
});
