/**
 * The page: settings in, training and drawing out. A change of setting redoes what its effect says
 * (settings.ts) and rewrites the URL; while playing, every animation frame trains one slice (an
 * epoch, or as much of one as fits in the frame's budget) and redraws everything, so the page
 * never freezes.
 */
import { getBackend, loadWasmBackend, plot, setBackend, type Tensor } from 'perceptron';
import { diverging } from './colors.js';
import { download, figurePng, modelFile, outputPng, outputSvg, svgBlob } from './export.js';
import { DATASETS, FEATURES, featureMatrix, gridPoints, largestMagnitude, makeProblem, type Problem } from './problem.js';
import { hashOf, MAX_HIDDEN_LAYERS, SETTINGS, type Effect, type SettingName, type Settings } from './settings.js';
import { Training } from './training.js';
import { CsvUploadError, readPointsCsv, type UploadedPoints } from './uploaded-csv.js';
import { Controls } from './views/controls.js';
import { DataPanel } from './views/data-panel.js';
import { formatNumber, html } from './views/dom.js';
import { ActivationExplorer } from './views/explorer.js';
import { nodeColor, paintField } from './views/field.js';
import { LossChart, TEST_COLOR, TRAIN_COLOR } from './views/loss-chart.js';
import { layersHeader, NetworkView } from './views/network-view.js';
import { OutputView } from './views/output-view.js';

/** Heatmaps are computed on GRID × GRID points of the plane. */
const GRID = 64;
/** Training time per frame: an epoch, or this much of one (ms), leaving the rest of the frame to drawing. */
const TRAIN_BUDGET_MS = 12;
const OUTPUT_SIZE = 300;
/** The uploaded file is kept for the tab's session, so a reload (or a link opened again) finds it. */
const CSV_STORAGE_KEY = 'perceptron-playground-csv';

/** What the page counts, for the curious and for the browser tests (window.__playground.stats). */
export interface Stats {
  /** Frames that trained and redrew. */
  updates: number;
  /** Milliseconds the last update spent training, and drawing. */
  trainMs: number;
  drawMs: number;
}

const byId = <E extends HTMLElement = HTMLElement>(id: string): E => document.getElementById(id) as E;

export class Playground {
  settings: Settings;
  problem!: Problem;
  training!: Training;
  playing = false;
  backend = 'js';
  uploaded: UploadedPoints | null = null;
  readonly stats: Stats = { updates: 0, trainMs: 0, drawMs: 0 };
  /** The parameters as the network started (the same for the same link). */
  initialWeights: Record<string, number[]> = {};

  readonly #controls: Controls;
  readonly #dataPanel: DataPanel;
  readonly #network: NetworkView;
  readonly #output: OutputView;
  readonly #lossChart: LossChart;
  readonly #explorer: ActivationExplorer;
  readonly #notice = byId('notice');
  #grid!: Tensor;
  #featureValues = new Map<string, Float32Array>();
  #preview: { layer: number; index: number } | null = null;
  #dirty = true;

  constructor(settings: Settings) {
    this.settings = settings;
    this.#controls = new Controls(document, (name, value) => this.change(name, value));
    this.#dataPanel = new DataPanel(byId('data-panel'), {
      choose: (dataset) => this.change('dataset', dataset),
      upload: (file) => void this.#upload(file),
      regenerate: () => this.change('seed', Math.floor(Math.random() * 1e6)),
    });
    this.#network = new NetworkView(byId('network'), {
      toggleFeature: (name) => this.#toggleFeature(name),
      changeLayers: (delta) => this.#changeLayers(delta),
      changeNeurons: (layer, delta) => {
        const hidden = [...this.settings.hidden];
        hidden[layer] += delta;
        this.change('hidden', hidden);
      },
      edited: () => this.#redraw(),
      preview: (node) => {
        this.#preview = node;
        this.#redraw();
      },
    });
    this.#lossChart = new LossChart(byId('loss-chart'), OUTPUT_SIZE, 56);
    this.#output = new OutputView(byId('output'), OUTPUT_SIZE);
    this.#explorer = new ActivationExplorer(byId('explorer'));
    byId('play').addEventListener('click', () => (this.playing ? this.pause() : this.play()));
    byId('step').addEventListener('click', () => this.step());
    byId('reset').addEventListener('click', () => this.reset());
    byId('notice').addEventListener('click', (event) => (event.currentTarget as HTMLElement).replaceChildren());
    // The network is laid out for the width of its column.
    window.addEventListener('resize', () => {
      if (this.training) this.#buildNetworkView();
    });
    this.#makeExportButtons();
  }

  /** Restores an uploaded file, selects the backend, builds everything and starts the frame loop. */
  async start(problems: string[]): Promise<void> {
    this.#restoreUpload(problems);
    await this.#selectBackend();
    this.#rebuild('data');
    for (const problem of problems) this.notify(problem);
    requestAnimationFrame(this.#frame);
  }

  // ---- settings ----------------------------------------------------------------------------------

  /** Sets one setting, rewrites the URL and redoes what the setting's effect requires. */
  change<K extends SettingName>(name: K, value: Settings[K]): void {
    this.settings = { ...this.settings, [name]: value };
    history.replaceState(null, '', hashOf(this.settings));
    if (name === 'backend') {
      void this.#selectBackend().then(() => this.#rebuild('data'));
      return;
    }
    this.#rebuild(SETTINGS[name].effect);
  }

  #rebuild(effect: Effect): void {
    const s = this.settings;
    if (effect === 'data') {
      this.problem = makeProblem(s, this.uploaded);
      this.#grid = gridPoints(GRID, this.problem.domain);
      this.#featureValues = new Map(Object.keys(FEATURES).map((name) => [name, featureMatrix(this.#grid, [name]).data as Float32Array]));
    }
    if (effect === 'data' || effect === 'network') {
      this.training = new Training(this.problem, s, s);
      this.initialWeights = this.training.parameterValues();
      this.#buildNetworkView();
      byId('layers-header').replaceChildren(layersHeader(s.hidden.length, { changeLayers: (delta) => this.#changeLayers(delta) }));
      this.#explorer.show(s.activation);
    }
    if (effect === 'training') this.training.update(s);
    this.#controls.show(s);
    this.#dataPanel.show(s.dataset, s.seed);
    byId('setting-classes').closest<HTMLElement>('[data-setting]')!.hidden = s.dataset === 'csv' || DATASETS[s.dataset].classes === undefined;
    const { task, classNames } = this.problem;
    byId('problem-type').textContent = task === 'regression' ? 'Regression' : `Classification, ${classNames.length} classes`;
    this.#output.drawData(this.problem, s.showTestData);
    this.#dirty = true;
  }

  #buildNetworkView(): void {
    this.#network.build(this.training, this.settings.features, (name, canvas) => this.#paintFeature(name, canvas));
    this.#dirty = true;
  }

  #toggleFeature(name: string): void {
    const features = this.settings.features.includes(name) ? this.settings.features.filter((f) => f !== name) : [...this.settings.features, name];
    if (features.length === 0) {
      this.notify('The network needs at least one input feature.');
      return;
    }
    this.change('features', Object.keys(FEATURES).filter((f) => features.includes(f)));
  }

  #changeLayers(delta: 1 | -1): void {
    const hidden = this.settings.hidden;
    if (delta > 0 && hidden.length < MAX_HIDDEN_LAYERS) this.change('hidden', [...hidden, 2]);
    if (delta < 0 && hidden.length > 0) this.change('hidden', hidden.slice(0, -1));
  }

  // ---- backend and uploads -------------------------------------------------------------------------

  /**
   * The wasm backend where this browser runs it, else js. Its threads are the cores where the page
   * is cross-origin isolated (the server sends COOP and COEP), one otherwise. The page is bundled
   * by esbuild, which leaves the kernels and the worker to the build script: it copies the
   * package's dist/wasm/ to wasm/ beside the page (scripts/build-web.mjs).
   */
  async #selectBackend(): Promise<void> {
    if (this.settings.backend !== 'js') {
      try {
        await loadWasmBackend({ assetsUrl: 'wasm/' });
      } catch (error) {
        setBackend('js');
        if (this.settings.backend === 'wasm') this.notify(`The wasm backend cannot run here (${(error as Error).message}); using js.`);
      }
    } else setBackend('js');
    const backend = getBackend();
    this.backend = backend.name;
    const threads = 'threads' in backend ? Number(backend.threads) : 1;
    byId('backend-in-use').textContent = `running on ${this.backend}${threads > 1 ? ` (${threads} threads)` : ''}`;
  }

  async #upload(file: File): Promise<void> {
    const text = await file.text();
    if (this.#acceptCsv(text, file.name)) {
      sessionStorage.setItem(CSV_STORAGE_KEY, JSON.stringify({ name: file.name, text }));
      this.change('dataset', 'csv');
    }
  }

  /** Reads a CSV; shows what was read or why it cannot be used. */
  #acceptCsv(text: string, fileName: string): boolean {
    try {
      const uploaded = readPointsCsv(text, fileName);
      this.uploaded = uploaded;
      const rows = uploaded.points.x.shape[0];
      const kind = uploaded.task === 'regression' ? 'regression' : `${uploaded.classNames.length} classes`;
      this.#dataPanel.showUpload(uploaded.points, uploaded.task === 'regression', `${fileName}: ${rows} points, ${kind}.`, true);
      return true;
    } catch (error) {
      if (!(error instanceof CsvUploadError)) throw error;
      this.#dataPanel.showUpload(null, false, error.message, false);
      return false;
    }
  }

  #restoreUpload(problems: string[]): void {
    const saved = sessionStorage.getItem(CSV_STORAGE_KEY);
    if (saved) {
      const { name, text } = JSON.parse(saved) as { name: string; text: string };
      this.#acceptCsv(text, name);
    }
    if (this.settings.dataset === 'csv' && !this.uploaded) {
      problems.push('The link names an uploaded CSV, which a link cannot carry: upload the file again. Showing the circle meanwhile.');
      this.settings = { ...this.settings, dataset: 'circle' };
    }
  }

  // ---- training ------------------------------------------------------------------------------------

  play(): void {
    this.playing = true;
    document.body.classList.add('playing');
  }

  pause(): void {
    this.playing = false;
    document.body.classList.remove('playing');
  }

  /** One more epoch, then pause. */
  step(): void {
    this.pause();
    this.training.finishEpoch();
    this.#dirty = true;
  }

  /** A new network from the same seed: the same initial weights, the same batches. */
  reset(): void {
    this.pause();
    this.#rebuild('network');
  }

  #frame = (): void => {
    requestAnimationFrame(this.#frame);
    try {
      if (this.playing) {
        const start = performance.now();
        this.training.runFor(TRAIN_BUDGET_MS);
        const trained = performance.now();
        this.#redraw();
        this.stats.updates += 1;
        this.stats.trainMs = trained - start;
        this.stats.drawMs = performance.now() - trained;
      } else if (this.#dirty) this.#redraw();
    } catch (error) {
      this.pause();
      this.notify(`Training stopped: ${(error as Error).message}`);
      throw error;
    }
  };

  // ---- drawing -------------------------------------------------------------------------------------

  #paintFeature(name: string, canvas: HTMLCanvasElement): void {
    const values = this.#featureValues.get(name)!;
    const largest = largestMagnitude(values);
    paintField(canvas, GRID, (i) => diverging(values[i] / largest));
  }

  #redraw(): void {
    this.#dirty = false;
    const { training } = this;
    const values = training.nodeValues(this.#grid);
    this.#network.update(values, GRID);
    const last = values.length - 1;
    const preview = this.#preview;
    if (preview && preview.layer < last) {
      // A hidden neuron under the pointer: its heatmap, large.
      paintField(this.#output.field, GRID, nodeColor(values[preview.layer], training.sizes[preview.layer], preview.index));
    } else {
      this.#output.drawField(this.problem, values[last], GRID, training.sizes[last], this.settings.discretize);
    }
    const latest = training.history[training.history.length - 1];
    byId('train-loss').textContent = formatNumber(latest.train);
    byId('test-loss').textContent = formatNumber(latest.test);
    byId('epoch').textContent = training.epoch.toLocaleString('en-US', { minimumIntegerDigits: 6 });
    this.#lossChart.draw(training.history);
  }

  /** A message over the columns (a link that could not be read, a backend that cannot run); a click dismisses it. */
  notify(message: string): void {
    this.#notice.append(html('p', {}, message));
  }

  // ---- exports -------------------------------------------------------------------------------------

  #lossFigure(): plot.Figure {
    const history = this.training.history;
    return plot.linePlot({
      series: [
        { y: history.map((h) => h.train), label: 'training loss', color: TRAIN_COLOR },
        { y: history.map((h) => h.test), label: 'test loss', color: TEST_COLOR },
      ],
      xlabel: 'epoch',
      ylabel: 'loss',
      figsize: [5, 3],
    });
  }

  #makeExportButtons(): void {
    const size = OUTPUT_SIZE;
    const stem = () => `playground-${this.settings.dataset}-epoch${this.training.epoch}`;
    const exports: [label: string, host: string, save: () => Promise<void> | void][] = [
      ['Model (.safetensors)', 'exports', () => download(modelFile(this.training, hashOf(this.settings), this.settings.activation), `${stem()}.safetensors`)],
      ['Output SVG', 'exports', () => download(svgBlob(outputSvg(this.training, this.#output.field, size, this.settings.showTestData)), `${stem()}-output.svg`)],
      ['Output PNG', 'exports', async () => download(await outputPng(this.#output.field, this.#output.points), `${stem()}-output.png`)],
      ['Loss SVG', 'exports', () => download(svgBlob(this.#lossFigure().toSVG()), `${stem()}-loss.svg`)],
      ['Loss PNG', 'exports', async () => download(await figurePng(this.#lossFigure()), `${stem()}-loss.png`)],
      ['f(x) SVG', 'explorer-exports', () => this.#saveActivation('value', 'svg')],
      ['f(x) PNG', 'explorer-exports', () => this.#saveActivation('value', 'png')],
      ["f′(x) SVG", 'explorer-exports', () => this.#saveActivation('gradient', 'svg')],
      ["f′(x) PNG", 'explorer-exports', () => this.#saveActivation('gradient', 'png')],
    ];
    for (const [label, host, save] of exports) {
      const button = html('button', { class: 'text-button small' }, label);
      button.addEventListener('click', () => void Promise.resolve(save()).catch((error: Error) => this.notify(`Export failed: ${error.message}`)));
      byId(host).append(button);
    }
  }

  async #saveActivation(which: 'value' | 'gradient', format: 'svg' | 'png'): Promise<void> {
    const figures = this.#explorer.figures!;
    const figure = figures[which];
    const name = `${figures.name}${which === 'gradient' ? '-grad' : ''}.${format}`;
    download(format === 'svg' ? svgBlob(figure.toSVG()) : await figurePng(figure), name);
  }
}
