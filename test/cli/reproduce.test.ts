/** The main job: chapter, training, figures — and the fallback when the data set is missing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reproduce } from '../../src/cli/commands/reproduce.js';
import { train } from '../../src/index.js';

test('without the data set, the main job says how to get it and trains on a synthetic set', async () => {
  const out = mkdtempSync(join(tmpdir(), 'reproduce-'));
  const lines: string[] = [];
  // MNIST is not installed and downloads are off: the same path as a machine without Fashion-MNIST.
  await reproduce(out, 1, (line) => lines.push(line), { ...train.DEFAULT_RECIPE, dataset: 'mnist', download: false });
  const text = lines.join('\n');
  assert.match(text, /mnist is not available here: .*MNIST/);
  assert.match(text, /apt-get install dataset-fashion-mnist/);
  assert.match(text, /Training on the synthetic 3-arm spiral/);
  const accuracy = Number(text.match(/test accuracy ([\d.]+)/)?.[1]);
  assert.ok(accuracy > 0.9, text);
  for (const file of ['chapter/relu.svg', 'chapter/mlp.png', 'training-curves.svg', 'training-curves.png']) {
    assert.ok(existsSync(join(out, file)), file);
  }
});
