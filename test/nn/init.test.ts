/**
 * Initialisation: PyTorch's gains (test/golden/nn.json), fans for the in × out layout, the
 * statistics of every scheme over many draws against its formula, determinism, and parseInit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, Generator, manualSeed, nn, ShapeError, zeros, type Tensor } from '../../src/index.js';
import { readGolden } from '../golden/read.js';

const { init } = nn;
const golden = readGolden<{ gains: { nonlinearity: string; param: number | null; gain: number }[] }>('nn.json');

test("calculateGain matches torch.nn.init.calculate_gain", () => {
  for (const { nonlinearity, param, gain } of golden.gains) {
    const name = (nonlinearity === 'leaky_relu' ? 'leakyRelu' : nonlinearity) as nn.init.Nonlinearity;
    assert.ok(Math.abs(init.calculateGain(name, param ?? undefined) - gain) <= 1e-15, `${nonlinearity}(${param})`);
  }
  assert.throws(() => init.calculateGain('swish' as nn.init.Nonlinearity), (e: Error) => e instanceof ArgumentError && /leakyRelu/.test(e.message));
});

test('fans of an in × out weight: fanIn = shape[0], fanOut = shape[1]; other ranks are refused', () => {
  assert.deepEqual(init.fans([784, 256]), { fanIn: 784, fanOut: 256 });
  assert.throws(() => init.xavierUniform_(zeros([3, 4, 5])), (e: Error) => e instanceof ShapeError && /xavierUniform_/.test(e.message));
  assert.throws(() => init.kaimingNormal_(zeros([3])), ShapeError);
});

// ---- statistics: 600 × 400 = 240,000 draws ---------------------------------------------------

const IN = 600;
const OUT = 400;

function stats(t: Tensor): { mean: number; std: number; min: number; max: number } {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of t.data) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / t.size;
  let squares = 0;
  for (const v of t.data) squares += (v - mean) ** 2;
  return { mean, std: Math.sqrt(squares / t.size), min, max };
}

/** Mean within 5 standard errors of 0, std within 1% (its standard error is about 0.15%). */
function assertNormal(t: Tensor, std: number, label: string): void {
  const s = stats(t);
  assert.ok(Math.abs(s.mean) < (5 * std) / Math.sqrt(t.size), `${label}: mean ${s.mean}`);
  assert.ok(Math.abs(s.std / std - 1) < 0.01, `${label}: std ${s.std}, expected ${std}`);
}

/** Every draw in [−bound, bound], the extremes near both ends, std bound/√3 within 1%. */
function assertUniform(t: Tensor, bound: number, label: string): void {
  const s = stats(t);
  assert.ok(s.min >= -bound && s.max <= bound, `${label}: range [${s.min}, ${s.max}] outside ±${bound}`);
  assert.ok(s.min < -0.999 * bound && s.max > 0.999 * bound, `${label}: range [${s.min}, ${s.max}] does not reach ±${bound}`);
  assertNormal(t, bound / Math.sqrt(3), `${label} std`);
}

const weight = (dtype: 'float32' | 'float64' = 'float64') => zeros([IN, OUT], { dtype });

test("normal(0.01), the book's scheme: W ~ N(0, 0.01²), b = 0", () => {
  const w = weight();
  const b = zeros([OUT], { dtype: 'float64' }).add(7);
  init.normal(0.01).fill(w, b, new Generator(1));
  assertNormal(w, 0.01, 'normal');
  assert.ok(b.data.every((v) => v === 0));
});

test('xavierUniform: U(±√(6 / (fanIn + fanOut))); xavierNormal: std √(2 / (fanIn + fanOut))', () => {
  const g = new Generator(2);
  assertUniform(init.xavierUniform_(weight(), { generator: g }), Math.sqrt(6 / (IN + OUT)), 'xavierUniform_');
  assertNormal(init.xavierNormal_(weight(), { generator: g }), Math.sqrt(2 / (IN + OUT)), 'xavierNormal_');
  assertUniform(init.xavierUniform_(weight(), { gain: 2, generator: g }), 2 * Math.sqrt(6 / (IN + OUT)), 'gain 2');
  assertUniform(init.xavierUniform_(weight('float32'), { generator: g }), Math.sqrt(6 / (IN + OUT)), 'float32');
});

test('kaimingUniform: U(±√(6 / fanIn)) for ReLU; kaimingNormal: std √(2 / fanIn); mode and nonlinearity', () => {
  const g = new Generator(3);
  assertUniform(init.kaimingUniform_(weight(), { generator: g }), Math.sqrt(6 / IN), 'kaimingUniform_');
  assertNormal(init.kaimingNormal_(weight(), { generator: g }), Math.sqrt(2 / IN), 'kaimingNormal_');
  assertNormal(init.kaimingNormal_(weight(), { mode: 'fanOut', generator: g }), Math.sqrt(2 / OUT), 'fanOut');
  assertNormal(init.kaimingNormal_(weight(), { nonlinearity: 'tanh', generator: g }), 5 / 3 / Math.sqrt(IN), 'tanh');
  assertNormal(init.kaimingNormal_(weight(), { a: 0.2, generator: g }), Math.sqrt(2 / 1.04 / IN), 'a = 0.2');
  assert.throws(() => init.kaimingNormal_(weight(), { mode: 'fan_in' as 'fanIn' }), /mode must be 'fanIn' or 'fanOut'/);
});

test('the schemes: Xavier and Kaiming weights with zero biases', () => {
  const cases: [nn.Initializer, (w: Tensor) => void][] = [
    [init.xavierUniform(), (w) => assertUniform(w, Math.sqrt(6 / (IN + OUT)), 'xavierUniform()')],
    [init.glorotNormal(), (w) => assertNormal(w, Math.sqrt(2 / (IN + OUT)), 'glorotNormal()')],
    [init.heUniform(), (w) => assertUniform(w, Math.sqrt(6 / IN), 'heUniform()')],
    [init.kaimingNormal(), (w) => assertNormal(w, Math.sqrt(2 / IN), 'kaimingNormal()')],
  ];
  for (const [scheme, check] of cases) {
    const w = weight();
    const b = zeros([OUT], { dtype: 'float64' }).add(1);
    scheme.fill(w, b, new Generator(4));
    check(w);
    assert.ok(b.data.every((v) => v === 0), scheme.spec);
  }
});

test("pytorchDefault is nn.Linear's: weight and bias U(±1/√fanIn)", () => {
  const w = weight();
  const b = zeros([OUT], { dtype: 'float64' });
  init.pytorchDefault().fill(w, b, new Generator(5));
  const bound = 1 / Math.sqrt(IN);
  assertUniform(w, bound, 'weight');
  const s = stats(b);
  assert.ok(s.min >= -bound && s.max <= bound && s.max - s.min > 1.9 * bound, `bias range [${s.min}, ${s.max}]`);
  // It is kaiming_uniform_ with a = √5: gain √(1/3), bound √3 · gain / √fanIn.
  assertUniform(init.kaimingUniform_(weight(), { a: Math.sqrt(5), generator: new Generator(6) }), bound, 'a = √5');
});

test('zeros(), and the fill functions work in place and return their tensor', () => {
  const w = weight().add(3);
  const b = zeros([OUT], { dtype: 'float64' }).add(3);
  init.zeros().fill(w, b);
  assert.ok(w.data.every((v) => v === 0) && b.data.every((v) => v === 0));
  const t = zeros([3, 2]);
  assert.equal(init.uniform_(t, { low: 2, high: 3 }), t);
  assert.ok(t.data.every((v) => v >= 2 && v < 3));
  assert.equal(init.normal_(t, { mean: 5, std: 0 }), t);
  assert.ok(t.data.every((v) => v === 5));
  assert.equal(init.zeros_(t), t);
});

test('the same seed gives the same weights, through a Generator or manualSeed', () => {
  const draw = (g?: Generator) => Array.from(init.kaimingUniform_(zeros([20, 10]), { generator: g }).data);
  assert.deepEqual(draw(new Generator(42)), draw(new Generator(42)));
  assert.notDeepEqual(draw(new Generator(42)), draw(new Generator(43)));
  manualSeed(7);
  const first = draw();
  manualSeed(7);
  assert.deepEqual(draw(), first);
  const layer = (seed: number) => new nn.Linear(8, 4, { init: 'xavier-normal', generator: new Generator(seed) }).weight.toArray();
  assert.deepEqual(layer(3), layer(3));
});

// ---- parseInit ---------------------------------------------------------------------------------

test('parseInit: every scheme by its name and aliases, any case, - or _', () => {
  const expected: Record<string, string> = {
    normal: 'normal:0.01',
    'normal:0.05': 'normal:0.05',
    'Normal:1e-3': 'normal:0.001',
    xavier: 'xavier-uniform',
    glorot: 'xavier-uniform',
    'xavier_uniform': 'xavier-uniform',
    'Glorot-Normal': 'xavier-normal',
    kaiming: 'kaiming-uniform',
    he: 'kaiming-uniform',
    'he_normal': 'kaiming-normal',
    'kaiming-normal': 'kaiming-normal',
    zeros: 'zeros',
    pytorch: 'pytorch',
    default: 'pytorch',
  };
  for (const [spec, canonical] of Object.entries(expected)) {
    const parsed = init.parseInit(spec);
    assert.equal(parsed.spec, canonical, spec);
    assert.equal(init.parseInit(parsed.spec).spec, canonical, `${spec} round trip`);
  }
  const w = zeros([50, 40], { dtype: 'float64' });
  init.parseInit('normal:0.05').fill(w, null, new Generator(0));
  assert.ok(Math.abs(stats(w).std - 0.05) < 0.005);
});

test('parseInit: an unknown spec or a bad parameter is an ArgumentError listing the valid specs', () => {
  assert.throws(
    () => init.parseInit('lecun'),
    (e: Error) =>
      e instanceof ArgumentError &&
      /unknown init 'lecun'/.test(e.message) &&
      ['normal[:std]', 'xavier-uniform', 'xavier-normal', 'kaiming-uniform', 'kaiming-normal', 'zeros', 'pytorch'].every((s) => e.message.includes(s)),
  );
  assert.throws(() => init.parseInit('normal:abc'), /std after 'normal:' must be a non-negative number/);
  assert.throws(() => init.parseInit('normal:-1'), ArgumentError);
  assert.throws(() => init.parseInit('normal:'), ArgumentError);
  assert.throws(() => init.parseInit('xavier:2'), /takes no parameter/);
  assert.throws(() => init.normal(-0.1), ArgumentError);
  assert.equal(nn.parseInit, init.parseInit);
});
