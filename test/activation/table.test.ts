import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  ActivationParamError,
  activations,
  getActivation,
  resolveParams,
  UnknownActivationError,
  type Activation,
  type ActivationParams,
} from '../../src/activation/table.js';

const NAMES = [
  'relu', 'sigmoid', 'tanh', 'leakyRelu', 'prelu', 'elu', 'selu', 'celu', 'gelu', 'silu', 'mish',
  'softplus', 'softsign', 'hardtanh', 'hardsigmoid', 'hardswish', 'relu6', 'logSigmoid',
  'tanhshrink', 'softshrink', 'hardshrink',
];

/** Every entry with its defaults, plus parameter sets that move its kinks or change its branch. */
const PARAM_SETS: [string, ActivationParams][] = [
  ...NAMES.map((name): [string, ActivationParams] => [name, {}]),
  ['leakyRelu', { negativeSlope: 0.2 }],
  ['prelu', { weight: -0.1 }],
  ['elu', { alpha: 0.5 }],
  ['celu', { alpha: 2 }],
  ['gelu', { approximate: 'tanh' }],
  ['softplus', { beta: 2, threshold: 10 }],
  ['softplus', { beta: 0.5, threshold: 20 }],
  ['hardtanh', { minVal: -2, maxVal: 2 }],
  ['hardtanh', { minVal: -0.5, maxVal: 3 }],
  ['softshrink', { lambd: 1 }],
  ['hardshrink', { lambd: 1 }],
];

/** Where each entry's derivative jumps (softplus: its switch to x, a jump of about 2e−9). */
function kinks(name: string, p: ActivationParams): number[] {
  const n = (key: string) => p[key] as number;
  switch (name) {
    case 'relu': case 'leakyRelu': case 'prelu': case 'elu': case 'selu': case 'celu':
      return [0];
    case 'relu6': return [0, 6];
    case 'hardtanh': return [n('minVal'), n('maxVal')];
    case 'hardsigmoid': case 'hardswish': return [-3, 3];
    case 'softshrink': case 'hardshrink': return [-n('lambd'), n('lambd')];
    case 'softplus': return [n('threshold') / n('beta')];
    default: return [];
  }
}

const label = (a: Activation, p: ActivationParams) => `${a.name}(${JSON.stringify(p)})`;

describe('activation table', () => {
  it('lists the 21 activations, each keyed by its name', () => {
    assert.deepEqual(Object.keys(activations), NAMES);
    for (const [key, a] of Object.entries(activations)) {
      assert.equal(a.name, key);
      assert.equal(getActivation(key), a);
      assert.ok(a.formula.length > 0, `${key} has a formula`);
    }
    assert.equal(new Set(Object.values(activations).map((a) => a.torchName)).size, NAMES.length);
    assert.equal(new Set(Object.values(activations).map((a) => a.moduleName)).size, NAMES.length);
  });

  it('cannot be changed by its users: entries and defaults are frozen', () => {
    assert.ok(Object.isFrozen(activations));
    for (const a of Object.values(activations)) {
      assert.ok(Object.isFrozen(a) && Object.isFrozen(a.defaults), a.name);
    }
  });

  it("takes PyTorch's choice of derivative at each kink", () => {
    // Each value was read from torch 1.13 autograd (also pinned by golden.test.ts).
    const conventions: [string, ActivationParams, number, number][] = [
      ['relu', {}, 0, 0],
      ['leakyRelu', {}, 0, 0.01],
      ['prelu', {}, 0, 0.25],
      ['elu', {}, 0, 1],
      ['elu', { alpha: 0.5 }, 0, 0.5], // x = 0 takes the left branch, alpha·e⁰
      ['selu', {}, 0, 1.6732632423543772 * 1.0507009873554805],
      ['celu', { alpha: 2 }, 0, 1],
      ['hardtanh', {}, -1, 0],
      ['hardtanh', {}, 1, 0],
      ['relu6', {}, 0, 0],
      ['relu6', {}, 6, 0],
      ['hardsigmoid', {}, -3, 0],
      ['hardsigmoid', {}, 3, 0],
      ['hardswish', {}, -3, -0.5], // the middle piece x/3 + 1/2, on the closed interval
      ['hardswish', {}, 3, 1.5],
      ['softshrink', {}, -0.5, 0],
      ['softshrink', {}, 0.5, 0],
      ['hardshrink', {}, -0.5, 0],
      ['hardshrink', {}, 0.5, 0],
      ['softplus', {}, 20, 1 / (1 + Math.exp(-20))], // linear only when beta·x > threshold
    ];
    for (const [name, given, x, expected] of conventions) {
      const a = getActivation(name);
      const p = resolveParams(a, given);
      const actual = a.derivative(x, a.forward(x, p), p);
      assert.ok(
        Math.abs(actual - expected) <= 1e-15,
        `${label(a, p)}' at ${x}: ${actual}, expected ${expected}`,
      );
    }
  });

  it('has derivatives that agree with central differences of forward away from kinks', () => {
    const h = 1e-6;
    const xs: number[] = [];
    for (let x = -8; x <= 8.0001; x += 0.05) xs.push(Math.round(x * 100) / 100 + 0.003);
    xs.push(-45, -30, -15, 15, 30, 45);
    for (const [name, given] of PARAM_SETS) {
      const a = getActivation(name);
      const p = resolveParams(a, given);
      const avoid = kinks(name, p);
      for (const x of xs) {
        if (avoid.some((k) => Math.abs(x - k) < 1e-3)) continue;
        const central = (a.forward(x + h, p) - a.forward(x - h, p)) / (2 * h);
        const derivative = a.derivative(x, a.forward(x, p), p);
        assert.ok(
          Math.abs(central - derivative) <= 1e-6 * Math.max(1, Math.abs(derivative)),
          `${label(a, p)}' at ${x}: derivative ${derivative}, central difference ${central}`,
        );
      }
    }
  });

  it('never returns NaN or Infinity for large finite inputs', () => {
    const large = [1e3, 1e30, 1e100, 1e200, 1e300];
    for (const [name, given] of PARAM_SETS) {
      const a = getActivation(name);
      const p = resolveParams(a, given);
      for (const x of [...large, ...large.map((v) => -v)]) {
        const y = a.forward(x, p);
        const derivative = a.derivative(x, y, p);
        assert.ok(Number.isFinite(y), `${label(a, p)}(${x}) = ${y}`);
        assert.ok(Number.isFinite(derivative), `${label(a, p)}'(${x}) = ${derivative}`);
      }
    }
  });
});

describe('getActivation', () => {
  it('names the unknown activation and lists the valid names', () => {
    assert.throws(
      () => getActivation('swish'),
      (error: unknown) => {
        assert.ok(error instanceof UnknownActivationError);
        assert.equal(error.name, 'UnknownActivationError');
        assert.equal(error.requested, 'swish');
        assert.deepEqual(error.validNames, NAMES);
        assert.match(error.message, /'swish'/);
        for (const name of NAMES) assert.ok(error.message.includes(name), `message lists ${name}`);
        return true;
      },
    );
  });

  it("points PyTorch's spellings at ours", () => {
    const spellings: [string, string][] = [
      ['leaky_relu', 'leakyRelu'],
      ['LeakyReLU', 'leakyRelu'],
      ['logsigmoid', 'logSigmoid'],
      ['GELU', 'gelu'],
    ];
    for (const [typed, meant] of spellings) {
      assert.throws(() => getActivation(typed), new RegExp(`did you mean '${meant}'`));
    }
  });

  it('does not mistake Object.prototype members for activations', () => {
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      assert.throws(() => getActivation(name), UnknownActivationError);
    }
  });
});

describe('resolveParams', () => {
  const leakyRelu = getActivation('leakyRelu');

  it('returns the defaults, overlaid with what is given, in a new object', () => {
    assert.deepEqual(resolveParams(leakyRelu), { negativeSlope: 0.01 });
    assert.deepEqual(resolveParams(leakyRelu, { negativeSlope: 0.2 }), { negativeSlope: 0.2 });
    assert.deepEqual(resolveParams(getActivation('hardtanh'), { maxVal: 2 }), { minVal: -1, maxVal: 2 });
    assert.deepEqual(resolveParams(getActivation('gelu'), { approximate: 'tanh' }), { approximate: 'tanh' });
    const resolved = resolveParams(leakyRelu);
    resolved.negativeSlope = 0.5;
    assert.equal(leakyRelu.defaults.negativeSlope, 0.01);
  });

  it('treats an option given as undefined as not given', () => {
    const given = { negativeSlope: undefined } as unknown as ActivationParams;
    assert.deepEqual(resolveParams(leakyRelu, given), { negativeSlope: 0.01 });
  });

  it('names an unknown option and lists the valid ones', () => {
    assert.throws(
      () => resolveParams(getActivation('hardtanh'), { min: -2 }),
      (error: unknown) => {
        assert.ok(error instanceof ActivationParamError);
        assert.equal(error.name, 'ActivationParamError');
        assert.equal(error.activation, 'hardtanh');
        assert.equal(error.param, 'min');
        assert.match(error.message, /^hardtanh: unknown option 'min'; valid options: minVal, maxVal$/);
        return true;
      },
    );
    assert.throws(
      () => resolveParams(getActivation('relu'), { inplace: 1 }),
      /relu: unknown option 'inplace'; it takes no options/,
    );
  });

  it('rejects a value of the wrong type, or NaN', () => {
    assert.throws(
      () => resolveParams(leakyRelu, { negativeSlope: '0.2' }),
      /leakyRelu: option 'negativeSlope' must be a number, got the string '0.2'/,
    );
    assert.throws(() => resolveParams(leakyRelu, { negativeSlope: NaN }), /must be a number, got number NaN/);
    assert.throws(
      () => resolveParams(getActivation('gelu'), { approximate: 1 }),
      /gelu: option 'approximate' must be a string, got number 1/,
    );
  });

  it('rejects a string outside its choices', () => {
    assert.throws(
      () => resolveParams(getActivation('gelu'), { approximate: 'fast' }),
      /gelu: option 'approximate' must be one of 'none', 'tanh', got 'fast'/,
    );
  });
});
