/**
 * Printing tensors the way PyTorch does: nested brackets, a common number format per tensor,
 * long axes elided with "...", and the dtype and gradient state after the values.
 */
import type { Tensor } from './tensor.js';

const EDGE_ITEMS = 3;
const SUMMARIZE_ABOVE = 1000;

function formatNumbers(values: number[], isInteger: boolean): (v: number) => string {
  if (isInteger) return (v) => String(v);
  const finite = values.filter(Number.isFinite);
  const allWhole = finite.every((v) => Number.isInteger(v));
  const maxAbs = finite.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const minAbs = finite.filter((v) => v !== 0).reduce((m, v) => Math.min(m, Math.abs(v)), Infinity);
  const scientific = maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs !== Infinity) || maxAbs / minAbs > 1e6;
  const format = (v: number): string => {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    if (scientific) return v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
    return allWhole ? `${v}.` : v.toFixed(4);
  };
  const width = Math.max(...values.map((v) => format(v).length), 1);
  return (v) => format(v).padStart(width);
}

/** The values shown: all of them, or for big tensors the first and last few along each axis. */
function shownValues(t: Tensor, summarize: boolean): number[] {
  const shown: number[] = [];
  const walk = (axis: number, offset: number): void => {
    if (axis === t.ndim) {
      shown.push(t.data[offset]);
      return;
    }
    const n = t.shape[axis];
    const step = t.shape.slice(axis + 1).reduce((p, q) => p * q, 1);
    for (const i of visibleIndices(n, summarize)) walk(axis + 1, offset + i * step);
  };
  walk(0, 0);
  return shown;
}

function visibleIndices(n: number, summarize: boolean): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (!summarize || n <= 2 * EDGE_ITEMS) return all;
  return [...all.slice(0, EDGE_ITEMS), ...all.slice(n - EDGE_ITEMS)];
}

export function formatTensor(t: Tensor): string {
  const summarize = t.size > SUMMARIZE_ABOVE;
  const format = formatNumbers(shownValues(t, summarize), t.dtype === 'int32');
  const prefix = 'tensor(';
  const render = (axis: number, offset: number, indent: string): string => {
    if (axis === t.ndim) return format(t.data[offset]);
    const n = t.shape[axis];
    const step = t.shape.slice(axis + 1).reduce((p, q) => p * q, 1);
    const indices = visibleIndices(n, summarize);
    const parts: string[] = [];
    indices.forEach((i, k) => {
      if (k > 0 && i !== indices[k - 1] + 1) parts.push('...');
      parts.push(render(axis + 1, offset + i * step, indent + ' '));
    });
    const isInnermost = axis === t.ndim - 1;
    const separator = isInnermost ? ', ' : ',' + '\n'.repeat(t.ndim - axis - 1) + indent + ' ';
    return `[${parts.join(separator)}]`;
  };
  const body = render(0, 0, ' '.repeat(prefix.length));
  const extras: string[] = [];
  if (summarize) extras.push(`shape=[${t.shape.join(', ')}]`);
  if (t.dtype !== 'float32') extras.push(`dtype=${t.dtype}`);
  if (t.gradNode) extras.push(`gradFn=${t.gradNode.op}`);
  else if (t.requiresGrad) extras.push('requiresGrad=true');
  return `${prefix}${body}${extras.map((e) => ', ' + e).join('')})`;
}
