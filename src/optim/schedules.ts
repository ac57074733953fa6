/**
 * Learning-rate schedules, as torch.optim.lr_scheduler: a scheduler sets the lr of every parameter
 * group of its optimizer from that group's initial lr and an epoch counter. Construction applies
 * epoch 0; each step() (called after optimizer.step(), once per epoch or per iteration, as you
 * choose) advances the counter by one and sets the next lr.
 *
 * Every schedule here is a closed form lr(epoch, baseLr), PyTorch's `_get_closed_form_lr`. PyTorch's
 * step() uses recursive ("chainable") forms of the same formulas; their values agree to rounding
 * (≈1e-16 relative). Closed forms make schedules composable without state — SequentialLR and
 * warmup() evaluate the schedules they hand over to — at the price of PyTorch's chaining of two
 * schedulers that both step the same optimizer (use SequentialLR, or an LRScheduler with your own
 * formula, instead).
 */
import { ArgumentError } from '../errors.js';
import type { Optimizer } from './optimizer.js';

/** The learning rate at `epoch` (0, 1, …) of a group whose initial learning rate is `baseLr`. */
export type ClosedFormLr = (epoch: number, baseLr: number) => number;

/** A scheduler's state, as stateDict() returns it and loadStateDict() takes it back. */
export interface LRSchedulerStateDict {
  /** The scheduler's {@link LRScheduler.lastEpoch}. */
  lastEpoch: number;
  /** The scheduler's {@link LRScheduler.baseLrs}, one per parameter group. */
  baseLrs: number[];
}

/**
 * A scheduler driven by any closed form (PyTorch's LambdaLR is `(e, base) => base * lambda(e)`).
 * The first scheduler built on an optimizer records each group's current lr as its `initialLr`;
 * later ones reuse it, as PyTorch's 'initial_lr'.
 */
export class LRScheduler {
  /** The initial lr of each parameter group. */
  readonly baseLrs: number[];
  /** The epoch whose learning rates are applied: 0 after construction, +1 per step(). */
  lastEpoch = 0;
  #lastLrs: number[] = [];

  /** A scheduler setting each group's lr to lrAt(epoch, its initial lr) (epoch 0 now). */
  constructor(
    /** The optimizer whose groups' lr it sets. */
    readonly optimizer: Optimizer,
    /** The learning rate of a group at an epoch, from the group's initial lr (the schedule's formula). */
    readonly lrAt: ClosedFormLr,
  ) {
    for (const group of optimizer.paramGroups) group.initialLr ??= group.lr;
    this.baseLrs = optimizer.paramGroups.map((group) => group.initialLr!);
    this.#apply();
  }

  /** Advances one epoch and sets each group's lr. */
  step(): void {
    this.lastEpoch += 1;
    this.#apply();
  }

  /** The learning rates this scheduler set last, one per parameter group. */
  getLastLr(): number[] {
    return [...this.#lastLrs];
  }

  /** The epoch and initial rates, to resume the schedule (loadStateDict takes them back). */
  stateDict(): LRSchedulerStateDict {
    return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs] };
  }

  /** Restores the epoch and initial lrs of a saved scheduler and applies that epoch's learning rates. */
  loadStateDict(dict: LRSchedulerStateDict): void {
    if (dict.baseLrs.length !== this.optimizer.paramGroups.length) {
      throw new ArgumentError(`LRScheduler.loadStateDict: the state dict has ${dict.baseLrs.length} learning rates, the optimizer ${this.optimizer.paramGroups.length} parameter groups`);
    }
    this.lastEpoch = dict.lastEpoch;
    this.baseLrs.splice(0, this.baseLrs.length, ...dict.baseLrs);
    this.#apply();
  }

  #apply(): void {
    this.#lastLrs = this.baseLrs.map((base) => this.lrAt(this.lastEpoch, base));
    this.optimizer.paramGroups.forEach((group, i) => (group.lr = this.#lastLrs[i]));
  }
}

function requireOption(ok: boolean, scheduler: string, expected: string, got: unknown): void {
  if (!ok) throw new ArgumentError(`${scheduler}: ${expected}, got ${JSON.stringify(got) ?? String(got)}`);
}

/** Options of StepLR (PyTorch's step_size and gamma). */
export interface StepLROptions {
  /** Epochs between two decays. */
  stepSize: number;
  /** Factor of each decay (default 0.1). */
  gamma?: number;
}

/** lr = baseLr · gamma^⌊epoch / stepSize⌋ (torch.optim.lr_scheduler.StepLR). */
export class StepLR extends LRScheduler {
  /** StepLR on `optimizer`. */
  constructor(optimizer: Optimizer, { stepSize, gamma = 0.1 }: StepLROptions) {
    requireOption(Number.isInteger(stepSize) && stepSize > 0, 'StepLR', 'stepSize must be a positive integer', stepSize);
    requireOption(Number.isFinite(gamma) && gamma >= 0, 'StepLR', 'gamma must be a finite number ≥ 0', gamma);
    super(optimizer, (epoch, base) => base * gamma ** Math.floor(epoch / stepSize));
  }
}

/** Options of CosineAnnealingLR (PyTorch's T_max and eta_min). */
export interface CosineAnnealingLROptions {
  /** Epochs from the initial lr down to etaMin (half a cosine period). */
  tMax: number;
  /** The lowest learning rate (default 0). */
  etaMin?: number;
}

/**
 * lr = etaMin + (baseLr − etaMin)·(1 + cos(π·epoch / tMax)) / 2 (torch.optim.lr_scheduler.
 * CosineAnnealingLR; SGDR without restarts). Past tMax the cosine goes on, back up towards baseLr.
 */
export class CosineAnnealingLR extends LRScheduler {
  /** CosineAnnealingLR on `optimizer`. */
  constructor(optimizer: Optimizer, { tMax, etaMin = 0 }: CosineAnnealingLROptions) {
    requireOption(Number.isFinite(tMax) && tMax > 0, 'CosineAnnealingLR', 'tMax must be a number > 0', tMax);
    requireOption(Number.isFinite(etaMin) && etaMin >= 0, 'CosineAnnealingLR', 'etaMin must be a finite number ≥ 0', etaMin);
    super(optimizer, (epoch, base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * epoch) / tMax))) / 2);
  }
}

/** Options of LinearLR (PyTorch's start_factor, end_factor and total_iters). */
export interface LinearLROptions {
  /** Factor of baseLr at epoch 0, in [0, 1] (default 1/3). */
  startFactor?: number;
  /** Factor of baseLr from epoch totalIters on, in [0, 1] (default 1). */
  endFactor?: number;
  /** Epochs of the linear ramp (default 5). */
  totalIters?: number;
}

/**
 * lr = baseLr · (startFactor + (endFactor − startFactor)·min(epoch, totalIters) / totalIters)
 * (torch.optim.lr_scheduler.LinearLR): a ramp, then constant.
 */
export class LinearLR extends LRScheduler {
  /** LinearLR on `optimizer`. */
  constructor(optimizer: Optimizer, { startFactor = 1 / 3, endFactor = 1, totalIters = 5 }: LinearLROptions = {}) {
    requireOption(startFactor >= 0 && startFactor <= 1, 'LinearLR', 'startFactor must be in [0, 1]', startFactor);
    requireOption(endFactor >= 0 && endFactor <= 1, 'LinearLR', 'endFactor must be in [0, 1]', endFactor);
    requireOption(Number.isInteger(totalIters) && totalIters > 0, 'LinearLR', 'totalIters must be a positive integer', totalIters);
    super(optimizer, (epoch, base) => base * (startFactor + ((endFactor - startFactor) * Math.min(totalIters, epoch)) / totalIters));
  }
}

/**
 * Runs schedulers one after another (torch.optim.lr_scheduler.SequentialLR): schedulers[i] takes
 * over at milestones[i − 1] and counts its epochs from 0 there. Step only the SequentialLR; the
 * schedulers it holds serve as formulas.
 */
export class SequentialLR extends LRScheduler {
  /** SequentialLR on `optimizer`: schedulers[i] from milestones[i − 1] on. */
  constructor(optimizer: Optimizer, schedulers: readonly LRScheduler[], milestones: readonly number[]) {
    requireOption(schedulers.length > 0, 'SequentialLR', 'at least one scheduler is needed', schedulers.length);
    requireOption(milestones.length === schedulers.length - 1, 'SequentialLR',
      `one milestone fewer than schedulers is needed (${schedulers.length} schedulers)`, milestones);
    requireOption(milestones.every((m, i) => Number.isInteger(m) && m > (i === 0 ? 0 : milestones[i - 1])), 'SequentialLR',
      'milestones must be increasing positive integers', milestones);
    schedulers.forEach((s, i) => requireOption(s.optimizer === optimizer, 'SequentialLR', 'every scheduler must belong to the optimizer passed in', `scheduler ${i}`));
    super(optimizer, (epoch, base) => {
      const index = milestones.filter((m) => m <= epoch).length;
      return schedulers[index].lrAt(epoch - (index === 0 ? 0 : milestones[index - 1]), base);
    });
  }
}

/** Options of a linear warmup before another schedule. */
export interface WarmupOptions {
  /** Epochs (or iterations) of the linear ramp up to the initial lr. */
  warmupSteps: number;
  /** Factor of the initial lr at step 0, in [0, 1] (default 1/3, LinearLR's). */
  startFactor?: number;
}

/**
 * Linear warm-up: the lr climbs from startFactor·baseLr to baseLr over warmupSteps, then `then`
 * takes over (counting its epochs from 0 at warmupSteps), or the lr stays at baseLr. The same as
 * PyTorch's SequentialLR([LinearLR(startFactor, 1, warmupSteps), then], [warmupSteps]).
 *
 *     const scheduler = warmup(optimizer, { warmupSteps: 5, startFactor: 0.1 }, new CosineAnnealingLR(optimizer, { tMax: 95 }));
 */
export function warmup(optimizer: Optimizer, { warmupSteps, startFactor }: WarmupOptions, then?: LRScheduler): LRScheduler {
  const ramp = new LinearLR(optimizer, { startFactor, endFactor: 1, totalIters: warmupSteps });
  return then === undefined ? ramp : new SequentialLR(optimizer, [ramp, then], [warmupSteps]);
}
