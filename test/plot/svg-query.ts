/** Just enough SVG reading for the tests: elements by tag, their attributes and their text. */
export interface Found {
  attributes: Record<string, string>;
  /** Text content with tags removed, entities left as written. */
  text: string;
}

/** Every `tag` element, nested ones included, in document order. */
export function findAll(svg: string, tag: string): Found[] {
  const pattern = new RegExp(`<${tag}((?:\\s+[\\w:-]+="[^"]*")*)\\s*(/?)>`, 'g');
  return [...svg.matchAll(pattern)].map((match) => {
    const contentStart = match.index + match[0].length;
    const content = match[2] ? '' : svg.slice(contentStart, svg.indexOf(`</${tag}>`, contentStart));
    return {
      attributes: Object.fromEntries([...match[1].matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]])),
      text: content.replace(/<[^>]*>/g, ''),
    };
  });
}

export function texts(svg: string): string[] {
  return findAll(svg, 'text').map((found) => found.text);
}

/** The group with this class attribute, as a string. */
export function group(svg: string, className: string): string {
  const start = svg.indexOf(`<g class="${className}"`);
  if (start < 0) return '';
  let depth = 0;
  for (const match of svg.slice(start).matchAll(/<g[\s>]|<\/g>/g)) {
    depth += match[0] === '</g>' ? -1 : 1;
    if (depth === 0) return svg.slice(start, start + match.index + 4);
  }
  return '';
}

/** Checks that every opened tag is closed in order (a light well-formedness test). */
export function isBalanced(svg: string): boolean {
  const stack: string[] = [];
  for (const match of svg.matchAll(/<(\/?)([\w:-]+)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (selfClosing) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0;
}
