/**
 * Reading the committed reference files in test/golden/ (written by scripts/reference/*.py), from
 * the compiled tests wherever they were built to: the file is looked for above the compiled test
 * first, then above the working directory.
 */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function ancestors(start: string): string[] {
  const dirs: string[] = [];
  for (let dir = resolve(start); !dirs.includes(dir); dir = dirname(dir)) dirs.push(dir);
  return dirs;
}

export function readGolden<T>(fileName: string): T {
  const starts = [dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const dir of starts.flatMap(ancestors)) {
    const candidate = join(dir, 'test', 'golden', fileName);
    if (existsSync(candidate)) return JSON.parse(readFileSync(candidate, 'utf8')) as T;
  }
  throw new Error(`test/golden/${fileName} not found above ${starts.join(' or ')}`);
}

/**
 * One elementwise activation evaluated by PyTorch: y and d(y.sum())/dx at every x, each x in a
 * one-element tensor (PyTorch's scalar kernel code).
 */
export interface ElementwiseCase {
  name: string;
  module: string;
  params: Record<string, number | string>;
  dtype: 'float64' | 'float32';
  torchCall: string;
  loss: 'y.sum()';
  x: number[];
  y: number[];
  grad: number[];
  /** Grid points where PyTorch itself returned NaN or ±Infinity, left out of x/y/grad. */
  omitted?: { x: number; torchY: string; torchGrad: string }[];
  /** Grid points where torch gave another value when x ran inside the whole grid (SIMD code). */
  pathDependent?: { x: number; batchY: number; batchGrad: number }[];
}

/** softmax / logSoftmax along the last axis of a 2-D x: y and d((y * w).sum())/dx. */
export interface RowwiseCase {
  name: 'softmax' | 'logSoftmax';
  module: string;
  params: { dim: number };
  dtype: 'float64' | 'float32';
  torchCall: string;
  loss: '(y * w).sum()';
  x: number[][];
  w: number[][];
  y: number[][];
  grad: number[][];
}

export interface ActivationsGolden {
  generatedBy: string;
  torchVersion: string;
  grid: number[];
  /** PyTorch's defaults per activation, read from the torch.nn module signatures. */
  defaults: Record<string, Record<string, number | string>>;
  /** Per activation, the options its torch.nn class has no default for (nn.Threshold: threshold, value). */
  required: Record<string, string[]>;
  cases: (ElementwiseCase | RowwiseCase)[];
  /** Inputs at and beside the kinks that depend on an option or constant. */
  kinks: KinkCase[];
}

/**
 * An activation at and within two ulps of its kinks (`kinks`, doubles) in the case's dtype, the
 * float32 points also in float64, and points on the pieces beside: y and d((y * w).sum())/dx in
 * one tensor. The options are ones float32 cannot hold, so float32 tells PyTorch's float32
 * kernels (the option rounded to float32, then float32 compares and products) from a double option.
 */
export interface KinkCase {
  name: string;
  module: string;
  params: Record<string, number | string>;
  dtype: 'float64' | 'float32';
  torchCall: string;
  loss: '(y * w).sum()';
  kinks: number[];
  x: number[];
  w: number[];
  y: number[];
  grad: number[];
  /** Indices of the points on an exp/log piece (PyTorch's float32 exp rounds its own way there); the others are exact. */
  smooth: number[];
}

export const isRowwise = (c: ElementwiseCase | RowwiseCase): c is RowwiseCase => 'w' in c;

export interface ErfGolden {
  generatedBy: string;
  reference: string;
  columns: ['x', 'erf', 'erfc'];
  rows: [number, number, number][];
}
