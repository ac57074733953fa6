/** matplotlib's default colour cycle ("tab10"), the colours of the book's figures in order. */
export const COLOR_CYCLE = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd',
  '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
];

/** The colormaps of heatmaps and image grids (matplotlib's). */
export type ColormapName = 'viridis' | 'gray';

// Colours at 0, 1/8, …, 1 of matplotlib's colormaps; between them we interpolate linearly,
// which for viridis stays within a few levels of the full 256-entry table.
const COLORMAP_STOPS: Record<ColormapName, string[]> = {
  viridis: ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'],
  gray: ['#000000', '#ffffff'],
};

function channels(hex: string): number[] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 3 - 1), 16));
}

function toHex(rgb: number[]): string {
  return '#' + rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('');
}

/** The colour of `t` in [0, 1] (clamped; NaN gives the lowest colour) as '#rrggbb'. */
export function colormap(name: ColormapName, t: number): string {
  const stops = COLORMAP_STOPS[name];
  const position = Math.min(1, Math.max(0, Number.isNaN(t) ? 0 : t)) * (stops.length - 1);
  const below = Math.min(Math.floor(position), stops.length - 2);
  const fraction = position - below;
  const [a, b] = [channels(stops[below]), channels(stops[below + 1])];
  return toHex(a.map((c, i) => c + (b[i] - c) * fraction));
}
