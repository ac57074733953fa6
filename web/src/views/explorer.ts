/**
 * The activation explorer: the chapter's two figures for the network's activation, drawn live by
 * the library exactly as the book draws them — f(x) on x = arange(−8, 8, 0.1), and its derivative
 * by autograd (attachGrad, record, backward), with plot.xyplot.
 */
import { arange, autograd, getActivation, nn, plot } from 'perceptron';
import { html } from './dom.js';

export interface ExplorerFigures {
  name: string;
  value: plot.Figure;
  gradient: plot.Figure;
}

/** The chapter's cells for one activation: its plot and the plot of its gradient. */
export function activationFigures(name: string): ExplorerFigures {
  const x = arange(-8.0, 8.0, 0.1);
  x.attachGrad();
  const activation = nn.activationModule(name);
  const y = autograd.record(() => activation.call(x));
  y.backward();
  return { name, value: plot.xyplot(x, y, name), gradient: plot.xyplot(x, x.grad!, `grad of ${name}`) };
}

export class ActivationExplorer {
  readonly #formula = html('p', { class: 'formula' });
  readonly #value = html('figure', { class: 'chart', 'data-figure': 'value' });
  readonly #gradient = html('figure', { class: 'chart', 'data-figure': 'gradient' });
  figures: ExplorerFigures | null = null;

  constructor(host: HTMLElement) {
    host.append(this.#formula, html('div', { class: 'charts' }, this.#value, this.#gradient));
  }

  show(name: string): void {
    if (this.figures?.name === name) return;
    const spec = getActivation(name);
    const defaults = Object.entries(spec.defaults).map(([key, v]) => `${key} = ${v}`).join(', ');
    this.#formula.replaceChildren(
      // Some formulas name their left side already ('σ(x) = …').
      html('code', {}, /^[^\s(]+\(x\) = /.test(spec.formula) ? spec.formula : `${spec.name}(x) = ${spec.formula}`),
      ` — PyTorch's nn.${spec.moduleName}${defaults ? ` (${defaults})` : ''}`,
    );
    this.figures = activationFigures(name);
    // The library's own SVG, made from numbers it computed: safe to insert as markup.
    this.#value.innerHTML = this.figures.value.toSVG();
    this.#gradient.innerHTML = this.figures.gradient.toSVG();
  }
}
