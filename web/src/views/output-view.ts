/**
 * The output: the network's decision regions (or regression surface) over the input plane, with
 * the training points (white rims) and optionally the test points (black rims) on top, tick labels
 * on two sides and a legend for the colours.
 */
import { plot } from 'perceptron';
import { CLASS_COLORS, css, diverging } from '../colors.js';
import type { Problem } from '../problem.js';
import { formatNumber, hiDpiCanvas, html, svg } from './dom.js';
import { outputColor, paintField } from './field.js';

const POINT_RADIUS = 3.5;
const TICK_ROOM = 22;

export class OutputView {
  readonly field = html('canvas', { class: 'field', 'aria-label': 'decision regions' });
  readonly points = html('canvas', { class: 'points' });
  readonly #axes = svg('svg', { class: 'axes' });
  readonly #legend = html('div', { class: 'legend' });
  readonly size: number;

  constructor(host: HTMLElement, size: number) {
    this.size = size;
    const plane = html('div', { class: 'plane' }, this.field, this.points, this.#axes);
    plane.style.width = `${size}px`;
    plane.style.height = `${size}px`;
    host.append(plane, this.#legend);
  }

  /** Draws the points, the ticks and the legend of a problem (when the data or the view changes). */
  drawData(problem: Problem, showTest: boolean): void {
    const size = this.size;
    const context = hiDpiCanvas(this.points, size, size);
    const [low, high] = problem.domain;
    const toPixel = (v: number) => ((v - low) / (high - low)) * size;
    const sets = showTest ? [[problem.train, '#ffffff'], [problem.test, '#000000']] as const : [[problem.train, '#ffffff']] as const;
    for (const [set, rim] of sets) {
      const xy = set.x.data as Float32Array;
      const labels = set.y.data as Float32Array | Int32Array;
      context.strokeStyle = rim;
      context.lineWidth = 1;
      for (let i = 0; i < labels.length; i++) {
        context.beginPath();
        context.arc(toPixel(xy[2 * i]), size - toPixel(xy[2 * i + 1]), POINT_RADIUS, 0, 2 * Math.PI);
        context.fillStyle = css(problem.task === 'regression' ? diverging(labels[i] / problem.valueScale) : CLASS_COLORS[labels[i]]);
        context.fill();
        context.stroke();
      }
    }
    this.#drawTicks(low, high);
    this.#drawLegend(problem);
  }

  /** Paints the output's values (grid n × n, `outputs` per point). */
  drawField(problem: Problem, values: Float32Array, n: number, outputs: number, discretize: boolean): void {
    paintField(this.field, n, outputColor(problem, values, outputs, discretize));
  }

  #drawTicks(low: number, high: number): void {
    const size = this.size;
    const ticks = plot.niceTicks(low, high, 6).filter((t) => t >= low && t <= high);
    const { labels } = plot.formatTicks(ticks);
    const at = (v: number) => ((v - low) / (high - low)) * size;
    this.#axes.setAttribute('viewBox', `0 0 ${size + TICK_ROOM} ${size + TICK_ROOM}`);
    this.#axes.setAttribute('width', String(size + TICK_ROOM));
    this.#axes.setAttribute('height', String(size + TICK_ROOM));
    this.#axes.replaceChildren(
      ...ticks.flatMap((tick, i) => [
        svg('line', { x1: at(tick), x2: at(tick), y1: size, y2: size + 4 }),
        svg('text', { x: at(tick), y: size + 15, 'text-anchor': 'middle' }, labels[i]),
        svg('line', { x1: size, x2: size + 4, y1: size - at(tick), y2: size - at(tick) }),
        svg('text', { x: size + 6, y: size - at(tick) + 4 }, labels[i]),
      ]),
    );
  }

  #drawLegend(problem: Problem): void {
    if (problem.task === 'classification' && problem.classNames.length > 2) {
      this.#legend.replaceChildren(
        ...problem.classNames.map((name, k) =>
          html('span', { class: 'swatch-entry' }, html('span', { class: 'swatch', style: `background:${css(CLASS_COLORS[k])}` }), `class ${name}`),
        ),
      );
      return;
    }
    const [left, right] = problem.task === 'regression'
      ? [formatNumber(-problem.valueScale), formatNumber(problem.valueScale)]
      : [`class ${problem.classNames[0]}`, `class ${problem.classNames[1]}`];
    const gradient = [-1, -0.5, 0, 0.5, 1].map((v) => css(diverging(v))).join(', ');
    this.#legend.replaceChildren(
      html('span', {}, left),
      html('span', { class: 'scale', style: `background: linear-gradient(to right, ${gradient})` }),
      html('span', {}, right),
    );
  }
}
