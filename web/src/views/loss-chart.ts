/** The live training and test loss, one point per epoch, on a small canvas (redrawn every update). */
import type { Losses } from '../training.js';
import { hiDpiCanvas, html } from './dom.js';

export const TRAIN_COLOR = '#9aa0a6';
export const TEST_COLOR = '#202124';

export class LossChart {
  readonly canvas = html('canvas', { class: 'loss-chart', 'aria-label': 'loss curves' });
  readonly #context: CanvasRenderingContext2D;
  readonly #width: number;
  readonly #height: number;

  constructor(host: HTMLElement, width: number, height: number) {
    host.append(this.canvas);
    this.#width = width;
    this.#height = height;
    this.#context = hiDpiCanvas(this.canvas, width, height);
  }

  draw(history: readonly Losses[]): void {
    const context = this.#context;
    const [width, height] = [this.#width, this.#height];
    context.clearRect(0, 0, width, height);
    const top = history.reduce((m, h) => Math.max(m, Number.isFinite(h.train) ? h.train : 0, Number.isFinite(h.test) ? h.test : 0), 1e-9);
    // At most one point per pixel column: the chart stays cheap however long the run.
    const stride = Math.max(1, Math.ceil(history.length / width));
    const x = (epoch: number) => (history.length === 1 ? 0 : (epoch / (history.length - 1)) * width);
    const y = (loss: number) => height - 2 - (loss / top) * (height - 4);
    for (const [key, color] of [['train', TRAIN_COLOR], ['test', TEST_COLOR]] as const) {
      context.beginPath();
      context.strokeStyle = color;
      context.lineWidth = 1.5;
      let started = false;
      for (let epoch = 0; epoch < history.length; epoch += stride) {
        const value = history[epoch][key];
        if (!Number.isFinite(value)) continue;
        if (started) context.lineTo(x(epoch), y(value));
        else context.moveTo(x(epoch), y(value));
        started = true;
      }
      if (started) context.lineTo(x(history.length - 1), y(history[history.length - 1][key]));
      context.stroke();
    }
  }
}
