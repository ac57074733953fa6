/**
 * Downloads: the trained model as safetensors, and the figures as SVG or PNG. In Node the library
 * renders PNGs with resvg; in the browser the page draws the SVG on a canvas instead.
 */
import { encodeStateDict, type plot } from 'perceptron';
import { CLASS_COLORS, css, diverging } from './colors.js';
import type { Training } from './training.js';

export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The network's weights as the library writes every state dict (encodeStateDict): each Linear
 * weight out × in, so that torch.nn.Sequential(Linear, Tanh, …).load_state_dict(
 * safetensors.torch.load_file(…)) takes them, stated as `format: pt, layout: torch, kind: weights`;
 * with the playground settings that trained it in the metadata.
 */
export function modelFile(training: Training, settingsHash: string, activation: string): Blob {
  const metadata = {
    producer: 'perceptron playground',
    sizes: JSON.stringify(training.sizes),
    activation,
    epoch: String(training.epoch),
    settings: settingsHash,
  };
  // A fresh Uint8Array over its own ArrayBuffer, as Blob wants.
  const bytes = encodeStateDict(training.model, metadata) as Uint8Array<ArrayBuffer>;
  return new Blob([bytes], { type: 'application/octet-stream' });
}

export const svgBlob = (svgText: string): Blob => new Blob([svgText], { type: 'image/svg+xml' });

/** An SVG drawn on a canvas `scale` times its size, as a PNG. */
export async function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(svgBlob(svgText));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas could not be encoded as PNG'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function figurePng(figure: plot.Figure): Promise<Blob> {
  return svgToPng(figure.toSVG(), figure.width, figure.height);
}

/**
 * The output panel as a standalone SVG: the decision regions (the heatmap canvas, embedded as a
 * PNG image) with the points as circles on top, so they stay sharp at any zoom.
 */
export function outputSvg(training: Training, field: HTMLCanvasElement, size: number, showTest: boolean): string {
  const { problem } = training;
  const [low, high] = problem.domain;
  const at = (v: number) => (((v - low) / (high - low)) * size).toFixed(2);
  const sets = showTest ? [[problem.train, '#ffffff'], [problem.test, '#000000']] as const : [[problem.train, '#ffffff']] as const;
  const circles = sets.flatMap(([set, rim]) => {
    const xy = set.x.data as Float32Array;
    const labels = set.y.data as Float32Array | Int32Array;
    return Array.from(labels, (label, i) => {
      const fill = css(problem.task === 'regression' ? diverging(label / problem.valueScale) : CLASS_COLORS[label]);
      return `<circle cx="${at(xy[2 * i])}" cy="${(size - Number(at(xy[2 * i + 1]))).toFixed(2)}" r="3.5" fill="${fill}" stroke="${rim}"/>`;
    });
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">`,
    `<image href="${field.toDataURL('image/png')}" width="${size}" height="${size}" preserveAspectRatio="none"/>`,
    ...circles,
    '</svg>\n',
  ].join('\n');
}

/** The output panel (regions and points) as a PNG, drawn from its two canvases. */
export async function outputPng(field: HTMLCanvasElement, points: HTMLCanvasElement): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = points.width;
  canvas.height = points.height;
  const context = canvas.getContext('2d')!;
  context.imageSmoothingQuality = 'high';
  context.drawImage(field, 0, 0, canvas.width, canvas.height);
  context.drawImage(points, 0, 0);
  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas could not be encoded as PNG'))), 'image/png'));
}
