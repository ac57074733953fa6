import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isRowwise, readGolden, type ActivationsGolden, type ElementwiseCase } from '../golden/read.js';

import {
  ActivationParamError,
  activations,
  fixedActivationNames,
  getActivation,
  resolveParams,
  UnknownActivationError,
  type Activation,
  type ActivationParams,
} from '../../src/activation/table.js';

const golden = readGolden<ActivationsGolden>('activations.json');
const NAMES = Object.keys(activations);

/** Every parameter set PyTorch was run with (each entry's defaults, and sets that move its kinks or change its branch). */
const PARAM_SETS: [string, ActivationParams][] = [
  ...new Map(
    golden.cases.filter((c): c is ElementwiseCase => !isRowwise(c)).map((c) => [`${c.name} ${JSON.stringify(c.params)}`, [c.name, c.params] as [string, ActivationParams]]),
  ).values(),
];

/**
 * Whether forward has a kink (or a step) within h of x: its one-sided difference quotients there
 * disagree by far more than the curvature of a smooth function allows. Found from forward alone,
 * so that the derivative is checked everywhere else.
 */
function nearKink(forward: (x: number) => number, x: number, h: number): boolean {
  const left = (forward(x) - forward(x - h)) / h;
  const right = (forward(x + h) - forward(x)) / h;
  return Math.abs(left - right) > 1e-4 * Math.max(1, Math.abs(left), Math.abs(right));
}

const label = (a: Activation, p: ActivationParams) => `${a.name}(${JSON.stringify(p)})`;

describe('activation table', () => {
  it('keys each entry by its name, with PyTorch names that no other entry has', () => {
    for (const [key, a] of Object.entries(activations as Record<string, Activation>)) {
      assert.equal(a.name, key);
      assert.equal(getActivation(key), a);
      assert.ok(a.formula.length > 0, `${key} has a formula`);
    }
    assert.equal(new Set(Object.values(activations).map((a) => a.torchName)).size, NAMES.length);
    assert.equal(new Set(Object.values(activations).map((a) => a.moduleName)).size, NAMES.length);
  });

  it('cannot be changed by its users: entries, options and defaults are frozen', () => {
    assert.ok(Object.isFrozen(activations));
    for (const a of Object.values(activations as Record<string, Activation>)) {
      assert.ok(Object.isFrozen(a) && Object.isFrozen(a.options) && Object.isFrozen(a.defaults) && Object.isFrozen(a.required), a.name);
    }
  });

  it('reads the defaults and the required options off each entry\'s options', () => {
    for (const a of Object.values(activations as Record<string, Activation>)) {
      for (const [key, option] of Object.entries(a.options)) {
        if (option.default === undefined) assert.ok(a.required.includes(key) && !(key in a.defaults), `${a.name}.${key}`);
        else assert.ok(a.defaults[key] === option.default && !a.required.includes(key), `${a.name}.${key}`);
      }
      assert.equal(Object.keys(a.defaults).length + a.required.length, Object.keys(a.options).length, a.name);
    }
  });

  it('leaves the learnable PReLU out of the fixed activations that get methods, functions and classes', () => {
    const table = activations as Record<string, Activation>;
    assert.deepEqual(fixedActivationNames, NAMES.filter((name) => name !== 'prelu'));
    assert.deepEqual(NAMES.filter((name) => table[name].learnable), ['prelu']);
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
      for (const x of xs) {
        if (nearKink((v) => a.forward(v, p), x, 2 * h)) continue;
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

  it('requires the options PyTorch has no default for, and names them', () => {
    // An entry shaped like torch.nn.Threshold(threshold, value): neither option has a default.
    const thresholdLike: Activation = {
      ...getActivation('relu'),
      name: 'thresholdLike',
      moduleName: 'ThresholdLike',
      options: { threshold: { type: 'number', default: undefined }, value: { type: 'number', default: undefined } },
      defaults: {},
      required: ['threshold', 'value'],
    };
    assert.deepEqual(resolveParams(thresholdLike, { threshold: 1, value: -2 }), { threshold: 1, value: -2 });
    assert.throws(
      () => resolveParams(thresholdLike, { threshold: 1 }),
      (error: unknown) => error instanceof ActivationParamError && error.param === 'value'
        && /^thresholdLike: option 'value' must be given \(PyTorch's nn.ThresholdLike has no default\)$/.test(error.message),
    );
    assert.throws(() => resolveParams(thresholdLike), /options 'threshold' and 'value' must be given/);
  });

  it('rejects a string outside its choices', () => {
    assert.throws(
      () => resolveParams(getActivation('gelu'), { approximate: 'fast' }),
      /gelu: option 'approximate' must be one of 'none', 'tanh', got 'fast'/,
    );
  });
});
