import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlotError } from './numbers.js';

const FONT_PATH = join('assets', 'fonts', 'DejaVuSans.ttf');

/**
 * resvg-wasm sees no system fonts, so we hand it the font the package ships. The package root is
 * the first folder above this file holding assets/fonts (this works from dist/src/plot and other
 * build folders); failing that, above the working directory.
 */
function findFont(): string {
  const starts = [dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    for (let folder = start; ; folder = dirname(folder)) {
      if (existsSync(join(folder, FONT_PATH))) return join(folder, FONT_PATH);
      if (dirname(folder) === folder) break;
    }
  }
  throw new PlotError(`PNG export: cannot find ${FONT_PATH} above ${starts.join(' or ')}`);
}

let fontLoaded: Promise<Uint8Array> | undefined;

/** Initialises the wasm renderer once and loads the font; a failure is retried on the next call. */
function prepare(): Promise<Uint8Array> {
  fontLoaded ??= (async () => {
    const font = await readFile(findFont());
    const wasm = createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm');
    await initWasm(await readFile(wasm));
    return new Uint8Array(font);
  })().catch((error: unknown) => {
    fontLoaded = undefined;
    throw error;
  });
  return fontLoaded;
}

/** Renders SVG to PNG bytes, `scale` device pixels per SVG px. */
export async function svgToPng(svg: string, scale: number): Promise<Uint8Array> {
  const font = await prepare();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontBuffers: [font], defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}
