/**
 * autocast('bfloat16'): matrix products of float32 tensors round their operands to bfloat16 and
 * sum in float32, forward and backward, on whatever backend runs the suite (native multiplies bf16
 * pairs itself where the CPU has AVX512_BF16; js and wasm round, then run their float32 product).
 *
 * References, all independent of the library's rounding code: bf16 rounding as a closed form in
 * float64 (8 significant bits, ties to even, written with Math.round on scaled values), products
 * summed in float64 over the rounded operands, and float32 accumulation allowed its error bound.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, autocast, autocastDtype, Generator, linear, matmul, normal, type Tensor } from '../../src/index.js';
import { roundToBfloat16 } from '../../src/ops/autocast.js';

const generator = new Generator(5);
const randn = (shape: number[], dtype: 'float32' | 'float64' = 'float32') => normal(shape, { dtype, generator });

/**
 * bf16 rounding from its definition: keep 8 significant bits (below 2⁻¹²⁶, denormals: multiples
 * of 2⁻¹³³), ties to even; past the largest bf16, ±Infinity.
 */
function bf16(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const exponent = Math.max(Math.floor(Math.log2(Math.abs(x))), -126);
  const unit = 2 ** (exponent - 7);
  const scaled = x / unit;
  const floor = Math.floor(scaled);
  const rest = scaled - floor;
  const rounded = rest > 0.5 || (rest === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  const value = rounded * unit;
  // The largest bf16 is (2 − 2⁻⁷)·2¹²⁷; rounding up past it overflows.
  return Math.abs(value) > (2 - 2 ** -7) * 2 ** 127 ? Math.sign(value) * Infinity : value;
}

/** op(A)·op(B) in float64 over bf16-rounded operands, and Σ|a||b| per element (for the float32 bound). */
function reference(a: Tensor, b: Tensor, transA = false, transB = false): { value: number[][]; magnitude: number[][] } {
  const A = a.toArray() as number[][], B = b.toArray() as number[][];
  const at = (i: number, p: number) => (transA ? A[p][i] : A[i][p]);
  const bt = (p: number, j: number) => (transB ? B[j][p] : B[p][j]);
  const m = transA ? A[0].length : A.length, k = transA ? A.length : A[0].length, n = transB ? B.length : B[0].length;
  const value: number[][] = [], magnitude: number[][] = [];
  for (let i = 0; i < m; i++) {
    value.push([]);
    magnitude.push([]);
    for (let j = 0; j < n; j++) {
      let sum = 0, size = 0;
      for (let p = 0; p < k; p++) {
        sum += bf16(at(i, p)) * bf16(bt(p, j));
        size += Math.abs(at(i, p) * bt(p, j));
      }
      value[i].push(sum);
      magnitude[i].push(size);
    }
  }
  return { value, magnitude };
}

/** Every element within float32 accumulation's bound over k terms; returns the largest |got − float32 product| seen. */
function assertBf16Product(got: Tensor, want: { value: number[][]; magnitude: number[][] }, k: number, label: string): void {
  const rows = got.toArray() as number[][];
  rows.forEach((row, i) => row.forEach((v, j) => {
    const bound = 2 ** -23 * (k + 2) * want.magnitude[i][j] + 1e-30;
    assert.ok(Math.abs(v - want.value[i][j]) <= bound, `${label}[${i}][${j}]: ${v} vs ${want.value[i][j]} (bound ${bound})`);
  }));
}

test('roundToBfloat16 keeps 8 significant bits, ties to even, as the closed form does', () => {
  const cases: [number, number][] = [
    [1, 1], [1 + 2 ** -8, 1], [1 + 3 * 2 ** -8, 1 + 2 ** -6], [1 + 2 ** -8 + 2 ** -20, 1 + 2 ** -7], [-3.14159, -3.140625],
    [0, 0], [65504, 65536], [3.4e38, Infinity], [-3.4e38, -Infinity], [Infinity, Infinity], [Math.fround(1e-39), 2 ** -133 * Math.round(Math.fround(1e-39) / 2 ** -133)], [-(2 ** -140), -0],
  ];
  for (const [x, want] of cases) assert.equal(roundToBfloat16(x), want, `bf16(${x})`);
  assert.ok(Number.isNaN(roundToBfloat16(NaN)));
  assert.ok(Object.is(roundToBfloat16(-0), -0));
  const random = new Generator(1);
  const values = normal([4000], { generator: random }).data;
  for (const x of values) {
    const scaled = x * 10 ** Math.floor(x * 8); // values from 1e-16 to 1e16
    const f = Math.fround(scaled);
    assert.equal(roundToBfloat16(f), bf16(f), `bf16(${f})`);
  }
});

test('matmul under autocast: bf16 operands, float32 sums, in every transpose layout and size', () => {
  for (const [m, k, n] of [[1, 1, 1], [7, 13, 5], [33, 257, 70], [64, 300, 40]]) {
    const a = randn([m, k]), b = randn([k, n]);
    const got = autocast('bfloat16', () => matmul(a, b));
    assertBf16Product(got, reference(a, b), k, `${m}×${k}×${n}`);
    // The products are really reduced: float32's result is outside bf16's bound somewhere.
    if (k > 1) {
      const full = matmul(a, b).data;
      const largest = Math.max(...Array.from(got.data, (v, i) => Math.abs(v - full[i])));
      assert.ok(largest > 1e-3, `autocast changed nothing (largest difference ${largest})`);
    }
    // Transposed layouts, through the backward pass's own products.
    const at = randn([k, m]), bt = randn([n, k]);
    assertBf16Product(autocast('bfloat16', () => matmul(at.T, bt.T)), reference(at, bt, true, true), k, `${m}×${k}×${n} TT`);
  }
});

test('the backward products run in their forward precision, wherever backward() is called', () => {
  const a = randn([9, 31]).requiresGrad_(), b = randn([31, 6]).requiresGrad_();
  const upstream = randn([9, 6]);
  const y = autocast('bfloat16', () => matmul(a, b));
  y.backward(upstream); // outside autocast
  // dA = G·Bᵀ, dB = Aᵀ·G, each with bf16 operands.
  assertBf16Product(a.grad!, reference(upstream, b, false, true), 6, 'dA');
  assertBf16Product(b.grad!, reference(a.detach(), upstream, true, false), 9, 'dB');
  // And a float32 forward keeps float32 backward products, even when backward runs under autocast.
  const c = randn([9, 31]).requiresGrad_();
  const z = matmul(c, b.detach());
  autocast('bfloat16', () => z.backward(upstream));
  const exact = matmul(upstream, b.detach().T).data;
  assert.deepEqual(Array.from(c.grad!.data), Array.from(exact));
});

test('linear (and so nn.Linear) under autocast: x·bf16(W) in bf16, the bias added in float32', () => {
  const x = randn([20, 50]).requiresGrad_(), w = randn([50, 8]).requiresGrad_(), bias = randn([8]);
  const upstream = randn([20, 8]);
  const y = autocast('bfloat16', () => linear(x, w, bias));
  const want = reference(x.detach(), w.detach());
  const withBias = { value: want.value.map((row) => row.map((v, j) => v + bias.data[j])), magnitude: want.magnitude.map((row, i) => row.map((s, j) => s + Math.abs(want.value[i][j] + bias.data[j]))) };
  assertBf16Product(y, withBias, 50, 'y');
  y.backward(upstream);
  assertBf16Product(x.grad!, reference(upstream, w.detach(), false, true), 8, 'dx');
  assertBf16Product(w.grad!, reference(x.detach(), upstream, true, false), 20, 'dW');
});

test('float64 products are left alone; autocast(null) turns it off inside; the mode is restored after a throw', () => {
  const a = randn([6, 7], 'float64'), b = randn([7, 3], 'float64');
  assert.deepEqual(Array.from(autocast('bfloat16', () => matmul(a, b)).data), Array.from(matmul(a, b).data));
  const a32 = randn([6, 7]), b32 = randn([7, 3]);
  assert.deepEqual(Array.from(autocast('bfloat16', () => autocast(null, () => matmul(a32, b32))).data), Array.from(matmul(a32, b32).data));
  assert.throws(() => autocast('bfloat16', () => {
    assert.equal(autocastDtype(), 'bfloat16');
    throw new Error('inside');
  }), /inside/);
  assert.equal(autocastDtype(), null);
  assert.throws(() => autocast('float16' as 'bfloat16', () => 0), (error: unknown) => error instanceof ArgumentError && /unknown dtype 'float16' \(one of: bfloat16/.test((error as Error).message));
});
