import type { ColormapName } from './colors.js';
import { Figure, PIXELS_PER_INCH } from './figure.js';
import { PlotError, toMatrix, type Numbers } from './numbers.js';
import { normalizer, rasterCells } from './raster.js';
import { element, FONT_FAMILY, text, textWidth } from './svg.js';

/** Options of imageGrid(): the grid shape, titles, colormap and image size. */
export interface ImageGridOptions {
  /** Grid shape; by default one row, like the book's show_fashion_mnist. */
  rows?: number;
  /** Images per row; with rows left out, rows is as many as the images need. */
  cols?: number;
  /** One title above each image. */
  titles?: string[];
  /** SVG px per image pixel. */
  scale?: number;
  /** How pixel values map to colours: 'gray' (the default) or 'viridis'. */
  colormap?: ColormapName;
  /** Values shown black and white; by default each image's own minimum and maximum. */
  range?: [number, number];
}

const FONT_SIZE = 10;
const GAP = 8;
const TITLE_ROOM = FONT_SIZE + 6;

function gridShape(count: number, rows?: number, cols?: number): [number, number] {
  if (rows && cols) return [rows, cols];
  if (cols) return [Math.ceil(count / cols), cols];
  if (rows) return [rows, Math.ceil(count / rows)];
  return [1, count];
}

/** Images (each a 2-D array or a flat square one, e.g. 784 values) in a grid, axes off. */
export function imageGrid(images: Numbers[], options: ImageGridOptions = {}): Figure {
  if (images.length === 0) throw new PlotError('imageGrid: expected at least one image');
  const matrices = images.map((image, i) => toMatrix(image, `imageGrid: image ${i}`));
  const [rows, cols] = gridShape(matrices.length, options.rows, options.cols);
  if (rows * cols < matrices.length) {
    throw new PlotError(`imageGrid: ${matrices.length} images do not fit in ${rows} × ${cols}`);
  }
  const titles = options.titles ?? [];
  if (titles.length > matrices.length) {
    throw new PlotError(`imageGrid: ${titles.length} titles for ${matrices.length} images`);
  }
  const scale = options.scale ?? 3;
  if (!Number.isInteger(scale) || scale < 1) throw new PlotError(`imageGrid: scale must be a positive integer, got ${scale}`);

  const imageWidth = Math.max(...matrices.map((m) => m[0].length)) * scale;
  const imageHeight = Math.max(...matrices.map((m) => m.length)) * scale;
  const titleWidth = Math.max(0, ...titles.map((title) => textWidth(title, FONT_SIZE)));
  const cellWidth = Math.ceil(Math.max(imageWidth, titleWidth)) + GAP;
  const cellHeight = imageHeight + (titles.length ? TITLE_ROOM : 0) + GAP;

  const cells = matrices.map((matrix, i) => {
    const [row, col] = [Math.floor(i / cols), i % cols];
    const left = GAP + col * cellWidth + Math.floor((cellWidth - GAP - matrix[0].length * scale) / 2);
    const top = GAP + row * cellHeight + (titles.length ? TITLE_ROOM : 0);
    const pixels = rasterCells(matrix, options.colormap ?? 'gray', normalizer(matrix.flat(), options.range));
    const title = titles[i]
      ? text(GAP + col * cellWidth + (cellWidth - GAP) / 2, top - 5, titles[i], { 'text-anchor': 'middle' })
      : '';
    return element('g', { transform: `translate(${left} ${top}) scale(${scale})` }, pixels) + title;
  });
  const width = GAP + cols * cellWidth;
  const height = GAP + rows * cellHeight;
  const content = element('g', { class: 'image-grid', 'font-family': FONT_FAMILY, 'font-size': FONT_SIZE }, cells);
  return new Figure([width / PIXELS_PER_INCH, height / PIXELS_PER_INCH], content);
}
