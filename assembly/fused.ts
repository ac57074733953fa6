// The fused kernels of a training step in float32: a linear layer's bias + activation, and
// softmax cross-entropy forward and backward. Arithmetic as the js reference
// (src/backend/js/fused.ts): float64 inside, each stored value rounded once.

import { activationF32 } from './activation';
import { exp64 } from './exp';

/**
 * Adds bias (cols floats) to each of the rows of x in place, then (kind ≥ 0) writes the activation
 * of the row to out, while the row is still in cache.
 */
export function biasActivationF32(kind: i32, x: usize, bias: usize, rows: i32, cols: i32, out: usize, slope: f64): void {
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * rowBytes;
    let c = 0;
    // float32 sums, exactly what the js reference stores (a float32 sum rounds the same either way).
    for (; c + 4 <= cols; c += 4) {
      const at = <usize>c << 2;
      v128.store(row + at, f32x4.add(v128.load(row + at), v128.load(bias + at)));
    }
    for (; c < cols; c++) {
      const at = <usize>c << 2;
      store<f32>(row + at, load<f32>(row + at) + load<f32>(bias + at));
    }
    if (kind >= 0) activationF32(kind, row, out + <usize>r * rowBytes, cols, slope);
  }
}

/**
 * Per row: losses[r] = −Σ q·log softmax(x_r) and probabilities = softmax(x_r) (see the Backend
 * interface), in the js reference's steps: e_c = exp(x_c − max) stored (as float32) and summed in
 * order, then p_c = e_c / Σ. Two classes at a time share one float64x2 exp.
 */
export function softmaxCrossEntropyF32(logits: usize, classes: i32, labels: usize, rows: i32, smoothing: f64, losses: usize, probabilities: usize): void {
  for (let r = 0; r < rows; r++) {
    const row = logits + (<usize>r * <usize>classes << 2);
    const p = probabilities + (<usize>r * <usize>classes << 2);
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, <f64>load<f32>(row + (<usize>c << 2)));
    // An all ±inf row, or one with +inf, is shifted by 0 as the reference does. Its exponentials
    // then need the exact e^±inf (∞ and 0), which exp64's clamping would make finite: the loss would
    // come out −inf or +inf where the reference (and PyTorch) give NaN.
    const infinite = max == Infinity || max == -Infinity;
    if (infinite) max = 0;
    const shift = f64x2.splat(max);
    let sum: f64 = 0;
    let c = 0;
    if (infinite) {
      for (; c < classes; c++) {
        const e = Math.exp(<f64>load<f32>(row + (<usize>c << 2)));
        store<f32>(p + (<usize>c << 2), <f32>e);
        sum += e;
      }
    }
    for (; c + 2 <= classes; c += 2) {
      const at = <usize>c << 2;
      const e = exp64(f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(row + at)), shift));
      v128.store64_lane(p + at, f32x4.demote_f64x2_zero(e), 0);
      sum += f64x2.extract_lane(e, 0);
      sum += f64x2.extract_lane(e, 1);
    }
    if (c < classes) {
      const e = f64x2.extract_lane(exp64(f64x2.splat(<f64>load<f32>(row + (<usize>c << 2)) - max)), 0);
      store<f32>(p + (<usize>c << 2), <f32>e);
      sum += e;
    }
    for (c = 0; c < classes; c++) store<f32>(p + (<usize>c << 2), <f32>(<f64>load<f32>(p + (<usize>c << 2)) / sum));
    const logSum = Math.log(sum);
    const label = load<i32>(labels + (<usize>r << 2));
    const nll = logSum - (<f64>load<f32>(row + (<usize>label << 2)) - max);
    if (smoothing == 0) {
      store<f32>(losses + (<usize>r << 2), <f32>nll);
      continue;
    }
    let shiftedSum: f64 = 0;
    for (c = 0; c < classes; c++) shiftedSum += <f64>load<f32>(row + (<usize>c << 2)) - max;
    store<f32>(losses + (<usize>r << 2), <f32>((1 - smoothing) * nll + smoothing * (logSum - shiftedSum / classes)));
  }
}

/** dlogits[r][c] = (probabilities[r][c] − q_c) · dlosses[r]. */
export function softmaxCrossEntropyGradF32(probabilities: usize, classes: i32, labels: usize, rows: i32, smoothing: f64, dlosses: usize, dlogits: usize): void {
  const spread = smoothing / classes;
  for (let r = 0; r < rows; r++) {
    const base = <usize>r * <usize>classes << 2;
    const g = <f64>load<f32>(dlosses + (<usize>r << 2));
    for (let c = 0; c < classes; c++) {
      const at = base + (<usize>c << 2);
      store<f32>(dlogits + at, <f32>((<f64>load<f32>(probabilities + at) - spread) * g));
    }
    const at = base + (<usize>load<i32>(labels + (<usize>r << 2)) << 2);
    store<f32>(dlogits + at, <f32>((<f64>load<f32>(probabilities + at) - (1 - smoothing) - spread) * g));
  }
}
