/** Making tensors: from values, constant fills, ranges, and seeded random draws. */
import type { DType, Storage } from '../backend/backend.js';
import { allocate } from '../backend/index.js';
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { defaultGenerator, type Generator } from './random.js';
import { resolveShape, sizeOf, type Shape } from './shape.js';
import { adoptStorage, type NestedArray, type Tensor } from './tensor.js';

/** The element type of a created tensor. */
export interface DTypeOption {
  /** float32 by default, as in PyTorch and MXNet. */
  dtype?: DType;
}
/** Options of the random creators (normal, uniform, randint, …): dtype and generator. */
export interface RandomOptions extends DTypeOption {
  /** Draw from this generator instead of the default one seeded by manualSeed. */
  generator?: Generator;
}
/** A shape as creators take it: one size (a vector) or a list of sizes. */
export type ShapeLike = number | Shape;
/**
 * The arguments of zeros, ones, randn and rand, as PyTorch takes them: sizes (`randn(2, 3)`) or one
 * shape (`randn([2, 3])`), optionally followed by an options object (`randn(2, 3, { dtype })`).
 */
export type SizesAndOptions<Options> = [shape: ShapeLike, options?: Options] | number[] | [...sizes: number[], options: Options];

const DTYPES: readonly DType[] = ['float32', 'float64', 'int32'];

function checkDType(op: string, dtype: DType | undefined): DType {
  const d = dtype ?? 'float32';
  if (!DTYPES.includes(d)) throw new DTypeError(`${op}: unknown dtype '${String(d)}' (use ${DTYPES.join(', ')})`);
  return d;
}

function toShape(op: string, shape: ShapeLike): number[] {
  return resolveShape(op, typeof shape === 'number' ? [shape] : shape);
}

const isOptionsObject = (value: unknown): value is object => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An argument as the user wrote it, for messages: [2, 3], "3", {"dtype":"float64"}. */
function describeArgument(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describeArgument).join(', ')}]`;
  if (typeof value === 'string' || isOptionsObject(value)) return JSON.stringify(value);
  return String(value);
}

/** options itself, unless it is something other than an options object (a second size, say), which throws. */
function checkOptions<Options>(op: string, options: Options | undefined, args: readonly unknown[]): Options | undefined {
  if (options === undefined || isOptionsObject(options)) return options;
  throw new ArgumentError(
    `${op}: expected an options object where ${describeArgument(options)} was given, in (${args.map(describeArgument).join(', ')}); ` +
      `give the shape as one array: ${op}([2, 3], { … })`,
  );
}

/** Splits PyTorch-style size arguments (SizesAndOptions) into a validated shape and the options. */
function sizesAndOptions<Options>(op: string, args: readonly unknown[]): [number[], Options | undefined] {
  const last = args[args.length - 1];
  const hasOptions = args.length > 0 && (last === undefined || isOptionsObject(last));
  const sizes = hasOptions ? args.slice(0, -1) : args;
  const options = hasOptions ? (last as Options | undefined) : undefined;
  if (sizes.length === 1 && Array.isArray(sizes[0])) return [resolveShape(op, sizes[0] as number[]), options];
  if (sizes.length > 0 && sizes.every((size) => typeof size === 'number')) return [resolveShape(op, sizes as number[]), options];
  throw new ArgumentError(
    `${op}: expected sizes (${op}(2, 3)) or one shape array (${op}([2, 3])), optionally followed by an options object; ` +
      `got (${args.map(describeArgument).join(', ')})`,
  );
}

function filled(op: string, shape: ShapeLike, value: number, options: DTypeOption | undefined, args: readonly unknown[]): Tensor {
  const s = toShape(op, shape);
  checkOptions(op, options, args);
  const data = allocate(checkDType(op, options?.dtype), sizeOf(s));
  if (value !== 0) data.fill(value);
  return adoptStorage(data, s);
}

/** Zeros of a shape: zeros(2, 3), zeros([2, 3]), zeros(2, 3, { dtype: 'float64' }). */
export function zeros(...args: SizesAndOptions<DTypeOption>): Tensor {
  const [shape, options] = sizesAndOptions<DTypeOption>('zeros', args);
  return filled('zeros', shape, 0, options, args);
}
/** Ones of a shape: ones(2, 3), ones([2, 3]), ones(2, 3, { dtype: 'float64' }). */
export function ones(...args: SizesAndOptions<DTypeOption>): Tensor {
  const [shape, options] = sizesAndOptions<DTypeOption>('ones', args);
  return filled('ones', shape, 1, options, args);
}
/** A tensor of `shape` filled with `value` (torch.full). */
export const full = (shape: ShapeLike, value: number, options?: DTypeOption): Tensor => filled('full', shape, value, options, [shape, value, options]);
/** Zeros of t's shape and dtype (or the dtype given). */
export const zerosLike = (t: Tensor, options?: DTypeOption): Tensor => zeros(t.shape, { dtype: options?.dtype ?? t.dtype });
/** Ones of t's shape and dtype (or the dtype given). */
export const onesLike = (t: Tensor, options?: DTypeOption): Tensor => ones(t.shape, { dtype: options?.dtype ?? t.dtype });
/** `value` everywhere, in t's shape and dtype (or the dtype given). */
export const fullLike = (t: Tensor, value: number, options?: DTypeOption): Tensor =>
  full(t.shape, value, { dtype: options?.dtype ?? t.dtype });

/** A 0-d tensor holding one number. */
export const scalar = (value: number, options?: DTypeOption): Tensor => full([], value, options);

function inferShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

/**
 * A tensor from nested arrays, a typed array or a number (MXNet's nd.array, PyTorch's tensor).
 * The dtype defaults to the typed array's own, or float32.
 */
export function array(values: NestedArray | Storage | readonly number[], options?: DTypeOption & { shape?: Shape }): Tensor {
  if (ArrayBuffer.isView(values)) {
    const dtype = options?.dtype ?? (values instanceof Float64Array ? 'float64' : values instanceof Int32Array ? 'int32' : 'float32');
    const data = allocate(checkDType('array', dtype), values.length);
    data.set(values);
    return adoptStorage(data, options?.shape ? resolveShape('array', options.shape, values.length) : [values.length]);
  }
  const nested = values as NestedArray;
  const shape = inferShape(nested);
  const flat: number[] = [];
  const walk = (level: NestedArray, axis: number): void => {
    if (axis === shape.length) {
      if (typeof level !== 'number') throw new ShapeError('array', [shape], 'nested arrays are ragged (a list where a number belongs)');
      flat.push(level);
      return;
    }
    if (!Array.isArray(level) || level.length !== shape[axis]) {
      throw new ShapeError('array', [shape], `nested arrays are ragged at depth ${axis}: expected ${shape[axis]} entries`);
    }
    for (const item of level) walk(item, axis + 1);
  };
  walk(nested, 0);
  const data = allocate(checkDType('array', options?.dtype), flat.length);
  data.set(flat);
  const tensor = adoptStorage(data, shape);
  return options?.shape ? tensor.reshape(resolveShape('array', options.shape, flat.length)) : tensor;
}

/**
 * Values start, start + step, … up to but excluding stop, as NumPy, MXNet (nd.arange(-8.0, 8.0, 0.1))
 * and PyTorch. Each value is start + i·step computed in float64, then stored in the dtype.
 */
export function arange(start: number, stop?: number, step = 1, options?: DTypeOption): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0 || !Number.isFinite(step)) throw new ArgumentError(`arange: step must be a non-zero finite number, got ${step}`);
  const count = Math.max(0, Math.ceil((stop - start) / step));
  const data = allocate(checkDType('arange', options?.dtype), count);
  for (let i = 0; i < count; i++) data[i] = start + i * step;
  return adoptStorage(data, [count]);
}

/** num evenly spaced values from start to stop inclusive. */
export function linspace(start: number, stop: number, num: number, options?: DTypeOption): Tensor {
  if (!Number.isInteger(num) || num < 0) throw new ArgumentError(`linspace: num must be a non-negative integer, got ${num}`);
  const data = allocate(checkDType('linspace', options?.dtype), num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) data[i] = i === num - 1 && num > 1 ? stop : start + i * step;
  return adoptStorage(data, [num]);
}

/** Identity matrix (n×m, m = n by default). */
export function eye(n: number, m = n, options?: DTypeOption): Tensor {
  const t = zeros([n, m], options);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}

function drawn(op: string, shape: ShapeLike, options: RandomOptions | undefined, draw: (g: Generator) => number, args: readonly unknown[]): Tensor {
  const s = toShape(op, shape);
  checkOptions(op, options, args);
  const generator = options?.generator ?? defaultGenerator;
  const data = allocate(checkDType(op, options?.dtype), sizeOf(s));
  for (let i = 0; i < data.length; i++) data[i] = draw(generator);
  return adoptStorage(data, s);
}

/** Normal draws with mean and standard deviation (PyTorch's normal(mean, std, size); MXNet's loc/scale). */
export function normal(shape: ShapeLike, options?: RandomOptions & { mean?: number; std?: number }): Tensor {
  const mean = options?.mean ?? 0;
  const std = options?.std ?? 1;
  if (!(std >= 0)) throw new ArgumentError(`normal: std must be non-negative, got ${std}`);
  return drawn('normal', shape, options, (g) => mean + std * g.normal(), [shape, options]);
}

/** Uniform draws in [low, high). */
export function uniform(shape: ShapeLike, options?: RandomOptions & { low?: number; high?: number }): Tensor {
  const low = options?.low ?? 0;
  const high = options?.high ?? 1;
  return drawn('uniform', shape, options, (g) => low + (high - low) * g.random(), [shape, options]);
}

/** Integers uniform in [low, high), int32 by default. */
export function randint(low: number, high: number, shape: ShapeLike, options?: RandomOptions): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ArgumentError(`randint: need integers low < high, got low=${low}, high=${high}`);
  }
  checkOptions('randint', options, [low, high, shape, options]);
  return drawn('randint', shape, { dtype: 'int32', ...options }, (g) => g.randint(low, high), [low, high, shape, options]);
}

/** Standard normal draws: randn(2, 3), randn([2, 3]), randn(2, 3, { generator }). */
export function randn(...args: SizesAndOptions<RandomOptions>): Tensor {
  const [shape, options] = sizesAndOptions<RandomOptions>('randn', args);
  return normal(shape, { ...options, mean: 0, std: 1 });
}
/** Uniform draws in [0, 1): rand(2, 3), rand([2, 3]), rand(2, 3, { generator }). */
export function rand(...args: SizesAndOptions<RandomOptions>): Tensor {
  const [shape, options] = sizesAndOptions<RandomOptions>('rand', args);
  return uniform(shape, { ...options, low: 0, high: 1 });
}
