/** The committed PyTorch reference for optimizers and schedules (scripts/reference/optim.py → test/golden/optim.json). */
import { readFileSync } from 'node:fs';
import { array, optim, type DType, type Tensor } from '../../src/index.js';

export interface OptimizerCase {
  name: string;
  optimizer: 'SGD' | 'Adam' | 'AdamW';
  options: Record<string, number | boolean | number[]>;
  dtype: 'float64' | 'float32';
  /** Overrides for two parameter groups, [w] and [v]. */
  groups?: Record<string, number | boolean | number[]>[];
  /** The parameters after each step. */
  steps: { w: number[][]; v: number[] }[];
}

export interface ScheduleCase {
  name: string;
  options: Record<string, number | Record<string, number>>;
  /** Both groups' learning rates after construction, then after each step(). */
  lrs: number[][];
}

export interface OptimGolden {
  generatedBy: string;
  torchVersion: string;
  loss: string;
  problem: { X: number[][]; y: number[][]; w0: number[][]; v0: number[] };
  scheduleLrs: number[];
  cases: OptimizerCase[];
  schedules: ScheduleCase[];
}

export const golden: OptimGolden = JSON.parse(readFileSync(new URL('../../../test/golden/optim.json', import.meta.url), 'utf8'));

/** The reference problem: parameters w0, v0 and the loss mean((X·w + v − y)²) of the golden file. */
export function makeProblem(dtype: DType): { w: Tensor; v: Tensor; loss: () => Tensor } {
  const { X, y, w0, v0 } = golden.problem;
  const Xt = array(X, { dtype });
  const yt = array(y, { dtype });
  const w = array(w0, { dtype }).requiresGrad_();
  const v = array(v0, { dtype }).requiresGrad_();
  return { w, v, loss: () => Xt.matmul(w).add(v).sub(yt).square().mean() };
}

type AnyOptions = optim.SGDOptions & optim.AdamOptions;

/** The optimizer of a golden case over [w, v], or over the groups [w] and [v] with their overrides. */
export function makeOptimizer(c: Pick<OptimizerCase, 'optimizer' | 'options' | 'groups'>, w: Tensor, v: Tensor): optim.Optimizer {
  const options = c.options as unknown as AnyOptions;
  const params = c.groups
    ? c.groups.map((overrides, i) => ({ params: [[w, v][i]], ...(overrides as unknown as Partial<AnyOptions>) }))
    : [w, v];
  switch (c.optimizer) {
    case 'SGD': return new optim.SGD(params as optim.Params<optim.SGDHyperParams>, options);
    case 'Adam': return new optim.Adam(params as optim.Params<optim.AdamHyperParams>, options);
    case 'AdamW': return new optim.AdamW(params as optim.Params<optim.AdamHyperParams>, options);
  }
}

/** One training step as the reference takes it: zeroGrad, backward, step. */
export function trainStep(optimizer: optim.Optimizer, loss: () => Tensor): void {
  optimizer.zeroGrad();
  loss().backward();
  optimizer.step();
}
