/**
 * Adam (Kingma & Ba, 2015) and AdamW (Loshchilov & Hutter, 2019) — torch.optim.Adam and
 * torch.optim.AdamW, with the same names, defaults and update (adamUpdate below). They differ only in weight decay:
 * Adam adds weightDecay·param to the gradient (an L2 penalty that the adaptive step then
 * rescales); AdamW shrinks the parameter directly by lr·weightDecay.
 *
 * Arithmetic runs in float64; float32 parameters and buffers are rounded on every store, and what
 * a later line reads back from a buffer is the stored (rounded) value, as in PyTorch.
 */
import { fusedKernel } from '../backend/index.js';
import type { AdamStepScalars, FloatArray } from '../backend/index.js';
import { Optimizer, zerosLikeArray, type ParamGroup, type Params } from './optimizer.js';

/** Plain Adam (no amsgrad, weight decay or maximize): a kernel of its own (the wasm backend runs it in SIMD). */
const adamStep = fusedKernel('adamStep', (param: FloatArray, grad: FloatArray, expAvg: FloatArray, expAvgSq: FloatArray, scalars: AdamStepScalars): void => {
  const { beta1, beta2, eps, stepSize, biasCorrection2Sqrt } = scalars;
  for (let i = 0; i < param.length; i++) {
    const g = grad[i];
    expAvg[i] = beta1 * expAvg[i] + (1 - beta1) * g;
    expAvgSq[i] = beta2 * expAvgSq[i] + (1 - beta2) * g * g;
    param[i] -= stepSize * (expAvg[i] / (Math.sqrt(expAvgSq[i]) / biasCorrection2Sqrt + eps));
  }
});

/** Hyper-parameters of one Adam / AdamW step, betas unpacked. */
export interface AdamStepParams {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** AdamW: decay the parameter itself (param ·= 1 − lr·weightDecay) instead of adding to the gradient. */
  decoupledWeightDecay: boolean;
  amsgrad: boolean;
  maximize: boolean;
}

/**
 * One step of torch.optim.Adam / AdamW (PyTorch 1.13, `_single_tensor_adam(w)`), per element, at
 * step t = 1, 2, … (the count after this step):
 *
 *     g = maximize ? −grad : grad
 *     Adam:  g += weightDecay·param                AdamW:  param ·= 1 − lr·weightDecay
 *     m = β₁·m + (1 − β₁)·g
 *     v = β₂·v + (1 − β₂)·g²
 *     v̂ = amsgrad ? (vmax = max(vmax, v)) : v
 *     param −= lr/(1 − β₁ᵗ) · m / (√v̂ / √(1 − β₂ᵗ) + eps)
 *
 * eps is added after dividing √v̂ by the bias correction, as PyTorch does (not to v̂ under the root).
 * `maxExpAvgSq` is null unless amsgrad is on.
 */
export function adamUpdate(
  param: FloatArray, grad: FloatArray, expAvg: FloatArray, expAvgSq: FloatArray, maxExpAvgSq: FloatArray | null, step: number, hyper: AdamStepParams,
): void {
  const { lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, maximize } = hyper;
  const stepSize = lr / (1 - beta1 ** step);
  const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
  if (maxExpAvgSq === null && weightDecay === 0 && !maximize) {
    adamStep(param, grad, expAvg, expAvgSq, { beta1, beta2, eps, stepSize, biasCorrection2Sqrt });
    return;
  }
  const decay = 1 - lr * weightDecay;
  for (let i = 0; i < param.length; i++) {
    let g = maximize ? -grad[i] : grad[i];
    if (decoupledWeightDecay) param[i] *= decay;
    else if (weightDecay !== 0) g += weightDecay * param[i];
    expAvg[i] = beta1 * expAvg[i] + (1 - beta1) * g;
    expAvgSq[i] = beta2 * expAvgSq[i] + (1 - beta2) * g * g;
    let secondMoment = expAvgSq[i];
    if (maxExpAvgSq !== null) {
      maxExpAvgSq[i] = Math.max(maxExpAvgSq[i], secondMoment);
      secondMoment = maxExpAvgSq[i];
    }
    param[i] -= stepSize * (expAvg[i] / (Math.sqrt(secondMoment) / biasCorrection2Sqrt + eps));
  }
}

/** Options of Adam and AdamW (PyTorch's names): lr, betas, eps, weight decay, AMSGrad. */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Decay rates of the first and second moment estimates (default [0.9, 0.999]). */
  betas?: [number, number];
  /** Added to the bias-corrected √v in the denominator (default 1e-8). */
  eps?: number;
  /** Adam: L2 penalty added to the gradient (default 0). AdamW: decoupled decay (default 1e-2). */
  weightDecay?: number;
  /** Normalise by the running maximum of v (AMSGrad, Reddi et al., 2018) (default false). */
  amsgrad?: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize?: boolean;
}

/** Adam's hyper-parameters with every default filled in, as a parameter group holds them. */
export type AdamHyperParams = Required<AdamOptions>;

/** Adam's per-parameter state (PyTorch's names, camelCase); the buffers have the parameter's size and dtype. */
export type AdamState = {
  /** The updates this parameter has had, t in the bias corrections 1 − βᵗ. */
  step: number;
  /** First moment m: the exponential moving average of the gradient (β₁). */
  expAvg: FloatArray;
  /** Second moment v: the exponential moving average of the squared gradient (β₂). */
  expAvgSq: FloatArray;
  /** amsgrad only (from its first step): the elementwise maximum of every v so far, used in place of v. */
  maxExpAvgSq?: FloatArray;
};

/** What Adam and AdamW share: everything but their name, their weight-decay default and its rule. */
abstract class AdamFamily extends Optimizer<AdamHyperParams, AdamState> {
  protected constructor(
    name: string,
    private readonly decoupledWeightDecay: boolean,
    params: Params<AdamHyperParams>,
    { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay, amsgrad = false, maximize = false }: AdamOptions,
  ) {
    super(name, params, { lr, betas, eps, weightDecay: weightDecay ?? (decoupledWeightDecay ? 1e-2 : 0), amsgrad, maximize });
  }

  protected override validate(hyper: AdamHyperParams, where: string): void {
    super.validate(hyper, where);
    this.require(Number.isFinite(hyper.eps) && hyper.eps >= 0, where, 'eps must be a finite number ≥ 0', hyper.eps);
    this.require(Array.isArray(hyper.betas) && hyper.betas.length === 2, where, 'betas must be a pair [beta1, beta2]', hyper.betas);
    hyper.betas.forEach((beta, i) =>
      this.require(Number.isFinite(beta) && beta >= 0 && beta < 1, where, `betas[${i}] must be in [0, 1)`, beta));
    this.require(Number.isFinite(hyper.weightDecay) && hyper.weightDecay >= 0, where, 'weightDecay must be a finite number ≥ 0', hyper.weightDecay);
  }

  protected initState(param: FloatArray): AdamState {
    return { step: 0, expAvg: zerosLikeArray(param), expAvgSq: zerosLikeArray(param) };
  }

  protected update(param: FloatArray, grad: FloatArray, state: AdamState, group: ParamGroup<AdamHyperParams>): void {
    if (group.amsgrad && state.maxExpAvgSq === undefined) state.maxExpAvgSq = zerosLikeArray(param);
    state.step += 1;
    const [beta1, beta2] = group.betas;
    adamUpdate(param, grad, state.expAvg, state.expAvgSq, group.amsgrad ? state.maxExpAvgSq! : null, state.step, {
      lr: group.lr, beta1, beta2, eps: group.eps, weightDecay: group.weightDecay, decoupledWeightDecay: this.decoupledWeightDecay, amsgrad: group.amsgrad, maximize: group.maximize,
    });
  }
}

/** Adam: `new Adam(model.parameters(), {lr: 1e-3})`; weight decay as an L2 term in the gradient. */
export class Adam extends AdamFamily {
  /** Adam over `params` (tensors, or groups with their own options), as torch.optim.Adam. */
  constructor(params: Params<AdamHyperParams>, options: AdamOptions = {}) {
    super('Adam', false, params, options);
  }
}

/** AdamW: Adam with decoupled weight decay, param ·= 1 − lr·weightDecay (default weightDecay 1e-2). */
export class AdamW extends AdamFamily {
  /** AdamW over `params` (tensors, or groups with their own options), as torch.optim.AdamW. */
  constructor(params: Params<AdamHyperParams>, options: AdamOptions = {}) {
    super('AdamW', true, params, options);
  }
}
