// Optimizer updates on float32 parameters, with the float64 arithmetic of the js backend's
// kernels (src/backend/js/optimizers.ts) operation for operation: each float32 is widened, the
// rule runs on f64x2 lanes, and each stored value is rounded to float32 once, so both backends
// give bit-identical parameters. Only the common cases live here (plain SGD, plain Adam); the
// TypeScript side sends the others to the js kernels.

import { claim } from './claim';
import { highHalf, join, lowHalf } from './exp';

/**
 * Elements a thread claims at a time (a multiple of 4). Every kernel here is called by each of
 * the `threads` threads of a task with the same arguments and claims its work at `control`
 * (assembly/claim.ts).
 */
const CHUNK = 8192;

/** param[i] = f32(param[i] − lr·grad[i]) for n floats. */
export function sgdF32(param: usize, grad: usize, n: i32, lr: f64, control: usize, threads: i32, scratch: usize): void {
  for (let start = claim(control, n, CHUNK); start >= 0; start = claim(control, n, CHUNK)) sgdChunk(param, grad, start, min(n, start + CHUNK), lr);
}

@inline
function sgdChunk(param: usize, grad: usize, start: i32, n: i32, lr: f64): void {
  const rate = f64x2.splat(lr);
  let i = start;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    const p = v128.load(param + at), g = v128.load(grad + at);
    const low = f64x2.sub(lowHalf(p), f64x2.mul(rate, lowHalf(g)));
    const high = f64x2.sub(highHalf(p), f64x2.mul(rate, highHalf(g)));
    v128.store(param + at, join(low, high));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    store<f32>(param + at, <f32>(<f64>load<f32>(param + at) - lr * <f64>load<f32>(grad + at)));
  }
}

/**
 * One plain Adam step (no weight decay, amsgrad or maximize) for n floats (square root and two
 * divisions in float64 per element: compute-bound, hence the threads):
 *     m = f32(β₁·m + (1−β₁)·g);  v = f32(β₂·v + (1−β₂)·g·g)
 *     param = f32(param − stepSize·(m / (√v / √(1−β₂ᵗ) + eps)))
 * oneMinusBeta1/2 are passed as the js side computes them (1 − β in float64).
 */
export function adamF32(
  param: usize, grad: usize, expAvg: usize, expAvgSq: usize, n: i32,
  beta1: f64, oneMinusBeta1: f64, beta2: f64, oneMinusBeta2: f64, stepSize: f64, biasCorrection2Sqrt: f64, eps: f64,
  control: usize, threads: i32, scratch: usize,
): void {
  for (let start = claim(control, n, CHUNK); start >= 0; start = claim(control, n, CHUNK)) {
    adamChunk(param, grad, expAvg, expAvgSq, start, min(n, start + CHUNK), beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, biasCorrection2Sqrt, eps);
  }
}

@inline
function adamChunk(
  param: usize, grad: usize, expAvg: usize, expAvgSq: usize, start: i32, n: i32,
  beta1: f64, oneMinusBeta1: f64, beta2: f64, oneMinusBeta2: f64, stepSize: f64, biasCorrection2Sqrt: f64, eps: f64,
): void {
  const b1 = f64x2.splat(beta1), c1 = f64x2.splat(oneMinusBeta1);
  const b2 = f64x2.splat(beta2), c2 = f64x2.splat(oneMinusBeta2);
  const size = f64x2.splat(stepSize), bc2 = f64x2.splat(biasCorrection2Sqrt), epsilon = f64x2.splat(eps);
  let i = start;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    const g = v128.load(grad + at);
    const gLow = lowHalf(g), gHigh = highHalf(g);
    const mOld = v128.load(expAvg + at), vOld = v128.load(expAvgSq + at);
    // Stored (rounded) moments, read back as the js loop reads its typed arrays.
    const m = join(f64x2.add(f64x2.mul(b1, lowHalf(mOld)), f64x2.mul(c1, gLow)), f64x2.add(f64x2.mul(b1, highHalf(mOld)), f64x2.mul(c1, gHigh)));
    const v = join(
      f64x2.add(f64x2.mul(b2, lowHalf(vOld)), f64x2.mul(f64x2.mul(c2, gLow), gLow)),
      f64x2.add(f64x2.mul(b2, highHalf(vOld)), f64x2.mul(f64x2.mul(c2, gHigh), gHigh)),
    );
    v128.store(expAvg + at, m);
    v128.store(expAvgSq + at, v);
    const p = v128.load(param + at);
    const low = f64x2.sub(lowHalf(p), f64x2.mul(size, f64x2.div(lowHalf(m), f64x2.add(f64x2.div(f64x2.sqrt(lowHalf(v)), bc2), epsilon))));
    const high = f64x2.sub(highHalf(p), f64x2.mul(size, f64x2.div(highHalf(m), f64x2.add(f64x2.div(f64x2.sqrt(highHalf(v)), bc2), epsilon))));
    v128.store(param + at, join(low, high));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    const g = <f64>load<f32>(grad + at);
    store<f32>(expAvg + at, <f32>(beta1 * <f64>load<f32>(expAvg + at) + oneMinusBeta1 * g));
    store<f32>(expAvgSq + at, <f32>(beta2 * <f64>load<f32>(expAvgSq + at) + oneMinusBeta2 * g * g));
    const m = <f64>load<f32>(expAvg + at), v = <f64>load<f32>(expAvgSq + at);
    store<f32>(param + at, <f32>(<f64>load<f32>(param + at) - stepSize * (m / (Math.sqrt(v) / biasCorrection2Sqrt + eps))));
  }
}
