/**
 * The Optimizer base, as torch.optim.Optimizer: parameter groups with their own hyper-parameters,
 * step(), zeroGrad(), the learning rate that schedulers set, and a state dict that checkpoints save
 * and load to resume a run exactly. A subclass brings its hyper-parameter checks, its per-parameter
 * state and its update rule, which runs on the parameter's own typed array: the same Tensor
 * objects are updated in place (models keep referencing them), and nothing is recorded by autograd.
 */
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { bumpVersion } from '../autograd/version.js';
import type { FloatArray } from '../backend/index.js';
import { zeros } from '../tensor/creation.js';

/** Hyper-parameters every optimizer has. */
export interface HyperParams {
  /** Learning rate: the step size, finite and ≥ 0; a scheduler may change it every epoch. */
  lr: number;
}

/** The parameters of one group with the group's hyper-parameters (defaults filled in). */
export type ParamGroup<H extends HyperParams> = H & {
  /** The leaf tensors this group updates, in the order given. */
  params: Tensor[];
  /** The learning rate before any scheduler changed it (PyTorch's 'initial_lr'), set by the first scheduler. */
  initialLr?: number;
};

/** A group as passed to a constructor: its parameters and the hyper-parameters it overrides. */
export type ParamGroupOptions<H extends HyperParams> = Partial<H> & {
  /** The group's leaf tensors: one, or any iterable of them (such as model.parameters()). */
  params: Tensor | Iterable<Tensor>;
};

/** What an optimizer is built from: parameters (one group), or groups with their own overrides. */
export type Params<H extends HyperParams> = Iterable<Tensor> | Iterable<ParamGroupOptions<H>>;

/** A value of per-parameter state: a step count, or a buffer of the parameter's size and dtype. */
export type StateValue = number | FloatArray;
export type ParamState = Record<string, StateValue>;

/**
 * An optimizer's state, as plain numbers, booleans, arrays and typed arrays: parameters are named by
 * their index, counted through the groups in order (PyTorch's state_dict layout). The buffers are
 * copies, so training on does not change a saved dict.
 */
export interface OptimizerStateDict<H extends HyperParams = HyperParams> {
  /** The class that saved it (loading it into another is refused). */
  optimizer: string;
  /** Per-parameter state, by parameter index; parameters that have never been stepped are absent. */
  state: Record<number, ParamState>;
  /** Each group's hyper-parameters, with its parameters as indices (numbered across groups, in order). */
  paramGroups: (Omit<ParamGroup<H>, 'params'> & {
    /** Indices of the group's parameters, as the `state` keys use them. */
    params: number[];
  })[];
}

export interface ZeroGradOptions {
  /** Set each grad to null (default, as PyTorch ≥ 2.0) instead of to zeros (PyTorch 1.x). */
  setToNone?: boolean;
}

/** A zeroed state buffer of the parameter's dtype, where the backend's kernels read it fastest. */
export function zerosLikeArray(like: FloatArray): FloatArray {
  return zeros([like.length], { dtype: like instanceof Float32Array ? 'float32' : 'float64' }).data as FloatArray;
}

const isFloatArray = (v: unknown): v is FloatArray => v instanceof Float32Array || v instanceof Float64Array;

export abstract class Optimizer<H extends HyperParams = HyperParams, S extends ParamState = ParamState> {
  /** The parameter groups, each with its hyper-parameters (PyTorch's param_groups); addParamGroup appends one. */
  readonly paramGroups: ParamGroup<H>[] = [];
  /** Per-parameter state, created on a parameter's first step. */
  protected readonly state = new Map<Tensor, S>();

  /**
   * An optimizer over `params` (subclasses call this with their name and defaults).
   * @param name the class name used in messages and state dicts ('SGD', 'Adam', …)
   * @param params parameters, or groups `{params, lr?, …}` whose entries override the defaults
   * @param defaults every hyper-parameter, with the constructor's defaults filled in
   */
  protected constructor(
    readonly name: string,
    params: Params<H>,
    readonly defaults: Readonly<H>,
  ) {
    this.validate(defaults, 'the options');
    if (params instanceof Tensor) {
      throw new ArgumentError(`${name}: params must be an iterable of tensors or of parameter groups, got a single Tensor (wrap it in an array)`);
    }
    const entries = [...params];
    if (entries.length === 0) throw new ArgumentError(`${name}: got an empty parameter list`);
    if (entries.every((entry) => entry instanceof Tensor)) this.#addGroup(entries as Tensor[], {});
    else if (entries.some((entry) => entry instanceof Tensor)) {
      throw new ArgumentError(`${name}: params mixes tensors and parameter groups; pass one or the other`);
    } else for (const group of entries as ParamGroupOptions<H>[]) this.addParamGroup(group);
  }

  /** Checks hyper-parameters (the constructor's options, or a group's); `where` names them in messages. */
  protected validate(hyper: H, where: string): void {
    this.require(Number.isFinite(hyper.lr) && hyper.lr >= 0, where, 'lr must be a finite number ≥ 0', hyper.lr);
  }

  /** Throws an ArgumentError saying what was expected, what came and where, unless `ok`. */
  protected require(ok: boolean, where: string, expected: string, got: unknown): void {
    if (!ok) throw new ArgumentError(`${this.name}: ${expected}, got ${JSON.stringify(got) ?? String(got)} (in ${where})`);
  }

  /** A new parameter's state, before its first update. */
  protected abstract initState(param: FloatArray, group: ParamGroup<H>): S;

  /** Updates one parameter in place from its gradient (same length and dtype), with its state. */
  protected abstract update(param: FloatArray, grad: FloatArray, state: S, group: ParamGroup<H>): void;

  /** Adds a group of parameters (PyTorch's add_param_group), e.g. to unfreeze layers while fine-tuning. */
  addParamGroup(group: ParamGroupOptions<H>): void {
    if (typeof group !== 'object' || group === null || !('params' in group)) {
      throw new ArgumentError(`${this.name}: expected a parameter group {params, lr?, …} or a Tensor, got ${Array.isArray(group) ? 'an array' : typeof group}`);
    }
    const { params, ...overrides } = group;
    this.#addGroup(params instanceof Tensor ? [params] : [...params], overrides);
  }

  #addGroup(params: Tensor[], overrides: object): void {
    const where = `param group ${this.paramGroups.length}`;
    params.forEach((p, i) => this.checkParam(p, params.slice(0, i), `${where}, parameter ${i}`));
    const given = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
    const group = { ...structuredClone(this.defaults), ...given, params } as ParamGroup<H>;
    this.validate(group, where);
    this.paramGroups.push(group);
  }

  private checkParam(param: unknown, earlierInGroup: readonly Tensor[], where: string): void {
    if (!(param instanceof Tensor)) throw new ArgumentError(`${this.name}: parameters must be Tensors, got ${typeof param} (${where})`);
    if (param.dtype === 'int32') throw new DTypeError(`${this.name}: only float32 and float64 tensors can be optimized, got int32 (${where})`);
    if (!param.isLeaf) throw new ArgumentError(`${this.name}: can't optimize a non-leaf tensor (the result of an op); use a leaf such as x.detach().requiresGrad_() (${where})`);
    if (earlierInGroup.includes(param)) throw new ArgumentError(`${this.name}: a parameter appears twice in one parameter group (${where})`);
    if (this.paramGroups.some((group) => group.params.includes(param))) {
      throw new ArgumentError(`${this.name}: a parameter appears in more than one parameter group (${where})`);
    }
  }

  /**
   * Updates every parameter that has a gradient, in place. A parameter whose grad is null (it was
   * not used, or zeroGrad() set it to null) is skipped entirely — no weight decay, no momentum — as
   * in PyTorch. Each update is an in-place write and bumps the parameter's version, so a backward()
   * through a graph recorded before the step throws instead of using the new values.
   */
  step(): void {
    for (const group of this.paramGroups) {
      for (const param of group.params) {
        if (param.grad === null) continue;
        const data = param.data as FloatArray;
        let state = this.state.get(param);
        if (state === undefined) {
          state = this.initState(data, group);
          this.state.set(param, state);
        }
        this.update(data, gradientOf(this.name, param), state, group);
        bumpVersion(data);
      }
    }
  }

  /**
   * Clears the gradients of every parameter before the next backward(). By default each grad
   * becomes null (PyTorch ≥ 2.0), which frees it and makes step() skip parameters the next loss
   * does not reach; `{setToNone: false}` sets it to zeros instead (PyTorch 1.x), so such parameters
   * still get weight decay and momentum.
   */
  zeroGrad({ setToNone = true }: ZeroGradOptions = {}): void {
    for (const group of this.paramGroups) {
      for (const param of group.params) {
        if (setToNone) param.grad = null;
        else param.zeroGrad();
      }
    }
  }

  /** The learning rate of the first group. */
  get lr(): number {
    return this.paramGroups[0].lr;
  }
  /** Sets the learning rate of every group. */
  set lr(value: number) {
    this.require(Number.isFinite(value) && value >= 0, 'the lr setter', 'lr must be a finite number ≥ 0', value);
    for (const group of this.paramGroups) group.lr = value;
  }

  /** The hyper-parameters of every group and the state of every stepped parameter, copied. */
  stateDict(): OptimizerStateDict<H> {
    const indices = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map(({ params, ...hyper }) => ({
      ...structuredClone(hyper),
      params: params.map((p) => {
        indices.set(p, indices.size);
        return indices.size - 1;
      }),
    }));
    const state: Record<number, ParamState> = {};
    for (const [param, values] of this.state) state[indices.get(param)!] = structuredClone(values);
    return { optimizer: this.name, state, paramGroups };
  }

  /**
   * Restores hyper-parameters and state saved by stateDict() of the same optimizer class on the same
   * parameter layout (groups of the same sizes), so training resumes exactly. A hyper-parameter the
   * dict lacks keeps its current value. Buffers are copied and cast to each parameter's dtype; plain
   * number arrays (from JSON) are accepted for buffers.
   */
  loadStateDict(dict: OptimizerStateDict<H>): void {
    if (dict.optimizer !== this.name) {
      throw new ArgumentError(`${this.name}.loadStateDict: the state dict was saved by ${dict.optimizer}, not ${this.name}`);
    }
    if (dict.paramGroups.length !== this.paramGroups.length) {
      throw new ArgumentError(`${this.name}.loadStateDict: the state dict has ${dict.paramGroups.length} parameter groups, this optimizer ${this.paramGroups.length}`);
    }
    const params = this.paramGroups.flatMap((group) => group.params);
    const groups = dict.paramGroups.map((saved, g) => {
      const own = this.paramGroups[g];
      if (!Array.isArray(saved.params) || saved.params.length !== own.params.length) {
        throw new ArgumentError(`${this.name}.loadStateDict: param group ${g} has ${saved.params?.length} parameters in the state dict, ${own.params.length} here`);
      }
      const { params: _ownParams, ...current } = own;
      const { params: _indices, ...hyper } = saved;
      const group = { ...structuredClone(current), ...structuredClone(hyper), params: own.params } as ParamGroup<H>;
      this.validate(group, `param group ${g} of the state dict`);
      return group;
    });
    const state = new Map<Tensor, S>();
    for (const [key, saved] of Object.entries(dict.state)) {
      const param = params[Number(key)];
      if (param === undefined) throw new ArgumentError(`${this.name}.loadStateDict: state for parameter ${key}, but there are ${params.length} parameters`);
      state.set(param, restoreState(`${this.name}.loadStateDict`, param, key, saved) as S);
    }
    this.paramGroups.splice(0, this.paramGroups.length, ...groups);
    this.state.clear();
    for (const [param, values] of state) this.state.set(param, values);
  }
}

/** The gradient of a parameter as a typed array of its dtype, checked against its shape. */
function gradientOf(op: string, param: Tensor): FloatArray {
  const grad = param.grad!;
  if (grad.shape.length !== param.shape.length || grad.shape.some((d, i) => d !== param.shape[i])) {
    throw new ShapeError(`${op}.step`, [param.shape, grad.shape], 'a gradient must have the shape of its parameter');
  }
  return (grad.dtype === param.dtype ? grad : grad.astype(param.dtype)).data as FloatArray;
}

function restoreState(op: string, param: Tensor, key: string, saved: ParamState): ParamState {
  const restored: ParamState = {};
  for (const [name, value] of Object.entries(saved)) {
    if (typeof value === 'number') {
      restored[name] = value;
      continue;
    }
    if (!isFloatArray(value) && !Array.isArray(value)) {
      throw new ArgumentError(`${op}: state '${name}' of parameter ${key} must be a number or an array of numbers, got ${typeof value}`);
    }
    if (value.length !== param.size) {
      throw new ShapeError(op, [param.shape, [value.length]], `state '${name}' of parameter ${key} must have one value per element`);
    }
    const buffer = zerosLikeArray(param.data as FloatArray);
    buffer.set(value);
    restored[name] = buffer;
  }
  return restored;
}
