import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Figure } from '../../src/plot/figure.js';
import { xyplot } from '../../src/plot/line-plot.js';
import { PlotError } from '../../src/plot/numbers.js';
import { text } from '../../src/plot/svg.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, which must come first. */
function pngSize(bytes: Uint8Array): [number, number] {
  assert.deepEqual([...bytes.subarray(0, 8)], PNG_SIGNATURE);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.equal(new TextDecoder().decode(bytes.subarray(12, 16)), 'IHDR');
  return [view.getUint32(16), view.getUint32(20)];
}

const x = Array.from({ length: 160 }, (_, i) => -8 + i * 0.1);
const relu = xyplot(x, x.map((v) => Math.max(v, 0)), 'relu');

test('PNG export is a valid PNG of figsize × 72 × scale pixels', async () => {
  assert.deepEqual(pngSize(await relu.toPNG()), [5 * 72 * 2, 2.5 * 72 * 2]);
  assert.deepEqual(pngSize(await relu.toPNG({ scale: 1 })), [360, 180]);
  await assert.rejects(relu.toPNG({ scale: 0 }), PlotError);
});

test('PNG export draws text with the bundled font', async () => {
  // resvg without a font silently drops text, which would give identical images here.
  const blank = await new Figure([1, 0.5], '').toPNG();
  const lettered = await new Figure([1, 0.5], text(10, 25, 'relu(x)', { 'font-family': 'DejaVu Sans' })).toPNG();
  assert.notDeepEqual(lettered, blank);
});

test('save() writes .svg and .png by extension into new folders, leaving no temporary files', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'perceptron-plot-'));
  try {
    const svgPath = join(folder, 'nested', 'deeper', 'relu.svg');
    const pngPath = join(folder, 'nested', 'relu.png');
    await relu.save(svgPath);
    await relu.save(pngPath, { scale: 1 });
    assert.equal(await readFile(svgPath, 'utf8'), relu.toSVG());
    assert.deepEqual(pngSize(await readFile(pngPath)), [360, 180]);
    assert.deepEqual((await readdir(join(folder, 'nested'))).sort(), ['deeper', 'relu.png']);
    assert.deepEqual(await readdir(join(folder, 'nested', 'deeper')), ['relu.svg']);
    await assert.rejects(relu.save(join(folder, 'relu.jpg')), /ending in \.svg or \.png/);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
