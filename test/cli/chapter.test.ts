/** `perceptron chapter` and the chapter example: files written and the chapter's claims, checked. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reproduceChapter } from '../../examples/chapter.js';
import { runCli } from './run-cli.js';

const FIGURES = ['mlp', 'relu', 'relu-grad', 'sigmoid', 'sigmoid-grad', 'tanh', 'tanh-grad'];
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

test('reproduceChapter: affine layers collapse to rounding, ReLU breaks it, gradients at 0 are exact', async () => {
  const out = mkdtempSync(join(tmpdir(), 'chapter-'));
  const lines: string[] = [];
  const result = await reproduceChapter(out, (line) => lines.push(line));
  assert.ok(result.affineCollapseError < 1e-12, `collapse error ${result.affineCollapseError}`);
  assert.ok(result.reluDifference > 0.1, `relu difference ${result.reluDifference}`);
  assert.deepEqual(result.gradientsAtZero, { sigmoid: 0.25, tanh: 1, relu: 0 });
  assert.deepEqual(readdirSync(out).sort(), FIGURES.flatMap((f) => [`${f}.png`, `${f}.svg`]).sort());
  const reluSvg = readFileSync(join(out, 'relu.svg'), 'utf8');
  assert.match(reluSvg, />relu\(x\)</);
  assert.match(readFileSync(join(out, 'sigmoid-grad.svg'), 'utf8'), />grad of sigmoid\(x\)</);
  assert.deepEqual([...readFileSync(join(out, 'tanh.png')).subarray(0, 8)], PNG_SIGNATURE);
  // The MLP figure: 4 + 5 + 3 units.
  assert.equal(readFileSync(join(out, 'mlp.svg'), 'utf8').match(/<circle/g)?.length, 12);
});

test('perceptron chapter --out DIR prints what it did and the numerical checks', () => {
  const out = mkdtempSync(join(tmpdir(), 'chapter-cli-'));
  const { status, stdout, stderr } = runCli(['chapter', '--out', out]);
  assert.equal(status, 0, stderr);
  for (const figure of FIGURES) assert.ok(stdout.includes(`${join(out, figure)}.svg and .png`), `${figure} reported`);
  const collapse = Number(stdout.match(/\(b_h·W_o \+ b_o\)\)\| = ([\d.e+-]+)/)?.[1]);
  assert.ok(collapse < 1e-12, `printed collapse error ${collapse}`);
  assert.match(stdout, /sigmoid′\(0\) = 0\.25, tanh′\(0\) = 1, relu′\(0\) = 0/);
  assert.equal(readdirSync(out).length, 14);
});
