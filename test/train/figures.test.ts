/** The book's training figures: Animator-style curves and predict_ch3's titled image grid. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, train } from '../../src/index.js';

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

test('classification curves: train loss, train acc and test acc against epochs', () => {
  const history = { epochs: [1, 2, 3].map((epoch) => ({ epoch, trainLoss: 1 / epoch, trainAccuracy: 0.5 + epoch / 10, testAccuracy: 0.45 + epoch / 10, samplesPerSecond: 1, seconds: 1 })) };
  const svg = train.trainingCurves(history).toSVG();
  const labels = texts(svg);
  for (const label of ['train loss', 'train acc', 'test acc', 'epoch']) assert.ok(labels.includes(label), label);
  assert.ok(!labels.includes('test loss'));
  assert.equal(svg.match(/<polyline/g)?.length, 3);
});

test('regression curves: train loss and test loss', () => {
  const history = { epochs: [1, 2].map((epoch) => ({ epoch, trainLoss: 1 / epoch, testLoss: 1.2 / epoch, samplesPerSecond: 1, seconds: 1 })) };
  const labels = texts(train.trainingCurves(history).toSVG());
  assert.ok(labels.includes('train loss') && labels.includes('test loss') && !labels.includes('train acc'));
});

test('prediction grid: a title per image, the true label where right, "true → predicted" where wrong', () => {
  const images = array(new Float32Array(3 * 4).fill(0.5), { shape: [3, 2, 2] });
  const names = ['cat', 'dog', 'cow'];
  const svg = train.predictionGrid(images, array([0, 1, 2], { dtype: 'int32' }), array([0, 2, 2], { dtype: 'int32' }), names).toSVG();
  assert.deepEqual(texts(svg), ['cat', 'dog → cow', 'cow']);
});
