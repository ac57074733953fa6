/**
 * Weight initialisation, with PyTorch's formulas (torch/nn/init.py), drawn from the seeded
 * generator (defaultGenerator unless one is given), so the same seed gives the same weights.
 *
 * Two levels:
 * - Functions that fill one tensor in place and return it, as torch.nn.init's: normal_, uniform_,
 *   zeros_, xavierUniform_, xavierNormal_, kaimingUniform_, kaimingNormal_ (glorot… and he…
 *   are aliases).
 * - Schemes (Initializer) that fill a layer's weight and bias together: normal(0.01) (the book's
 *   W ~ N(0, 0.01²)), xavierUniform(), kaimingNormal(), zeros(), pytorchDefault() (what nn.Linear
 *   does), and parseInit('normal:0.01' | 'xavier' | 'kaiming' | 'pytorch' | …) for the CLI.
 *
 * Fans and our weight layout: a Linear weight here is in × out (H = X·W + b, as in the chapter),
 * so fan_in = shape[0] and fan_out = shape[1] — the other way round from PyTorch's out × in weight,
 * where fan_in is shape[1]. The formulas see the same numbers for the same layer.
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { normal as drawNormal, uniform as drawUniform } from '../tensor/creation.js';
import type { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of every initialiser: the generator to draw from. */
export interface FillOptions {
  /** Draw from this generator instead of defaultGenerator. */
  generator?: Generator;
}

/** The nonlinearities calculateGain knows (PyTorch's torch.nn.init.calculate_gain). */
export type Nonlinearity = 'linear' | 'identity' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';

/**
 * PyTorch's calculate_gain: the factor that keeps the variance of activations steady through a
 * layer followed by the nonlinearity. linear, identity, sigmoid: 1; tanh: 5/3; relu: √2;
 * leakyRelu: √(2 / (1 + slope²)) with slope = param (0.01 by default); selu: 3/4.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'identity':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new ArgumentError(
        `calculateGain: unknown nonlinearity '${String(nonlinearity)}' (use linear, identity, sigmoid, tanh, relu, leakyRelu, selu)`,
      );
  }
}

/** The fan-in and fan-out of a weight: the numbers of inputs and outputs of each unit. */
export interface Fans {
  /** Inputs of each unit: shape[0] of the in × out weight. */
  fanIn: number;
  /** Outputs of each unit: shape[1] of the in × out weight. */
  fanOut: number;
}

/** fan_in = shape[0], fan_out = shape[1] of an in × out weight (see the file comment). */
export function fans(shape: readonly number[], op = 'fans'): Fans {
  if (shape.length !== 2) throw new ShapeError(op, [shape], 'fan-based initialisation needs a 2-D weight of shape in × out');
  return { fanIn: shape[0], fanOut: shape[1] };
}

// ---- filling one tensor ------------------------------------------------------------------------

/** Fills t with draws from U(low, high). */
export function uniform_(t: Tensor, options: FillOptions & { low?: number; high?: number } = {}): Tensor {
  return t.copy_(drawUniform(t.shape, { low: options.low, high: options.high, dtype: t.dtype, generator: options.generator }));
}

/** Fills t with draws from N(mean, std²). */
export function normal_(t: Tensor, options: FillOptions & { mean?: number; std?: number } = {}): Tensor {
  return t.copy_(drawNormal(t.shape, { mean: options.mean, std: options.std, dtype: t.dtype, generator: options.generator }));
}

/** Fills t with zeros, in place (torch.nn.init.zeros_); returns t. */
export function zeros_(t: Tensor): Tensor {
  return t.copy_(0);
}

/** U(−a, a), a = gain · √(6 / (fan_in + fan_out)) (Glorot & Bengio 2010; PyTorch's xavier_uniform_). */
export function xavierUniform_(t: Tensor, options: FillOptions & { gain?: number } = {}): Tensor {
  const { fanIn, fanOut } = fans(t.shape, 'xavierUniform_');
  const bound = Math.sqrt(3) * (options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut));
  return uniform_(t, { low: -bound, high: bound, generator: options.generator });
}

/** N(0, std²), std = gain · √(2 / (fan_in + fan_out)) (PyTorch's xavier_normal_). */
export function xavierNormal_(t: Tensor, options: FillOptions & { gain?: number } = {}): Tensor {
  const { fanIn, fanOut } = fans(t.shape, 'xavierNormal_');
  return normal_(t, { std: (options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)), generator: options.generator });
}

/** Options of the Kaiming (He) initialisers (PyTorch's a, mode and nonlinearity). */
export interface KaimingOptions extends FillOptions {
  /** The negative slope of the leaky ReLU that follows (0: plain ReLU). */
  a?: number;
  /** Keep the variance of the forward pass ('fanIn', the default) or of the backward pass ('fanOut'). */
  mode?: 'fanIn' | 'fanOut';
  /** The activation that follows, whose gain (calculateGain) scales the std or bound ('leakyRelu', with slope a, by default). */
  nonlinearity?: Nonlinearity;
}

/** std = gain / √fan with gain = calculateGain(nonlinearity, a): √2 for ReLU (He et al. 2015). */
function kaimingStd(op: string, t: Tensor, options: KaimingOptions): number {
  const mode = options.mode ?? 'fanIn';
  if (mode !== 'fanIn' && mode !== 'fanOut') throw new ArgumentError(`${op}: mode must be 'fanIn' or 'fanOut', got '${String(mode)}'`);
  const { fanIn, fanOut } = fans(t.shape, op);
  const fan = mode === 'fanIn' ? fanIn : fanOut;
  return calculateGain(options.nonlinearity ?? 'leakyRelu', options.a ?? 0) / Math.sqrt(fan);
}

/** U(−b, b), b = √3 · gain / √fan (PyTorch's kaiming_uniform_; defaults a = 0, fanIn, leakyRelu: gain √2). */
export function kaimingUniform_(t: Tensor, options: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd('kaimingUniform_', t, options);
  return uniform_(t, { low: -bound, high: bound, generator: options.generator });
}

/** N(0, std²), std = gain / √fan (PyTorch's kaiming_normal_). */
export function kaimingNormal_(t: Tensor, options: KaimingOptions = {}): Tensor {
  return normal_(t, { std: kaimingStd('kaimingNormal_', t, options), generator: options.generator });
}

/** xavierUniform_ under its other name (Glorot and Bengio 2010). */
export const glorotUniform_ = xavierUniform_;
/** xavierNormal_ under its other name (Glorot and Bengio 2010). */
export const glorotNormal_ = xavierNormal_;
/** kaimingUniform_ under its other name (He et al. 2015). */
export const heUniform_ = kaimingUniform_;
/** kaimingNormal_ under its other name (He et al. 2015). */
export const heNormal_ = kaimingNormal_;

// ---- schemes for a layer's weight and bias -----------------------------------------------------

/** How a layer's parameters start. fill() draws the weight first, then the bias (PyTorch's order). */
export interface Initializer {
  /** The canonical spec, which parseInit() turns back into this scheme: 'normal:0.01', 'xavier-uniform'. */
  readonly spec: string;
  /** Fills an in × out weight and its bias (of length out, or null) in place. */
  fill(weight: Tensor, bias: Tensor | null, generator?: Generator): void;
}

/** A scheme that draws the weight with `fillWeight` and sets the bias to zeros (MXNet's and the book's rule). */
function zeroBias(spec: string, fillWeight: (w: Tensor, generator?: Generator) => void): Initializer {
  return Object.freeze({
    spec,
    fill(weight: Tensor, bias: Tensor | null, generator?: Generator) {
      fillWeight(weight, generator);
      if (bias) zeros_(bias);
    },
  });
}

/** The book's scheme: W ~ N(0, std²) with std = 0.01, b = 0. */
export function normal(std = 0.01): Initializer {
  if (!(std >= 0) || !Number.isFinite(std)) throw new ArgumentError(`init.normal: std must be a non-negative number, got ${std}`);
  return zeroBias(`normal:${std}`, (w, generator) => normal_(w, { std, generator }));
}

/** Xavier/Glorot uniform weight, zero bias. */
export const xavierUniform = (): Initializer => zeroBias('xavier-uniform', (w, generator) => xavierUniform_(w, { generator }));
/** Xavier/Glorot normal weight, zero bias. */
export const xavierNormal = (): Initializer => zeroBias('xavier-normal', (w, generator) => xavierNormal_(w, { generator }));
/** Kaiming/He uniform weight for ReLU layers (gain √2, fan_in), zero bias. */
export const kaimingUniform = (): Initializer => zeroBias('kaiming-uniform', (w, generator) => kaimingUniform_(w, { generator }));
/** Kaiming/He normal weight for ReLU layers (gain √2, fan_in), zero bias. */
export const kaimingNormal = (): Initializer => zeroBias('kaiming-normal', (w, generator) => kaimingNormal_(w, { generator }));
/** xavierUniform under its other name (Glorot and Bengio 2010). */
export const glorotUniform = xavierUniform;
/** xavierNormal under its other name (Glorot and Bengio 2010). */
export const glorotNormal = xavierNormal;
/** kaimingUniform under its other name (He et al. 2015). */
export const heUniform = kaimingUniform;
/** kaimingNormal under its other name (He et al. 2015). */
export const heNormal = kaimingNormal;

/** Everything zero (the book's exercise on symmetry: every hidden unit then stays the same). */
export const zeros = (): Initializer => zeroBias('zeros', (w) => zeros_(w));

/**
 * What torch.nn.Linear.reset_parameters does: weight kaiming_uniform_ with a = √5, which is
 * U(−1/√fan_in, 1/√fan_in), then bias U(−1/√fan_in, 1/√fan_in) (0 when fan_in = 0).
 */
export function pytorchDefault(): Initializer {
  return Object.freeze({
    spec: 'pytorch',
    fill(weight: Tensor, bias: Tensor | null, generator?: Generator) {
      kaimingUniform_(weight, { a: Math.sqrt(5), generator });
      if (!bias) return;
      const { fanIn } = fans(weight.shape, 'pytorchDefault');
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(bias, { low: -bound, high: bound, generator });
    },
  });
}

// ---- specs for the CLI -------------------------------------------------------------------------

/** Every scheme by canonical name, with the other spellings parseInit accepts. */
const SCHEMES: readonly { name: string; aliases: readonly string[]; make: () => Initializer }[] = [
  { name: 'xavier-uniform', aliases: ['xavier', 'glorot', 'glorot-uniform'], make: xavierUniform },
  { name: 'xavier-normal', aliases: ['glorot-normal'], make: xavierNormal },
  { name: 'kaiming-uniform', aliases: ['kaiming', 'he', 'he-uniform'], make: kaimingUniform },
  { name: 'kaiming-normal', aliases: ['he-normal'], make: kaimingNormal },
  { name: 'zeros', aliases: ['zero'], make: zeros },
  { name: 'pytorch', aliases: ['default', 'torch'], make: pytorchDefault },
];

const VALID_SPECS =
  'normal[:std] (std 0.01 by default), ' + SCHEMES.map((s) => `${s.name} (also ${s.aliases.join(', ')})`).join(', ');

/**
 * An Initializer from a spec string: 'normal:0.01', 'normal' (std 0.01), 'xavier', 'glorot-normal',
 * 'kaiming', 'he-normal', 'zeros', 'pytorch'… Case, '-' and '_' do not matter ('Xavier_Uniform').
 * An unknown spec is an ArgumentError that lists the valid ones.
 */
export function parseInit(spec: string): Initializer {
  const [rawName, rawParam, ...rest] = spec.trim().split(':');
  const name = rawName.toLowerCase().replace(/[-_\s]/g, '');
  const fold = (s: string) => s.replace(/-/g, '');
  if (rest.length === 0 && name === 'normal') {
    const std = rawParam === undefined ? 0.01 : Number(rawParam);
    if (rawParam !== undefined && (rawParam.trim() === '' || !Number.isFinite(std) || std < 0)) {
      throw new ArgumentError(`parseInit: '${spec}': the std after 'normal:' must be a non-negative number`);
    }
    return normal(std);
  }
  const scheme = SCHEMES.find((s) => [s.name, ...s.aliases].some((n) => fold(n) === name));
  if (scheme && rawParam === undefined) return scheme.make();
  if (scheme) throw new ArgumentError(`parseInit: '${spec}': '${scheme.name}' takes no parameter; valid specs: ${VALID_SPECS}`);
  throw new ArgumentError(`parseInit: unknown init '${spec}'; valid specs: ${VALID_SPECS}`);
}

/** An Initializer as given, or parsed from its spec string. */
export const resolveInit = (init: Initializer | string): Initializer => (typeof init === 'string' ? parseInit(init) : init);
