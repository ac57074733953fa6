/**
 * Stochastic gradient descent with momentum, Nesterov momentum, dampening and weight decay —
 * torch.optim.SGD, with the same names, defaults and update (see sgdUpdate in src/backend/js/optimizers.ts).
 */
import { getBackend } from '../backend/index.js';
import type { FloatArray } from '../backend/backend.js';
import { Optimizer, zerosLikeArray, type ParamGroup, type Params } from './optimizer.js';

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

export type SGDHyperParams = Required<SGDOptions>;

/** The momentum buffer appears on the first step taken with momentum ≠ 0. */
export type SGDState = { momentumBuffer?: FloatArray };

export class SGD extends Optimizer<SGDHyperParams, SGDState> {
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
    getBackend().sgdUpdate(param, grad, group.momentum !== 0 ? state.momentumBuffer! : null, firstStep, group);
  }
}
