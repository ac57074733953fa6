export { COLOR_CYCLE, colormap, type ColormapName } from './colors.js';
export { Figure, setFigsize, type Figsize, type PngOptions } from './figure.js';
export { heatmap, type HeatmapOptions } from './heatmap.js';
export { imageGrid, type ImageGridOptions } from './image-grid.js';
export { linePlot, xyplot, type LinePlotOptions, type LineStyle, type Series } from './line-plot.js';
export { mlpDiagram, type MlpDiagramOptions } from './mlp-diagram.js';
export { PlotError, type Numbers } from './numbers.js';
export { formatTicks, niceTicks, paddedLimits, tickBins } from './ticks.js';
