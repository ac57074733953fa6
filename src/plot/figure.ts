import { PlotError } from './numbers.js';
import { element } from './svg.js';

/** Width and height in inches, as matplotlib's figsize. */
export type Figsize = [number, number];

// One SVG px per inch/72, i.e. one px per typographic point, so matplotlib's sizes in points
// (10 pt labels, 1.5 pt lines) carry over unchanged and a 5×2.5 in figure is 360×180.
export const PIXELS_PER_INCH = 72;

// d2l.set_figsize's default size.
let defaultFigsize: Figsize = [3.5, 2.5];

function checkFigsize(figsize: Figsize, where: string): Figsize {
  if (figsize.length !== 2 || !figsize.every((inches) => Number.isFinite(inches) && inches > 0)) {
    throw new PlotError(`${where}: figsize must be [width, height] in inches, both positive; got [${figsize.join(', ')}]`);
  }
  return [figsize[0], figsize[1]];
}

/** Sets the size of later figures that do not give one, like d2l.set_figsize. */
export function setFigsize(figsize: Figsize): void {
  defaultFigsize = checkFigsize(figsize, 'setFigsize');
}

/** `figsize` if given (checked), else the size set by setFigsize. */
export function resolveFigsize(figsize: Figsize | undefined, where: string): Figsize {
  return figsize ? checkFigsize(figsize, where) : [...defaultFigsize];
}

/** Options of a PNG rendering of a figure. */
export interface PngOptions {
  /** Device pixels per SVG px; 2 gives crisp images on high-density screens and in print. */
  scale?: number;
}

/**
 * A module of the library that needs Node (PNG through resvg, file writes), loaded on first use.
 * The specifier is a variable, not a literal, so that bundlers do not follow it into Node's
 * built-ins: figures bundle for the browser and draw SVG there, and PNG and files are refused
 * with an error that says why.
 */
async function nodeOnly<T>(specifier: string, what: string): Promise<T> {
  if (typeof globalThis.process?.versions?.node !== 'string') {
    throw new PlotError(`${what} needs Node (resvg and the file system); in a browser, draw figure.toSVG() instead`);
  }
  return (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as T;
}

/** A drawn figure: SVG content of a known size, exportable as SVG or PNG. */
export class Figure {
  /** Width in SVG px: figsize[0] × 72, rounded (before any PNG scale). */
  readonly width: number;
  /** Height in SVG px: figsize[1] × 72, rounded. */
  readonly height: number;

  /** `content` is SVG drawn in px on a canvas of figsize × 72 px. */
  constructor(
    /** [width, height] in inches, as matplotlib's figsize; 72 px per inch. */
    readonly figsize: Figsize,
    private readonly content: string,
  ) {
    this.width = Math.round(figsize[0] * PIXELS_PER_INCH);
    this.height = Math.round(figsize[1] * PIXELS_PER_INCH);
  }

  /** The figure as a standalone SVG document. */
  toSVG(): string {
    const background = element('rect', { width: '100%', height: '100%', fill: '#ffffff' });
    return element(
      'svg',
      {
        xmlns: 'http://www.w3.org/2000/svg',
        width: this.width,
        height: this.height,
        viewBox: `0 0 ${this.width} ${this.height}`,
      },
      background + this.content,
    ) + '\n';
  }

  /** PNG bytes, drawn by resvg (Node; in a browser, draw toSVG() on a canvas). */
  async toPNG(options: PngOptions = {}): Promise<Uint8Array> {
    const scale = options.scale ?? 2;
    if (!(scale > 0)) throw new PlotError(`Figure.toPNG: scale must be positive, got ${scale}`);
    const { svgToPng } = await nodeOnly<typeof import('./png.js')>('./png.js', 'Figure.toPNG');
    return svgToPng(this.toSVG(), scale);
  }

  /** Writes an .svg or .png file (by extension), creating parent folders, atomically. */
  async save(path: string, options: PngOptions = {}): Promise<void> {
    const extension = path.toLowerCase().match(/\.(svg|png)$/)?.[1];
    if (!extension) throw new PlotError(`Figure.save: expected a path ending in .svg or .png, got '${path}'`);
    const bytes = extension === 'svg' ? new TextEncoder().encode(this.toSVG()) : await this.toPNG(options);
    const { writeFileAtomically } = await nodeOnly<typeof import('../io/atomic-file.js')>('../io/atomic-file.js', 'Figure.save');
    await writeFileAtomically(path, bytes);
  }
}
