/**
 * The data column's own widgets: a thumbnail per data set (click to use it), the CSV upload with
 * its message, and the seed with the Regenerate button.
 */
import { data, Generator } from 'perceptron';
import { CLASS_COLORS, css, diverging } from '../colors.js';
import { DATASETS, largestMagnitude, type DatasetName } from '../problem.js';
import { MAX_CLASSES, MAX_ROWS } from '../uploaded-csv.js';
import { hiDpiCanvas, html } from './dom.js';

const THUMB = 56;

export interface DataPanelEvents {
  choose(dataset: DatasetName): void;
  upload(file: File): void;
  regenerate(): void;
}

/** Draws up to 250 of the points on a thumbnail canvas. */
function drawThumbnail(canvas: HTMLCanvasElement, points: data.LabeledData, regression: boolean): void {
  const context = hiDpiCanvas(canvas, THUMB, THUMB);
  const xy = points.x.data as Float32Array;
  const labels = points.y.data as Float32Array | Int32Array;
  let [low, high] = [Infinity, -Infinity];
  for (const v of xy) [low, high] = [Math.min(low, v), Math.max(high, v)];
  const at = (v: number) => 3 + ((v - low) / (high - low || 1)) * (THUMB - 6);
  const largest = largestMagnitude(labels);
  const stride = Math.max(1, Math.floor(labels.length / 250));
  for (let i = 0; i < labels.length; i += stride) {
    context.fillStyle = css(regression ? diverging(labels[i] / largest) : CLASS_COLORS[labels[i]]);
    context.fillRect(at(xy[2 * i]) - 1.25, THUMB - at(xy[2 * i + 1]) - 1.25, 2.5, 2.5);
  }
}

export class DataPanel {
  readonly #tiles = new Map<DatasetName, HTMLButtonElement>();
  readonly #csvTile: HTMLButtonElement;
  readonly #csvCanvas = html('canvas');
  readonly #message = html('p', { id: 'csv-message', class: 'message', role: 'status' });
  readonly #seed = html('span', { id: 'seed', class: 'seed' });

  constructor(host: HTMLElement, events: DataPanelEvents) {
    const classification = html('div', { class: 'tiles' });
    const regression = html('div', { class: 'tiles' });
    for (const name of data.syntheticDatasetNames) {
      const spec = DATASETS[name];
      const canvas = html('canvas');
      drawThumbnail(canvas, data.drawSyntheticDataset(name, new Generator(7), { noise: 0 }), spec.task === 'regression');
      const tile = html('button', { class: 'tile', title: spec.label, 'aria-label': spec.label, 'data-dataset': name }, canvas, html('span', {}, spec.label));
      tile.addEventListener('click', () => events.choose(name));
      (spec.task === 'regression' ? regression : classification).append(tile);
      this.#tiles.set(name, tile);
    }
    hiDpiCanvas(this.#csvCanvas, THUMB, THUMB);
    this.#csvTile = html('button', { class: 'tile csv', title: 'Your uploaded CSV', 'data-dataset': 'csv', disabled: true }, this.#csvCanvas, html('span', {}, 'Your CSV'));
    this.#csvTile.addEventListener('click', () => events.choose('csv'));
    this.#tiles.set('csv', this.#csvTile);

    const file = html('input', { type: 'file', id: 'csv-file', accept: '.csv,.tsv,.txt,text/csv,text/plain' });
    file.addEventListener('change', () => {
      if (file.files?.[0]) events.upload(file.files[0]);
      file.value = '';
    });
    const regenerate = html('button', { id: 'regenerate', class: 'text-button', title: 'Draw new data with a new seed' }, 'Regenerate');
    regenerate.addEventListener('click', () => events.regenerate());
    host.append(
      html('h3', {}, 'Classification'), classification,
      html('h3', {}, 'Regression'), regression,
      html('h3', {}, 'Your data'),
      html('div', { class: 'upload' },
        this.#csvTile,
        html('div', {},
          html('label', { class: 'text-button', for: 'csv-file' }, 'Upload CSV…'), file,
          html('p', { class: 'hint' }, `Columns x₁, x₂, label (the last). Whole numbers or words are classes (up to ${MAX_CLASSES}), other numbers a regression target; up to ${MAX_ROWS} rows.`))),
      this.#message,
      html('div', { class: 'seed-row' }, regenerate, this.#seed),
    );
  }

  /** Marks the chosen data set and shows the seed. */
  show(dataset: DatasetName, seed: number): void {
    for (const [name, tile] of this.#tiles) tile.classList.toggle('selected', name === dataset);
    this.#seed.textContent = `seed ${seed}`;
  }

  /** An uploaded file's thumbnail (the tile becomes usable) and the message under the upload. */
  showUpload(points: data.LabeledData | null, regression: boolean, message: string, ok: boolean): void {
    if (points) {
      drawThumbnail(this.#csvCanvas, points, regression);
      this.#csvTile.disabled = false;
    }
    this.#message.textContent = message;
    this.#message.classList.toggle('error', !ok);
  }
}
