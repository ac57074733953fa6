/**
 * Stochastic gradient descent with momentum, Nesterov momentum, dampening and weight decay —
 * torch.optim.SGD, with the same names, defaults and update (sgdUpdate below).
 *
 * Arithmetic runs in float64; a float32 parameter and its float32 buffer are rounded on every
 * store, and what a later line reads back from the buffer is the stored (rounded) value, as in
 * PyTorch where each buffer is a tensor of the parameter's dtype.
 */
import { fusedKernel } from '../backend/index.js';
import type { FloatArray } from '../backend/index.js';
import { Optimizer, zerosLikeArray, type ParamGroup, type Params } from './optimizer.js';

/** Plain SGD, param −= lr·grad: the book's recipe, a kernel of its own (the wasm backend runs it in SIMD). */
const sgdStep = fusedKernel('sgdStep', (param: FloatArray, grad: FloatArray, lr: number): void => {
  for (let i = 0; i < param.length; i++) param[i] -= lr * grad[i];
});

/**
 * One step of torch.optim.SGD (PyTorch 1.13, `_single_tensor_sgd`), per element:
 *
 *     g   = (maximize ? −grad : grad) + weightDecay·param
 *     buf = g                                   on the first step (the buffer starts as a copy of g)
 *     buf = momentum·buf + (1 − dampening)·g    afterwards
 *     g   = nesterov ? g + momentum·buf : buf   (only when momentum ≠ 0)
 *     param −= lr·g
 *
 * `momentumBuffer` is null when momentum is 0; `firstStep` says the buffer holds nothing yet.
 */
export function sgdUpdate(param: FloatArray, grad: FloatArray, momentumBuffer: FloatArray | null, firstStep: boolean, hyper: SGDHyperParams): void {
  const { lr, momentum, dampening, nesterov, weightDecay, maximize } = hyper;
  if (momentumBuffer === null && weightDecay === 0 && !maximize) {
    sgdStep(param, grad, lr);
    return;
  }
  for (let i = 0; i < param.length; i++) {
    let g = maximize ? -grad[i] : grad[i];
    if (weightDecay !== 0) g += weightDecay * param[i];
    if (momentumBuffer !== null) {
      momentumBuffer[i] = firstStep ? g : momentum * momentumBuffer[i] + (1 - dampening) * g;
      g = nesterov ? g + momentum * momentumBuffer[i] : momentumBuffer[i];
    }
    param[i] -= lr * g;
  }
}

/** Options of SGD (PyTorch's names): lr, momentum, dampening, Nesterov, weight decay. */
export interface SGDOptions {
  /** Learning rate (required, as in PyTorch). */
  lr: number;
  /** Momentum factor; 0 (default) turns momentum off. */
  momentum?: number;
  /** Dampening of the gradient's share in the momentum buffer (default 0). */
  dampening?: number;
  /** Nesterov momentum (default false); needs momentum > 0 and dampening 0. */
  nesterov?: boolean;
  /** L2 penalty added to the gradient: g + weightDecay·param (default 0). */
  weightDecay?: number;
  /** Ascend the objective instead of descending it (default false). */
  maximize?: boolean;
}

/** SGD's hyper-parameters with every default filled in, as a parameter group holds them. */
export type SGDHyperParams = Required<SGDOptions>;

/** SGD's per-parameter state. */
export type SGDState = {
  /** The velocity b, the parameter's size: g on the first step taken with momentum ≠ 0, then momentum · b + (1 − dampening) · g. */
  momentumBuffer?: FloatArray;
};

export class SGD extends Optimizer<SGDHyperParams, SGDState> {
  /** SGD over `params` (tensors, or groups with their own options), as torch.optim.SGD. */
  constructor(params: Params<SGDHyperParams>, { lr, momentum = 0, dampening = 0, nesterov = false, weightDecay = 0, maximize = false }: SGDOptions) {
    super('SGD', params, { lr, momentum, dampening, nesterov, weightDecay, maximize });
  }

  protected override validate(hyper: SGDHyperParams, where: string): void {
    super.validate(hyper, where);
    this.require(Number.isFinite(hyper.momentum) && hyper.momentum >= 0, where, 'momentum must be a finite number ≥ 0', hyper.momentum);
    this.require(Number.isFinite(hyper.dampening), where, 'dampening must be a finite number', hyper.dampening);
    this.require(Number.isFinite(hyper.weightDecay) && hyper.weightDecay >= 0, where, 'weightDecay must be a finite number ≥ 0', hyper.weightDecay);
    this.require(!hyper.nesterov || (hyper.momentum > 0 && hyper.dampening === 0), where,
      'Nesterov momentum requires momentum > 0 and dampening 0', { momentum: hyper.momentum, dampening: hyper.dampening });
  }

  protected initState(): SGDState {
    return {};
  }

  protected update(param: FloatArray, grad: FloatArray, state: SGDState, group: ParamGroup<SGDHyperParams>): void {
    const firstStep = group.momentum !== 0 && state.momentumBuffer === undefined;
    if (firstStep) state.momentumBuffer = zerosLikeArray(param);
    sgdUpdate(param, grad, group.momentum !== 0 ? state.momentumBuffer! : null, firstStep, group);
  }
}
