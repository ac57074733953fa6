/**
 * Printing tensors the way PyTorch does: nested brackets, a common number format per tensor,
 * long axes elided with "...", and the dtype and gradient state after the values.
 */
import type { Tensor } from './tensor.js';

const EDGE_ITEMS = 3;
const SUMMARIZE_ABOVE = 1000;
/** The most values a summary shows, whatever the number of axes. */
const MAX_SHOWN = 10_000;

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

/**
 * The indices shown along each axis: all of them, or for big tensors the first and last few
 * (PyTorch's edgeitems). Never more than MAX_SHOWN values in all, however many axes (PyTorch
 * would print all 2²⁰ values of a 2×2×…×2 tensor): beyond it, outer axes show first and last,
 * then only their first. Built from the shape alone, so printing costs O(shown values) in time
 * and memory whatever the size.
 */
function shownIndices(shape: readonly number[], summarize: boolean): number[][] {
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  const edges = (n: number, edge: number) => (n <= 2 * edge ? range(0, n) : [...range(0, edge), ...range(n - edge, n)]);
  const axes = shape.map((n) => (summarize ? edges(n, EDGE_ITEMS) : range(0, n)));
  const count = () => axes.reduce((p, indices) => p * indices.length, 1);
  for (const trim of [(n: number) => edges(n, 1), (n: number) => range(0, Math.min(n, 1))]) {
    for (let axis = 0; axis < axes.length && count() > MAX_SHOWN; axis++) axes[axis] = trim(shape[axis]);
  }
  return axes;
}

/** The values at the shown indices, in order (each read once). */
function shownValues(t: Tensor, axes: number[][], strides: number[]): number[] {
  const shown: number[] = [];
  const walk = (axis: number, offset: number): void => {
    if (axis === axes.length) {
      shown.push(t.data[offset]);
      return;
    }
    for (const i of axes[axis]) walk(axis + 1, offset + i * strides[axis]);
  };
  walk(0, 0);
  return shown;
}

export function formatTensor(t: Tensor): string {
  // An empty tensor is never walked, so its axes need no index lists, however long.
  const summarize = t.size > SUMMARIZE_ABOVE || t.size === 0;
  const axes = t.size === 0 ? t.shape.map(() => []) : shownIndices(t.shape, summarize);
  const strides = t.shape.map((_, axis) => t.shape.slice(axis + 1).reduce((p, q) => p * q, 1));
  const format = formatNumbers(shownValues(t, axes, strides), t.dtype === 'int32');
  const prefix = 'tensor(';
  const render = (axis: number, offset: number, indent: string): string => {
    if (axis === t.ndim) return format(t.data[offset]);
    const indices = axes[axis];
    const parts: string[] = [];
    indices.forEach((i, k) => {
      if (k > 0 && i !== indices[k - 1] + 1) parts.push('...');
      parts.push(render(axis + 1, offset + i * strides[axis], indent + ' '));
    });
    if (indices.length > 0 && indices[indices.length - 1] < t.shape[axis] - 1) parts.push('...');
    const isInnermost = axis === t.ndim - 1;
    const separator = isInnermost ? ', ' : ',' + '\n'.repeat(t.ndim - axis - 1) + indent + ' ';
    return `[${parts.join(separator)}]`;
  };
  const body = render(0, 0, ' '.repeat(prefix.length));
  const extras: string[] = [];
  if (summarize && t.size > 0) extras.push(`shape=[${t.shape.join(', ')}]`);
  if (t.dtype !== 'float32') extras.push(`dtype=${t.dtype}`);
  if (t.gradNode) extras.push(`gradFn=${t.gradNode.op}`);
  else if (t.requiresGrad) extras.push('requiresGrad=true');
  return `${prefix}${body}${extras.map((e) => ', ' + e).join('')})`;
}
