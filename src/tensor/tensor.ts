/**
 * The Tensor: a contiguous, row-major typed array with a shape and a dtype, plus what autograd
 * needs (whether it requires a gradient, its gradient, the op that made it). Every computing method
 * is sugar over a function of src/ops, where each op's forward and gradient are defined together.
 */
import { dtypeOf, type DType, type Storage } from '../backend/backend.js';
import { allocate } from '../backend/index.js';
import { ArgumentError, AutogradError, DTypeError, ShapeError } from '../errors.js';
import { backward as runBackward, noGrad, type BackwardOptions, type GradNode } from '../autograd/tape.js';
import { bumpVersion, versionOf } from '../autograd/version.js';
import { fixedActivationNames, type ActivationFunctions, type ActivationParams } from '../activation/table.js';
import * as ops from '../ops/index.js';
import { formatTensor } from './format.js';
import { normalizeAxis, sizeOf, type Shape } from './shape.js';

export type { DType, Storage };
export type TensorLike = Tensor | number;
export type Axes = number | readonly number[];
export interface ReduceOptions {
  /** Keep each reduced axis as size 1, so the result broadcasts against the input (false by default). */
  keepdims?: boolean;
}
/** What a leaf does with each new gradient: overwrite x.grad (MXNet) or add to it (PyTorch). */
export type GradReq = 'write' | 'add';

/** Nested arrays of numbers, as `toArray()` returns them and `array()` accepts them. */
export type NestedArray = number | NestedArray[];

/** The activation methods, x.relu() … x.hardshrink(), one per entry of src/activation/table.ts (attached below). */
export interface Tensor extends ActivationFunctions<[], Tensor> {}

export class Tensor {
  /** The elements in row-major order, contiguous: a typed array of `dtype` (Float32Array for float32). */
  readonly data: Storage;
  /** The size of each axis, outermost first; [] for a scalar. */
  readonly shape: readonly number[];
  /** The element type: 'float32' (the default), 'float64' or 'int32'. */
  readonly dtype: DType;
  /** The gradient of the last backward() (or the sum of them, with gradReq 'add'); null before. */
  grad: Tensor | null = null;
  /** How backward() stores this leaf's gradient: 'add' accumulates into .grad (PyTorch, the default), 'write' overwrites it; attachGrad() sets it. */
  gradReq: GradReq = 'add';
  /** Whether backward() keeps this non-leaf tensor's gradient in .grad (PyTorch's retain_grad()). */
  retainsGrad = false;
  #requiresGrad = false;
  #gradNode: GradNode | null = null;

  /**
   * A tensor holding a copy of `values` (as torch.tensor copies): the tensor owns its storage, in
   * the backend's memory, whatever array it was given (a view into another tensor, a buffer the
   * caller reuses). Ops make tensors on storage they allocated, without a copy (`adoptStorage`).
   */
  constructor(values: Storage, shape: Shape) {
    if (values.length !== sizeOf(shape)) {
      throw new ShapeError('Tensor', [shape], `${values.length} values do not fill the shape`);
    }
    let data = values;
    if (!adopting) {
      data = allocate(dtypeOf(values), values.length, false);
      data.set(values);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtypeOf(data);
  }

  /** The number of elements: the product of the shape. */
  get size(): number {
    return this.data.length;
  }
  /** The number of axes (0 for a scalar). */
  get ndim(): number {
    return this.shape.length;
  }

  /**
   * A tensor whose values are not initialised (PyTorch's torch.empty): memory the backend may have
   * used before, for code that writes every element itself.
   */
  static empty(shape: Shape, dtype: DType = 'float32'): Tensor {
    if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new ShapeError('Tensor.empty', [shape], 'sizes must be non-negative integers');
    }
    return adoptStorage(allocate(dtype, sizeOf(shape), false), shape);
  }

  // ---- autograd ----------------------------------------------------------------------------

  /** Whether backward() computes a gradient for this tensor (PyTorch's requires_grad). */
  get requiresGrad(): boolean {
    return this.#requiresGrad;
  }
  /** Setting it makes this tensor a leaf that accumulates gradients (PyTorch's requires_grad_()). */
  set requiresGrad(value: boolean) {
    if (value && this.dtype === 'int32') {
      throw new DTypeError('requiresGrad: only float32 and float64 tensors can require a gradient (this one is int32)');
    }
    if (this.#gradNode && !value) {
      throw new AutogradError('requiresGrad: cannot turn off gradients of a non-leaf tensor; use detach() instead');
    }
    this.#requiresGrad = value;
  }
  /** The recorded op that produced this tensor (PyTorch's grad_fn); null for leaves. */
  get gradNode(): GradNode | null {
    return this.#gradNode;
  }
  /** Whether no recorded op produced this tensor (PyTorch's is_leaf): leaves that require a gradient get .grad. */
  get isLeaf(): boolean {
    return this.#gradNode === null;
  }
  /** Used by the tape when an op is recorded. */
  setGradNode(node: GradNode): void {
    this.#gradNode = node;
    this.#requiresGrad = true;
  }

  /**
   * The book's `x.attach_grad()`: x becomes a leaf whose gradient is written by every backward()
   * (gradReq 'write', MXNet's default; pass 'add' to accumulate). x.grad starts as zeros.
   */
  attachGrad(gradReq: GradReq = 'write'): this {
    this.requiresGrad = true;
    this.gradReq = gradReq;
    this.grad = ops.zerosLike(this);
    return this;
  }

  /** PyTorch's `requires_grad_()`: returns this, for chaining. */
  requiresGrad_(value = true): this {
    this.requiresGrad = value;
    return this;
  }

  /** PyTorch's `retain_grad()`: keep the gradient of this intermediate tensor in .grad. */
  retainGrad(): this {
    this.retainsGrad = true;
    return this;
  }

  /**
   * Back-propagates from this tensor. Without `gradient`, uses ones of this tensor's shape
   * (MXNet's head gradient, and PyTorch's for a scalar). The graph is freed afterwards: a second
   * backward() through it needs `{ retainGraph: true }` on the first, as in PyTorch. Both
   * `y.backward(gradient, { retainGraph: true })` and `y.backward({ retainGraph: true })` work.
   */
  backward(gradient?: Tensor | BackwardOptions, options?: BackwardOptions): void {
    if (gradient !== undefined && !(gradient instanceof Tensor)) {
      if (typeof gradient !== 'object' || gradient === null || options !== undefined) {
        throw new ArgumentError('backward: expected (gradient?: Tensor, options?: { retainGraph }) or (options), got another argument list');
      }
      return this.backward(undefined, gradient);
    }
    if (gradient && (gradient.shape.length !== this.shape.length || gradient.shape.some((d, i) => d !== this.shape[i]))) {
      throw new ShapeError('backward', [this.shape, gradient.shape], 'the gradient must have the shape of the tensor');
    }
    const grad = gradient ? (gradient.dtype === this.dtype ? gradient : noGrad(() => gradient.astype(this.dtype))) : ops.onesLike(this);
    runBackward([{ tensor: this, grad, callerOwned: grad === gradient }], options);
  }

  /**
   * Called by backward() with this leaf's gradient; honours gradReq. `shared`: the gradient's
   * array is held elsewhere too (another .grad, the caller), so it is copied before being kept.
   */
  receiveGrad(grad: Tensor, shared = false): void {
    const g = grad.dtype === this.dtype ? grad : grad.astype(this.dtype);
    if (this.gradReq === 'add' && this.grad) this.grad = this.grad.add(g);
    else this.grad = shared && g === grad ? g.clone() : g;
  }

  /**
   * The number of in-place writes to this tensor's storage (PyTorch's `_version`), shared by every
   * view of it; backward() compares it with the version an op saw (src/autograd/version.ts).
   */
  get version(): number {
    return versionOf(this.data);
  }

  /** Sets the gradient to zeros (kept allocated, as the book's attach_grad() leaves it). */
  zeroGrad(): void {
    if (this.grad) this.grad = ops.zerosLike(this);
  }

  /** The same values, cut from the graph: a new leaf that does not require a gradient. */
  detach(): Tensor {
    return adoptStorage(this.data, this.shape);
  }

  /**
   * Overwrites this tensor's values in place with src's (broadcast and cast to this dtype), as
   * PyTorch's copy_. Not recorded: it is how optimizers and checkpoint loading update parameters.
   */
  copy_(src: TensorLike): this {
    const values = noGrad(() => ops.broadcastTo(ops.astype(src instanceof Tensor ? src : ops.full(this.shape, src), this.dtype), this.shape));
    this.data.set(values.data);
    bumpVersion(this.data);
    return this;
  }

  // ---- reading values ----------------------------------------------------------------------

  /** Values as nested arrays (a number for a 0-d tensor). */
  toArray(): NestedArray {
    const build = (axis: number, offset: number): NestedArray => {
      if (axis === this.ndim) return this.data[offset];
      const step = sizeOf(this.shape.slice(axis + 1));
      return Array.from({ length: this.shape[axis] }, (_, i) => build(axis + 1, offset + i * step));
    };
    return build(0, 0);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new ShapeError('item', [this.shape], 'only a tensor with exactly one element has an item');
    return this.data[0];
  }

  /** The values, formatted as PyTorch prints a tensor. */
  toString(): string {
    return formatTensor(this);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this);
  }

  // ---- arithmetic (NumPy broadcasting; a number acts as a 0-d tensor) -----------------------

  /** this + other, elementwise, broadcast (ops.add). */
  add(other: TensorLike): Tensor { return ops.add(this, other); }
  /** this − other, elementwise, broadcast (ops.sub). */
  sub(other: TensorLike): Tensor { return ops.sub(this, other); }
  /** this · other, elementwise, broadcast (ops.mul). */
  mul(other: TensorLike): Tensor { return ops.mul(this, other); }
  /** this / other, elementwise, broadcast; int32 gives float32 (ops.div). */
  div(other: TensorLike): Tensor { return ops.div(this, other); }
  /** this to the power exponent, elementwise, broadcast (ops.pow). */
  pow(exponent: TensorLike): Tensor { return ops.pow(this, exponent); }
  /** The larger of this and other, elementwise (ops.maximum). */
  maximum(other: TensorLike): Tensor { return ops.maximum(this, other); }
  /** The smaller of this and other, elementwise (ops.minimum). */
  minimum(other: TensorLike): Tensor { return ops.minimum(this, other); }
  /** this == other as 1/0, elementwise (ops.eq). */
  eq(other: TensorLike): Tensor { return ops.eq(this, other); }
  /** this != other as 1/0, elementwise (ops.ne). */
  ne(other: TensorLike): Tensor { return ops.ne(this, other); }
  /** this < other as 1/0, elementwise (ops.lt). */
  lt(other: TensorLike): Tensor { return ops.lt(this, other); }
  /** this ≤ other as 1/0, elementwise (ops.le). */
  le(other: TensorLike): Tensor { return ops.le(this, other); }
  /** this > other as 1/0, elementwise (ops.gt). */
  gt(other: TensorLike): Tensor { return ops.gt(this, other); }
  /** this ≥ other as 1/0, elementwise (ops.ge). */
  ge(other: TensorLike): Tensor { return ops.ge(this, other); }

  /** −this, elementwise. */
  neg(): Tensor { return ops.neg(this); }
  /** eˣ, elementwise. */
  exp(): Tensor { return ops.exp(this); }
  /** The natural logarithm, elementwise (log(0) = −∞). */
  log(): Tensor { return ops.log(this); }
  /** √x, elementwise. */
  sqrt(): Tensor { return ops.sqrt(this); }
  /** |x|, elementwise. */
  abs(): Tensor { return ops.abs(this); }
  /** −1, 0 or 1 by sign, elementwise. */
  sign(): Tensor { return ops.sign(this); }
  /** x², elementwise. */
  square(): Tensor { return ops.square(this); }
  /** 1/x, elementwise. */
  reciprocal(): Tensor { return ops.reciprocal(this); }
  /** sin x, elementwise. */
  sin(): Tensor { return ops.sin(this); }
  /** cos x, elementwise. */
  cos(): Tensor { return ops.cos(this); }
  /** Rounded down, elementwise. */
  floor(): Tensor { return ops.floor(this); }
  /** Rounded up, elementwise. */
  ceil(): Tensor { return ops.ceil(this); }
  /** Rounded to the nearest integer, elementwise. */
  round(): Tensor { return ops.round(this); }
  /** Each value limited to [min, max] (torch.clamp); the gradient passes where min ≤ x ≤ max. */
  clip(min: number, max: number): Tensor { return ops.clip(this, min, max); }
  /** Alias of clip, PyTorch's spelling. */
  clamp(min: number, max: number): Tensor { return ops.clip(this, min, max); }
  /** A copy converted to dtype (MXNet's astype; `to` is PyTorch's spelling). */
  astype(dtype: DType): Tensor { return ops.astype(this, dtype); }
  /** Alias of astype, PyTorch's spelling. */
  to(dtype: DType): Tensor { return ops.astype(this, dtype); }
  /** A copy with its own storage; gradients flow back through it (torch.clone). */
  clone(): Tensor { return ops.clone(this); }

  // ---- products and reductions -------------------------------------------------------------

  /** The matrix product this · other (batched over leading axes, as torch.matmul). */
  matmul(other: Tensor): Tensor { return ops.matmul(this, other); }
  /** The book's nd.dot: the matrix product, or the inner product of two vectors. */
  dot(other: Tensor): Tensor { return ops.dot(this, other); }
  /** The sum over `axes` (all by default; `{ keepdims }`). */
  sum(axes?: Axes, options?: ReduceOptions): Tensor { return ops.sum(this, axes, options); }
  /** The mean over `axes` (all by default; `{ keepdims }`). */
  mean(axes?: Axes, options?: ReduceOptions): Tensor { return ops.mean(this, axes, options); }
  /** The largest value over `axes` (torch.amax; ties share the gradient). */
  max(axes?: Axes, options?: ReduceOptions): Tensor { return ops.max(this, axes, options); }
  /** The smallest value over `axes` (torch.amin; ties share the gradient). */
  min(axes?: Axes, options?: ReduceOptions): Tensor { return ops.min(this, axes, options); }
  /** log Σ exp(x) over `axes`, computed without overflow. */
  logsumexp(axes?: Axes, options?: ReduceOptions): Tensor { return ops.logsumexp(this, axes, options); }
  /** Index (int32) of the largest value along an axis, or in the flattened tensor. */
  argmax(axis?: number, options?: ReduceOptions): Tensor { return ops.argmax(this, axis, options); }
  /** Index (int32) of the smallest value along an axis, or in the flattened tensor. */
  argmin(axis?: number, options?: ReduceOptions): Tensor { return ops.argmin(this, axis, options); }

  // ---- shape and indexing ------------------------------------------------------------------

  /** The same values in another shape (one size may be −1); shares storage. */
  reshape(...shape: (number | readonly number[])[]): Tensor { return ops.reshape(this, shape.flat()); }
  /**
   * Merges axes startDim..endDim (negatives count from the end) into one, as torch.flatten:
   * (2, 3, 4).flatten() → (24), .flatten(1) → (2, 12). A 0-d tensor becomes 1-d. Shares storage.
   */
  flatten(startDim = 0, endDim = -1): Tensor {
    const shape = this.ndim === 0 ? [1] : this.shape;
    const start = normalizeAxis('flatten', startDim, shape.length);
    const end = normalizeAxis('flatten', endDim, shape.length);
    if (start > end) throw new ArgumentError(`flatten: startDim ${startDim} comes after endDim ${endDim} for a ${this.ndim}-D tensor`);
    return ops.reshape(this, [...shape.slice(0, start), sizeOf(shape.slice(start, end + 1)), ...shape.slice(end + 1)]);
  }
  /** Axes permuted (reversed by default), as NumPy's transpose. */
  transpose(...axes: (number | readonly number[])[]): Tensor { return ops.transpose(this, axes.length ? axes.flat() : undefined); }
  /** Axes in the given order (torch.permute). */
  permute(...axes: (number | readonly number[])[]): Tensor { return ops.transpose(this, axes.flat()); }
  /** The transpose (all axes reversed), as NumPy's and MXNet's `.T`. */
  get T(): Tensor { return ops.transpose(this); }
  /** Broadcast to a larger shape (torch.expand). */
  expand(...shape: (number | readonly number[])[]): Tensor { return ops.broadcastTo(this, shape.flat()); }
  /** Broadcast to `shape` (NumPy's broadcast_to). */
  broadcastTo(shape: readonly number[]): Tensor { return ops.broadcastTo(this, shape); }
  /** Axes of size 1 removed (only `axis`, when given). */
  squeeze(axis?: number): Tensor { return ops.squeeze(this, axis); }
  /** A new axis of size 1 inserted at `axis`. */
  unsqueeze(axis: number): Tensor { return ops.unsqueeze(this, axis); }
  /** Elements start..end (exclusive, negatives count from the end) along an axis, with a step. */
  slice(axis: number, start: number, end?: number, step?: number): Tensor { return ops.slice(this, axis, start, end, step); }
  /** Entries along `axis` picked by integer indices (NumPy's take; rows by default). */
  take(indices: Tensor | ArrayLike<number>, axis = 0): Tensor { return ops.take(this, indices, axis); }
  /** Row i (along the first axis), with that axis removed: x.index(0) is x[0]. */
  index(i: number): Tensor { return ops.index(this, i); }
  /** MXNet's pick: for each position, the entry of `axis` named by `indices` (cross-entropy's y_hat[y]). */
  pick(indices: Tensor, axis = -1, options?: ReduceOptions): Tensor { return ops.pick(this, indices, axis, options); }

  // ---- activations (the table in src/activation; PyTorch names and defaults) ----------------

  /** The activation of the table named `name`, with its options (e.g. `x.activation('leakyRelu', { negativeSlope: 0.2 })`). */
  activation(name: string, params?: ActivationParams): Tensor { return ops.activation(this, name, params); }
  /** PReLU with a learnable weight (one value, or one per channel along axis 1). */
  prelu(weight: Tensor): Tensor { return ops.prelu(this, weight); }
  /** exp(x) / Σ exp(x) along `axis`. */
  softmax(axis = -1): Tensor { return ops.softmax(this, axis); }
  /** log softmax along `axis`, computed stably. */
  logSoftmax(axis = -1): Tensor { return ops.logSoftmax(this, axis); }

  // One method per fixed entry of the table (x.relu(), x.leakyRelu({ negativeSlope: 0.2 })),
  // typed and documented by the entry through the Tensor interface above the class.
  static {
    for (const name of fixedActivationNames) {
      const method = function (this: Tensor, options?: ActivationParams): Tensor { return ops.activation(this, name, options); };
      Object.defineProperty(Tensor.prototype, name, { value: method, writable: true, configurable: true });
    }
  }
}

let adopting = false;

/**
 * A tensor on storage that src/tensor or src/ops allocated (or on the storage of another tensor,
 * as a view that shares it: reshape, detach), without a copy. Not part of the public API: storage
 * from anywhere else goes through `new Tensor` (a copy), since on the wasm backend a typed array
 * that does not own its block (a subarray) would not keep the block alive.
 */
export function adoptStorage(data: Storage, shape: Shape): Tensor {
  adopting = true;
  try {
    return new Tensor(data, shape);
  } finally {
    adopting = false;
  }
}
