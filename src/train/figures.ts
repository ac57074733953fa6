/**
 * The book's training figures: the Animator's curves (loss and accuracies against epochs) and
 * predict_ch3's grid of images titled with the true and the predicted label.
 */
import { imageGrid, linePlot, type Figure, type Figsize } from '../plot/index.js';
import type { Tensor } from '../tensor/tensor.js';
import type { History } from './fit.js';

/** Train loss, train accuracy and test accuracy (or test loss, for regression) against epochs. */
export function trainingCurves(history: History, options: { figsize?: Figsize; title?: string } = {}): Figure {
  const epochs = history.epochs.map((r) => r.epoch);
  const series: { label: string; values: (number | undefined)[]; dash?: '--' | '-.' }[] = [
    { label: 'train loss', values: history.epochs.map((r) => r.trainLoss) },
    { label: 'train acc', values: history.epochs.map((r) => r.trainAccuracy), dash: '--' },
    { label: 'test acc', values: history.epochs.map((r) => r.testAccuracy), dash: '-.' },
    { label: 'test loss', values: history.epochs.map((r) => (r.testAccuracy === undefined ? r.testLoss : undefined)), dash: '--' },
  ];
  const last = epochs[epochs.length - 1] ?? 1;
  return linePlot({
    series: series
      .filter((s) => s.values.every((v) => v !== undefined))
      .map((s) => ({ x: epochs, y: s.values as number[], label: s.label, dash: s.dash })),
    xlabel: 'epoch',
    xlim: [Math.min(1, last), Math.max(last, 2)],
    grid: true,
    title: options.title,
    figsize: options.figsize ?? [5, 3.5],
  });
}

/**
 * The first `count` images with "true\npredicted" titles, as the book's predict_ch3. Images are
 * (N, H, W) or (N, H·W) with square images.
 */
export function predictionGrid(
  images: Tensor,
  trueLabels: Tensor,
  predictedLabels: Tensor,
  classNames: readonly string[],
  options: { count?: number; cols?: number } = {},
): Figure {
  const count = Math.min(options.count ?? 9, images.shape[0]);
  const pixels = images.size / images.shape[0];
  const side = Math.round(Math.sqrt(pixels));
  const pictures = Array.from({ length: count }, (_, i) => {
    const flat = images.data.subarray(i * pixels, (i + 1) * pixels);
    return Array.from({ length: side }, (_, r) => Array.from(flat.subarray(r * side, (r + 1) * side)));
  });
  const titles = Array.from({ length: count }, (_, i) => {
    const truth = classNames[trueLabels.data[i]] ?? String(trueLabels.data[i]);
    const guess = classNames[predictedLabels.data[i]] ?? String(predictedLabels.data[i]);
    return truth === guess ? truth : `${truth} → ${guess}`;
  });
  return imageGrid(pictures, { titles, cols: options.cols ?? (count > 10 ? Math.ceil(count / 2) : count), range: [0, 1] });
}
