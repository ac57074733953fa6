/** Small helpers for writing SVG text by hand: escaping, number formatting, elements, text size. */

export const FONT_FAMILY = 'DejaVu Sans, sans-serif';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch]);
}

/** Coordinates to 2 decimals: a hundredth of a pixel is invisible even at 2× and keeps files small. */
export function num(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

export type Attributes = Record<string, string | number | undefined>;

/** One element; numbers go through num(), undefined attributes are left out, text is escaped. */
export function element(tag: string, attributes: Attributes, children: string | string[] = ''): string {
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${typeof value === 'number' ? num(value) : escapeXml(value as string)}"`)
    .join('');
  const inner = Array.isArray(children) ? children.join('') : children;
  return inner === '' ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${inner}</${tag}>`;
}

export function text(x: number, y: number, content: string, attributes: Attributes = {}): string {
  return element('text', { x, y, ...attributes }, escapeXml(content));
}

// Advance widths of DejaVu Sans for ASCII 32..126, in font units (2048 per em), read from
// assets/fonts/DejaVuSans.ttf (hmtx table). Layout needs text widths without a browser or a font
// parser, and this is the font both the PNG renderer and the SVG ask for.
const ASCII_ADVANCES = [
  651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, 1303, 1303, 1303, 1303,
  1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087, 2048, 1401, 1405, 1430, 1577, 1294, 1178,
  1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612, 1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251,
  1403, 799, 690, 799, 1716, 1024, 1024, 1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995,
  1298, 1253, 1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716,
];
const UNITS_PER_EM = 2048;
const MINUS_ADVANCE = 1716;
const WIDE_ADVANCE = 2048; // ellipses, and a fair guess for other non-ASCII characters

/** Width in px of `content` set in DejaVu Sans at `fontSize` px. */
export function textWidth(content: string, fontSize: number): number {
  let units = 0;
  for (const ch of content) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 32 && code < 127) units += ASCII_ADVANCES[code - 32];
    else units += ch === '\u2212' ? MINUS_ADVANCE : WIDE_ADVANCE;
  }
  return (units / UNITS_PER_EM) * fontSize;
}

/** DejaVu Sans digits and capitals are 0.73 em tall; half of that centres a label on a tick. */
export const CAP_HEIGHT_EM = 0.73;
