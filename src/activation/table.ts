/**
 * Activation functions as data: name, formula, PyTorch defaults, forward and derivative on one
 * number. The same table feeds the tensor op and its gradient rule, the nn modules, the CLI plot
 * command and the playground's menu.
 *
 * Semantics, defaults and parameter names are PyTorch's (torch.nn.functional, in camelCase), and
 * so is the derivative at every kink: it is the value torch.autograd returns there (relu'(0) = 0,
 * leakyRelu'(0) = negativeSlope, elu'(0) = alpha, hardswish'(±3) = ±3/3 + 1/2, …), pinned by
 * test/golden/activations.json from scripts/reference/activations.py.
 *
 * forward and derivative expect params that went through resolveParams (all present, right
 * types); kernels call them once per element, so they do not check again. Every entry stays
 * finite for finite inputs, however large (±1e30, ±1e300).
 */

import { PerceptronError } from '../errors.js';
import { erfc } from './erf.js';

export type ActivationParams = Record<string, number | string>;

export interface Activation {
  /** camelCase API name: 'leakyRelu'. */
  name: string;
  /** PyTorch functional name: 'leaky_relu'. */
  torchName: string;
  /** PyTorch (and our) nn module class name: 'LeakyReLU'. */
  moduleName: string;
  /** Human readable formula. */
  formula: string;
  /** PyTorch's defaults, camelCase: { negativeSlope: 0.01 }. */
  defaults: ActivationParams;
  forward(x: number, p: ActivationParams): number;
  /** dy/dx at x, given y = forward(x); PyTorch's choice at kinks (relu'(0) = 0, etc.). */
  derivative(x: number, y: number, p: ActivationParams): number;
}

/** getActivation was asked for a name the table does not have. */
export class UnknownActivationError extends PerceptronError {
  constructor(
    readonly requested: string,
    readonly validNames: readonly string[],
    suggestion?: string,
  ) {
    super(
      `unknown activation '${requested}'` +
        (suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`) +
        `; valid names: ${validNames.join(', ')}`,
    );
  }
}

/** resolveParams was given an option the activation does not have, or a value it cannot take. */
export class ActivationParamError extends PerceptronError {
  constructor(
    readonly activation: string,
    readonly param: string,
    message: string,
  ) {
    super(`${activation}: ${message}`);
  }
}

// Shared scalar pieces. Each is stable for any finite x: no exp of a large positive number.

const num = (p: ActivationParams, key: string): number => p[key] as number;

/** σ(x) = 1/(1 + e^(−x)), via e^(−|x|) so that neither side overflows. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + e^x) = max(x, 0) + log1p(e^(−|x|)). */
function log1pExp(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** max(0, x) + slope · min(0, x), and its derivative with PyTorch's slope at 0 (x > 0 ? 1 : slope). */
const leaky = (x: number, slope: number): number => (x > 0 ? x : slope * x);
const leakySlope = (x: number, slope: number): number => (x > 0 ? 1 : slope);

/** min(max(x, low), high); derivative 0 at both boundaries, as torch's hardtanh_backward. */
const clamp = (x: number, low: number, high: number): number => Math.min(Math.max(x, low), high);
const clampSlope = (x: number, low: number, high: number): number => (x <= low || x >= high ? 0 : 1);

/** The ELU family: scale · (x > 0 ? x : alpha · (e^(x/inputScale) − 1)); x = 0 takes the left branch. */
const eluForm = (x: number, alpha: number, scale: number, inputScale: number): number =>
  x > 0 ? scale * x : scale * alpha * Math.expm1(x / inputScale);
const eluSlope = (x: number, alpha: number, scale: number, inputScale: number): number =>
  x > 0 ? scale : ((scale * alpha) / inputScale) * Math.exp(x / inputScale);

/** Shrinkage: zero on [−lambd, lambd] (ends included), slope 0 there and 1 outside. */
const insideBand = (x: number, lambd: number): boolean => x >= -lambd && x <= lambd;

// SELU's constants, as in torch/nn/functional.py (Klambauer et al. 2017, eq. 14).
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

const SQRT1_2 = Math.SQRT1_2;
const ONE_OVER_SQRT_2PI = 0.3989422804014327; // 1/√(2π), the peak of the normal density
const SQRT_2_OVER_PI = 0.7978845608028654; // √(2/π), the tanh approximation's scale
const GELU_TANH_CUBIC = 0.044715;

/**
 * GELU's tanh approximation x/2 · (1 + tanh(u)), u = √(2/π)(x + 0.044715 x³), written as
 * x · σ(2u), since 1 + tanh(u) = 2σ(2u): no cancellation for negative x, no overflow for large |x|.
 */
function geluTanh(x: number): number {
  return x * sigmoid(2 * SQRT_2_OVER_PI * (x + GELU_TANH_CUBIC * x * x * x));
}

function geluTanhSlope(x: number): number {
  const u2 = 2 * SQRT_2_OVER_PI * (x + GELU_TANH_CUBIC * x * x * x);
  const s = sigmoid(u2);
  const sc = sigmoid(-u2);
  // d/dx x·σ(2u) = σ(2u) + x · 2σ(2u)σ(−2u) · u'. Once σ(2u)σ(−2u) underflows to 0 the second
  // term is 0, even where x·u' has overflowed (x ≈ 1e103 and up).
  if (s * sc === 0) return s;
  return s + x * 2 * s * sc * SQRT_2_OVER_PI * (1 + 3 * GELU_TANH_CUBIC * x * x);
}

/** 1 − tanh²(s) for s ≥ 0, as 4e/(1 + e)² with e = e^(−2s): no cancellation, no overflow. */
function sech2(s: number): number {
  const e = Math.exp(-2 * s);
  return (4 * e) / ((1 + e) * (1 + e));
}

function entry(a: Activation): Activation {
  return Object.freeze({ ...a, defaults: Object.freeze({ ...a.defaults }) });
}

export const activations: Record<string, Activation> = Object.freeze({
  relu: entry({
    name: 'relu',
    torchName: 'relu',
    moduleName: 'ReLU',
    formula: 'max(0, x)',
    defaults: {},
    forward: (x) => Math.max(0, x),
    derivative: (x) => (x > 0 ? 1 : 0),
  }),

  sigmoid: entry({
    name: 'sigmoid',
    torchName: 'sigmoid',
    moduleName: 'Sigmoid',
    formula: 'σ(x) = 1 / (1 + exp(−x))',
    defaults: {},
    forward: sigmoid,
    derivative: (_x, y) => y * (1 - y),
  }),

  tanh: entry({
    name: 'tanh',
    torchName: 'tanh',
    moduleName: 'Tanh',
    formula: 'tanh(x) = (exp(x) − exp(−x)) / (exp(x) + exp(−x))',
    defaults: {},
    forward: Math.tanh,
    derivative: (_x, y) => 1 - y * y,
  }),

  leakyRelu: entry({
    name: 'leakyRelu',
    torchName: 'leaky_relu',
    moduleName: 'LeakyReLU',
    formula: 'max(0, x) + negativeSlope · min(0, x)',
    defaults: { negativeSlope: 0.01 },
    forward: (x, p) => leaky(x, num(p, 'negativeSlope')),
    derivative: (x, _y, p) => leakySlope(x, num(p, 'negativeSlope')),
  }),

  prelu: entry({
    name: 'prelu',
    torchName: 'prelu',
    moduleName: 'PReLU',
    // The weight is learnable in the op and the module; here it is one number, so it can be plotted.
    formula: 'max(0, x) + weight · min(0, x)',
    defaults: { weight: 0.25 },
    forward: (x, p) => leaky(x, num(p, 'weight')),
    derivative: (x, _y, p) => leakySlope(x, num(p, 'weight')),
  }),

  elu: entry({
    name: 'elu',
    torchName: 'elu',
    moduleName: 'ELU',
    formula: 'x if x > 0, else alpha · (exp(x) − 1)',
    defaults: { alpha: 1 },
    forward: (x, p) => eluForm(x, num(p, 'alpha'), 1, 1),
    derivative: (x, _y, p) => eluSlope(x, num(p, 'alpha'), 1, 1),
  }),

  selu: entry({
    name: 'selu',
    torchName: 'selu',
    moduleName: 'SELU',
    formula: 'scale · (x if x > 0, else alpha · (exp(x) − 1)), alpha ≈ 1.6733, scale ≈ 1.0507',
    defaults: {},
    forward: (x) => eluForm(x, SELU_ALPHA, SELU_SCALE, 1),
    derivative: (x) => eluSlope(x, SELU_ALPHA, SELU_SCALE, 1),
  }),

  celu: entry({
    name: 'celu',
    torchName: 'celu',
    moduleName: 'CELU',
    formula: 'x if x > 0, else alpha · (exp(x / alpha) − 1)',
    defaults: { alpha: 1 },
    forward: (x, p) => eluForm(x, num(p, 'alpha'), 1, num(p, 'alpha')),
    derivative: (x, _y, p) => eluSlope(x, num(p, 'alpha'), 1, num(p, 'alpha')),
  }),

  gelu: entry({
    name: 'gelu',
    torchName: 'gelu',
    moduleName: 'GELU',
    formula:
      "x · Φ(x) = x/2 · (1 + erf(x / √2)); " +
      "approximate 'tanh': x/2 · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))",
    defaults: { approximate: 'none' },
    // Φ(x) = erfc(−x/√2)/2 keeps its digits where Φ is tiny (x ≪ 0).
    forward: (x, p) => (p.approximate === 'tanh' ? geluTanh(x) : 0.5 * x * erfc(-x * SQRT1_2)),
    derivative: (x, _y, p) => {
      if (p.approximate === 'tanh') return geluTanhSlope(x);
      // Φ(x) + x·φ(x); x·φ(x) is 0, not NaN, once x² overflows.
      const density = Math.exp(-0.5 * x * x) * ONE_OVER_SQRT_2PI;
      return 0.5 * erfc(-x * SQRT1_2) + (density === 0 ? 0 : x * density);
    },
  }),

  silu: entry({
    name: 'silu',
    torchName: 'silu',
    moduleName: 'SiLU',
    formula: 'x · σ(x)',
    defaults: {},
    forward: (x) => x * sigmoid(x),
    // σ(x) · (1 + x · (1 − σ(x))), with 1 − σ(x) taken as σ(−x).
    derivative: (x) => {
      const s = sigmoid(x);
      return s + x * s * sigmoid(-x);
    },
  }),

  mish: entry({
    name: 'mish',
    torchName: 'mish',
    moduleName: 'Mish',
    formula: 'x · tanh(softplus(x)) = x · tanh(log(1 + exp(x)))',
    defaults: {},
    forward: (x) => x * Math.tanh(log1pExp(x)),
    // tanh(sp) + x · σ(x) · (1 − tanh²(sp)), sp = softplus(x); the product is 0 when sech² is.
    derivative: (x) => {
      const sp = log1pExp(x);
      const sechSquared = sech2(sp);
      return Math.tanh(sp) + (sechSquared === 0 ? 0 : x * sigmoid(x) * sechSquared);
    },
  }),

  softplus: entry({
    name: 'softplus',
    torchName: 'softplus',
    moduleName: 'Softplus',
    formula: '(1 / beta) · log(1 + exp(beta · x)); x where beta · x > threshold',
    defaults: { beta: 1, threshold: 20 },
    forward: (x, p) => {
      const beta = num(p, 'beta');
      return beta * x > num(p, 'threshold') ? x : log1pExp(beta * x) / beta;
    },
    derivative: (x, _y, p) => {
      const beta = num(p, 'beta');
      return beta * x > num(p, 'threshold') ? 1 : sigmoid(beta * x);
    },
  }),

  softsign: entry({
    name: 'softsign',
    torchName: 'softsign',
    moduleName: 'Softsign',
    formula: 'x / (1 + |x|)',
    defaults: {},
    forward: (x) => x / (1 + Math.abs(x)),
    derivative: (x) => {
      const d = 1 + Math.abs(x);
      return 1 / (d * d);
    },
  }),

  hardtanh: entry({
    name: 'hardtanh',
    torchName: 'hardtanh',
    moduleName: 'Hardtanh',
    formula: 'min(max(x, minVal), maxVal)',
    defaults: { minVal: -1, maxVal: 1 },
    forward: (x, p) => clamp(x, num(p, 'minVal'), num(p, 'maxVal')),
    derivative: (x, _y, p) => clampSlope(x, num(p, 'minVal'), num(p, 'maxVal')),
  }),

  hardsigmoid: entry({
    name: 'hardsigmoid',
    torchName: 'hardsigmoid',
    moduleName: 'Hardsigmoid',
    formula: 'min(max(x + 3, 0), 6) / 6',
    defaults: {},
    forward: (x) => clamp(x + 3, 0, 6) / 6,
    derivative: (x) => clampSlope(x, -3, 3) / 6,
  }),

  hardswish: entry({
    name: 'hardswish',
    torchName: 'hardswish',
    moduleName: 'Hardswish',
    formula: 'x · min(max(x + 3, 0), 6) / 6',
    defaults: {},
    forward: (x) => (x * clamp(x + 3, 0, 6)) / 6,
    // torch's hardswish_backward uses the middle piece on the closed interval [−3, 3]:
    // the slope is −1/2 at x = −3 and 3/2 at x = 3 (neither one-sided limit at −3, 0 and 3/2).
    derivative: (x) => (x < -3 ? 0 : x <= 3 ? x / 3 + 0.5 : 1),
  }),

  relu6: entry({
    name: 'relu6',
    torchName: 'relu6',
    moduleName: 'ReLU6',
    formula: 'min(max(0, x), 6)',
    defaults: {},
    forward: (x) => clamp(x, 0, 6),
    derivative: (x) => clampSlope(x, 0, 6),
  }),

  logSigmoid: entry({
    name: 'logSigmoid',
    torchName: 'logsigmoid',
    moduleName: 'LogSigmoid',
    formula: 'log(σ(x)) = −softplus(−x)',
    defaults: {},
    forward: (x) => -log1pExp(-x),
    derivative: (x) => sigmoid(-x),
  }),

  tanhshrink: entry({
    name: 'tanhshrink',
    torchName: 'tanhshrink',
    moduleName: 'Tanhshrink',
    formula: 'x − tanh(x)',
    defaults: {},
    forward: (x) => x - Math.tanh(x),
    // tanh²(x) from x, not from x − y, which loses every digit once |x| ≫ 1.
    derivative: (x) => {
      const t = Math.tanh(x);
      return t * t;
    },
  }),

  softshrink: entry({
    name: 'softshrink',
    torchName: 'softshrink',
    moduleName: 'Softshrink',
    formula: 'x − lambd if x > lambd; x + lambd if x < −lambd; 0 otherwise',
    defaults: { lambd: 0.5 },
    forward: (x, p) => {
      const lambd = num(p, 'lambd');
      return x > lambd ? x - lambd : x < -lambd ? x + lambd : 0;
    },
    derivative: (x, _y, p) => (insideBand(x, num(p, 'lambd')) ? 0 : 1),
  }),

  hardshrink: entry({
    name: 'hardshrink',
    torchName: 'hardshrink',
    moduleName: 'Hardshrink',
    formula: 'x if |x| > lambd; 0 otherwise',
    defaults: { lambd: 0.5 },
    forward: (x, p) => (insideBand(x, num(p, 'lambd')) ? 0 : x),
    derivative: (x, _y, p) => (insideBand(x, num(p, 'lambd')) ? 0 : 1),
  }),
});

/** Allowed values of string options. */
const STRING_CHOICES: Record<string, Record<string, readonly string[]>> = {
  gelu: { approximate: ['none', 'tanh'] },
};

/** The activation called `name` (camelCase, as the keys of `activations`). */
export function getActivation(name: string): Activation {
  if (Object.hasOwn(activations, name)) return activations[name];
  const validNames = Object.keys(activations);
  // Point a user who typed PyTorch's spelling ('leaky_relu', 'LeakyReLU') at ours.
  const folded = name.toLowerCase().replace(/_/g, '');
  const suggestion = Object.values(activations).find(
    (a) => a.name.toLowerCase() === folded || a.moduleName.toLowerCase() === folded,
  )?.name;
  throw new UnknownActivationError(name, validNames, suggestion);
}

/**
 * The activation's defaults overlaid with `given`. Throws ActivationParamError on an option the
 * activation does not have, a value of the wrong type (or NaN), or a string outside its choices.
 * Options given as undefined count as not given.
 */
export function resolveParams(a: Activation, given: ActivationParams = {}): ActivationParams {
  const resolved: ActivationParams = { ...a.defaults };
  const validOptions = Object.keys(a.defaults);
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(a.defaults, key)) {
      const valid =
        validOptions.length === 0 ? 'it takes no options' : `valid options: ${validOptions.join(', ')}`;
      throw new ActivationParamError(a.name, key, `unknown option '${key}'; ${valid}`);
    }
    const expected = typeof a.defaults[key];
    if (typeof value !== expected || Number.isNaN(value)) {
      const got = typeof value === 'string' ? `the string '${value}'` : `${typeof value} ${String(value)}`;
      throw new ActivationParamError(a.name, key, `option '${key}' must be a ${expected}, got ${got}`);
    }
    const choices = STRING_CHOICES[a.name]?.[key];
    if (choices !== undefined && !choices.includes(value as string)) {
      throw new ActivationParamError(
        a.name,
        key,
        `option '${key}' must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got '${String(value)}'`,
      );
    }
    resolved[key] = value;
  }
  return resolved;
}
