/**
 * The network as TensorFlow Playground draws it: a column of input features (click one to use it
 * or not), the hidden layers and the output, every node a small heatmap of its value over the
 * input plane, and every weight a link whose width grows with |w| and whose colour is its sign
 * (blue positive, orange negative). Hovering a link or a node's bias marker shows its value in a
 * card where it can be edited; hovering a node shows its heatmap large in the output.
 */
import { css, diverging } from '../colors.js';
import { FEATURES } from '../problem.js';
import { MAX_HIDDEN_LAYERS, MAX_NEURONS } from '../settings.js';
import type { Training } from '../training.js';
import { html, svg } from './dom.js';
import { nodeColor, paintField, probabilityColor } from './field.js';
import { HoverCard } from './hover-card.js';

export interface NetworkEvents {
  toggleFeature(name: string): void;
  changeLayers(delta: 1 | -1): void;
  changeNeurons(layer: number, delta: 1 | -1): void;
  /** A weight or bias was edited in the card; the page redraws. */
  edited(): void;
  /** The pointer is on a node (layer of nodes, index), or left it (null). */
  preview(node: { layer: number; index: number } | null): void;
}

const NODE = 38;
const ROW = 50;
const TOP = 58;
const LEFT = 78;
const RIGHT_ROOM = 36;

/** TensorFlow Playground's link width: 1 px at w = 0 up to 10 px at |w| = 5. */
const linkWidth = (w: number): number => 1 + (9 * Math.min(Math.abs(w), 5)) / 5;

interface Link {
  path: SVGPathElement;
  layer: number;
  from: number;
  to: number;
}

interface HiddenNode {
  canvas: HTMLCanvasElement;
  bias: HTMLElement;
  /** Layer of nodes (1 = first hidden) and index in it. */
  layer: number;
  index: number;
}

export class NetworkView {
  readonly element = html('div', { class: 'network' });
  readonly #links = svg('svg', { class: 'links' });
  readonly #card: HoverCard;
  readonly #events: NetworkEvents;
  #linkViews: Link[] = [];
  #nodes: HiddenNode[] = [];
  #training: Training | null = null;

  constructor(host: HTMLElement, events: NetworkEvents) {
    this.#events = events;
    host.append(this.element);
    this.#card = new HoverCard(this.element);
  }

  /**
   * Lays out the nodes and links of `training`'s network; `featureImages` paints each feature's
   * (inactive ones too) heatmap once.
   */
  build(training: Training, activeFeatures: readonly string[], featureImages: (name: string, canvas: HTMLCanvasElement) => void): void {
    this.#training = training;
    const widths = training.sizes.slice(1);
    const featureNames = Object.keys(FEATURES);
    const columns = widths.length + 1;
    const width = Math.max(this.element.clientWidth, 420);
    const step = (width - LEFT - NODE - RIGHT_ROOM) / (columns - 1);
    const columnX = (c: number) => LEFT + c * step;
    const rowY = (r: number) => TOP + r * ROW;
    const rows = Math.max(featureNames.length, ...widths);
    const height = TOP + rows * ROW;
    this.element.style.height = `${height}px`;
    this.#links.setAttribute('width', String(width));
    this.#links.setAttribute('height', String(height));

    const children: Node[] = [this.#links];
    // Input features: the active ones are linked, in the order of FEATURES.
    const featureRow = new Map(featureNames.map((name, r) => [name, r]));
    for (const name of featureNames) {
      const active = activeFeatures.includes(name);
      const canvas = html('canvas');
      featureImages(name, canvas);
      const node = html('button', {
        class: `node feature${active ? '' : ' inactive'}`, title: `${active ? 'Remove' : 'Use'} the feature ${FEATURES[name].label}`,
        'data-feature': name, 'aria-pressed': String(active),
      }, canvas);
      this.#place(node, columnX(0), rowY(featureRow.get(name)!));
      node.addEventListener('click', () => this.#events.toggleFeature(name));
      const label = html('div', { class: 'feature-label' }, FEATURES[name].label);
      this.#place(label, 0, rowY(featureRow.get(name)!));
      label.style.width = `${LEFT - 8}px`;
      children.push(node, label);
    }

    // Hidden and output nodes, each with its bias marker (bias of Linear layer − 1).
    this.#nodes = [];
    widths.forEach((count, l) => {
      const layer = l + 1;
      const output = layer === widths.length;
      for (let index = 0; index < count; index++) {
        const canvas = html('canvas');
        const bias = html('div', { class: 'bias', title: 'bias' });
        const node = html('div', { class: `node ${output ? 'output' : 'neuron'}`, 'data-layer': layer, 'data-index': index }, canvas, bias);
        const [x, y] = [columnX(layer), rowY(index)];
        this.#place(node, x, y);
        node.addEventListener('pointerenter', () => this.#events.preview({ layer, index }));
        node.addEventListener('pointerleave', () => this.#events.preview(null));
        bias.addEventListener('pointerenter', (event) => this.#showCard(event, 'Bias', () => training.bias(l, index), (v) => training.setBias(l, index, v)));
        bias.addEventListener('pointerleave', () => this.#card.scheduleHide());
        bias.addEventListener('click', () => this.#card.focus());
        this.#nodes.push({ canvas, bias, layer, index });
        children.push(node);
      }
      if (output) return;
      const head = html('div', { class: 'layer-head' },
        html('div', { class: 'buttons' },
          this.#button('+', `Add a neuron to layer ${layer}`, count >= MAX_NEURONS, () => this.#events.changeNeurons(l, 1)),
          this.#button('−', `Remove a neuron from layer ${layer}`, count <= 1, () => this.#events.changeNeurons(l, -1))),
        html('div', { class: 'count' }, `${count} neuron${count === 1 ? '' : 's'}`));
      this.#place(head, columnX(layer) + NODE / 2 - 40, 0);
      children.push(head);
    });

    // Links, drawn under the nodes: an invisible wide path on top of each catches the pointer.
    this.#linkViews = [];
    const linkGroup = svg('g');
    const fromRows = activeFeatures.map((name) => featureRow.get(name)!);
    widths.forEach((count, layer) => {
      const sources = layer === 0 ? fromRows : Array.from({ length: widths[layer - 1] }, (_, r) => r);
      sources.forEach((row, from) => {
        for (let to = 0; to < count; to++) {
          const [x1, y1] = [columnX(layer) + NODE, rowY(row) + NODE / 2];
          const [x2, y2] = [columnX(layer + 1), rowY(to) + NODE / 2];
          const middle = (x1 + x2) / 2;
          const d = `M${x1},${y1} C${middle},${y1} ${middle},${y2} ${x2},${y2}`;
          const path = svg('path', { class: 'link', d });
          const hit = svg('path', { class: 'link-hit', d, 'data-layer': layer, 'data-from': from, 'data-to': to });
          hit.addEventListener('pointerenter', (event) =>
            this.#showCard(event, 'Weight', () => training.weight(layer, from, to), (v) => training.setWeight(layer, from, to, v)));
          hit.addEventListener('pointerleave', () => this.#card.scheduleHide());
          hit.addEventListener('click', () => this.#card.focus());
          linkGroup.append(path, hit);
          this.#linkViews.push({ path, layer, from, to });
        }
      });
    });
    this.#links.replaceChildren(linkGroup);
    this.element.replaceChildren(...children, this.#card.element);
    this.#card.hide();
  }

  /** Repaints the node heatmaps from nodeValues (grid n × n) and restyles links and biases. */
  update(values: Float32Array[], n: number): void {
    const training = this.#training!;
    const widths = training.sizes;
    for (const node of this.#nodes) {
      const width = widths[node.layer];
      const output = node.layer === widths.length - 1;
      const color = !output ? nodeColor(values[node.layer], width, node.index)
        : width > 1 ? probabilityColor(values[node.layer], width, node.index)
        : nodeColor(values[node.layer], width, node.index, training.problem.valueScale);
      paintField(node.canvas, n, color);
      node.bias.style.background = css(diverging(training.bias(node.layer - 1, node.index)));
    }
    for (const link of this.#linkViews) {
      const w = training.weight(link.layer, link.from, link.to);
      link.path.style.strokeWidth = linkWidth(w).toFixed(2);
      link.path.style.stroke = css(diverging(w));
    }
    this.#card.refresh();
  }

  #place(element: HTMLElement, x: number, y: number): void {
    element.style.left = `${x}px`;
    element.style.top = `${y}px`;
  }

  #button(text: string, title: string, disabled: boolean, onClick: () => void): HTMLButtonElement {
    const button = html('button', { class: 'round small', title, 'aria-label': title, disabled }, text);
    button.addEventListener('click', onClick);
    return button;
  }

  #showCard(event: PointerEvent, label: string, read: () => number, commit: (value: number) => void): void {
    const box = this.element.getBoundingClientRect();
    this.#card.show(event.clientX - box.left, event.clientY - box.top, label, read, (value) => {
      commit(value);
      this.#events.edited();
    });
  }
}

/** The header over the network: "+ − N hidden layers". */
export function layersHeader(layers: number, events: Pick<NetworkEvents, 'changeLayers'>): HTMLElement {
  const add = html('button', { class: 'round', title: 'Add a hidden layer', 'aria-label': 'Add a hidden layer', disabled: layers >= MAX_HIDDEN_LAYERS }, '+');
  const remove = html('button', { class: 'round', title: 'Remove a hidden layer', 'aria-label': 'Remove a hidden layer', disabled: layers <= 0 }, '−');
  add.addEventListener('click', () => events.changeLayers(1));
  remove.addEventListener('click', () => events.changeLayers(-1));
  return html('div', { class: 'layers-header' }, add, remove, html('span', { class: 'layers-count' }, `${layers} hidden layer${layers === 1 ? '' : 's'}`));
}
