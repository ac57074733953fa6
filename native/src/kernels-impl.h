// The kernels of one dispatch table, written once and compiled once per instruction set: each
// isa-*.cpp includes this file with its own -m flags (so the compiler vectorises these loops for
// that ISA) and supplies its matrix micro-kernel. Everything sits in an anonymous namespace, so
// no function compiled for AVX-512 can be picked by the linker for another file.
//
// Rounding follows the js reference (src/backend/js, src/ops, src/optim): float32 add, sub, mul,
// div and sqrt round exactly as float64 arithmetic rounded to float32 does, so those run in float;
// everything the reference computes in several float64 steps (exp, the activations, the
// optimizers, cross-entropy) runs in double and is rounded once when stored. The build passes
// -ffp-contract=off: a fused multiply-add would round differently from the reference.
#pragma once
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include "kernels.h"

namespace perceptron {
namespace {

// ---- matrix product -------------------------------------------------------------------------

/** Packs rows [row, row + MR) of op(A), depth [p0, p0 + kc), as kc × MR (zero past m). */
template <int MR>
inline void packA(const float* a, bool transA, int64_t m, int64_t k, int64_t row, int64_t p0, int64_t kc, float* out) {
  const int64_t rows = m - row < MR ? m - row : MR;
  if (transA) {
    // A stored k×m: row i, depth p at p·m + i; MR consecutive floats per depth.
    for (int64_t p = 0; p < kc; p++) {
      const float* src = a + (p0 + p) * m + row;
      float* dst = out + p * MR;
      int64_t r = 0;
      for (; r < rows; r++) dst[r] = src[r];
      for (; r < MR; r++) dst[r] = 0;
    }
  } else {
    for (int64_t r = 0; r < MR; r++) {
      if (r < rows) {
        const float* src = a + (row + r) * k + p0;
        for (int64_t p = 0; p < kc; p++) out[p * MR + r] = src[p];
      } else {
        for (int64_t p = 0; p < kc; p++) out[p * MR + r] = 0;
      }
    }
  }
}

template <int NR>
void packBPanels(const float* b, int64_t k, int64_t n, bool transB, float* packed, int64_t panelBegin, int64_t panelEnd) {
  for (int64_t panel = panelBegin; panel < panelEnd; panel++) {
    const int64_t col = panel * NR;
    const int64_t cols = n - col < NR ? n - col : NR;
    float* dst = packed + panel * k * NR;
    if (transB) {
      // B stored n×k: column j, depth p at j·k + p.
      for (int64_t c = 0; c < NR; c++) {
        if (c < cols) {
          const float* src = b + (col + c) * k;
          for (int64_t p = 0; p < k; p++) dst[p * NR + c] = src[p];
        } else {
          for (int64_t p = 0; p < k; p++) dst[p * NR + c] = 0;
        }
      }
    } else {
      for (int64_t p = 0; p < k; p++) {
        const float* src = b + p * n + col;
        float* row = dst + p * NR;
        int64_t c = 0;
        for (; c < cols; c++) row[c] = src[c];
        for (; c < NR; c++) row[c] = 0;
      }
    }
  }
}

/**
 * C[rowBegin:rowEnd, panels] (+)= op(A)·B depth block by depth block: A's rows are packed into
 * MR-row panels per block, then every (B panel, A panel) pair runs the micro-kernel, B's panel
 * outermost so that it stays in cache while A's block streams by. Tiles cut by the edge of C go
 * through a local MR×NR tile. The first depth block writes C, the others add to it.
 *
 * Packed operands are made of Words that each hold PerWord consecutive depths: a float (1) for the
 * float32 product, a pair of bf16 values (2) for autocast's (isa-avx512bf16.cpp). A panel of B
 * holds ⌈k / PerWord⌉ × NR words; the buffers are the driver's float ones, read as Words.
 */
template <int MR, int NR, typename Word, int PerWord,
          void (*PackA)(const float*, bool, int64_t, int64_t, int64_t, int64_t, int64_t, Word*),
          void (*Micro)(int64_t, const Word*, const Word*, float*, int64_t, bool)>
void gemmBlockOf(const float* a, bool transA, int64_t m, int64_t k, int64_t n, const float* packedFloats, float* c,
                 int64_t rowBegin, int64_t rowEnd, int64_t panelBegin, int64_t panelEnd, float* scratchFloats) {
  static_assert(K_BLOCK % PerWord == 0, "depth blocks must start on a word");
  const Word* packedB = reinterpret_cast<const Word*>(packedFloats);
  Word* scratch = reinterpret_cast<Word*>(scratchFloats);
  const int64_t words = (k + PerWord - 1) / PerWord;
  alignas(64) float tile[MR * NR];
  for (int64_t p0 = 0; p0 < k; p0 += K_BLOCK) {
    const int64_t kc = k - p0 < K_BLOCK ? k - p0 : K_BLOCK;
    const int64_t blockWords = (kc + PerWord - 1) / PerWord;
    const bool accumulate = p0 > 0;
    for (int64_t row = rowBegin, i = 0; row < rowEnd; row += MR, i++) PackA(a, transA, m, k, row, p0, kc, scratch + i * blockWords * MR);
    for (int64_t panel = panelBegin; panel < panelEnd; panel++) {
      const Word* bPanel = packedB + panel * words * NR + (p0 / PerWord) * NR;
      const int64_t col = panel * NR;
      const int64_t cols = n - col < NR ? n - col : NR;
      for (int64_t row = rowBegin, i = 0; row < rowEnd; row += MR, i++) {
        const int64_t rows = rowEnd - row < MR ? rowEnd - row : MR;
        float* cTile = c + row * n + col;
        if (rows == MR && cols == NR) {
          Micro(blockWords, scratch + i * blockWords * MR, bPanel, cTile, n, accumulate);
        } else {
          Micro(blockWords, scratch + i * blockWords * MR, bPanel, tile, NR, false);
          for (int64_t r = 0; r < rows; r++) {
            for (int64_t j = 0; j < cols; j++) cTile[r * n + j] = accumulate ? cTile[r * n + j] + tile[r * NR + j] : tile[r * NR + j];
          }
        }
      }
    }
  }
}

/** The float32 product's block: one float per depth. */
template <int MR, int NR, void (*Micro)(int64_t, const float*, const float*, float*, int64_t, bool)>
void gemmBlock(const float* a, bool transA, int64_t m, int64_t k, int64_t n, const float* packedB, float* c,
               int64_t rowBegin, int64_t rowEnd, int64_t panelBegin, int64_t panelEnd, float* scratch) {
  gemmBlockOf<MR, NR, float, 1, packA<MR>, Micro>(a, transA, m, k, n, packedB, c, rowBegin, rowEnd, panelBegin, panelEnd, scratch);
}

/** The portable micro-kernel: plain loops the compiler vectorises for the ISA it compiles for. */
template <int MR, int NR>
void microPortable(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool accumulate) {
  float acc[MR][NR] = {};
  for (int64_t p = 0; p < kc; p++) {
    for (int r = 0; r < MR; r++) {
      const float x = a[p * MR + r];
      for (int j = 0; j < NR; j++) acc[r][j] += x * b[p * NR + j];
    }
  }
  for (int r = 0; r < MR; r++) {
    for (int j = 0; j < NR; j++) c[r * ldc + j] = accumulate ? c[r * ldc + j] + acc[r][j] : acc[r][j];
  }
}

// ---- elementwise ----------------------------------------------------------------------------

/** Math.max / Math.min: a NaN wins, and +0 > −0. */
inline float jsMax(float a, float b) {
  if (a > b) return a;
  if (b > a) return b;
  if (a == b) return std::signbit(a) ? b : a;
  return a + b;
}
inline float jsMin(float a, float b) {
  if (a < b) return a;
  if (b < a) return b;
  if (a == b) return std::signbit(a) ? a : b;
  return a + b;
}

template <int Op>
inline float binaryScalar(float x, float y) {
  switch (Op) {
    case add: return x + y;
    case sub: return x - y;
    case mul: return x * y;
    case div: return x / y;
    case BinaryOp::maximum: return jsMax(x, y);
    case BinaryOp::minimum: return jsMin(x, y);
    case eq: return x == y ? 1.0f : 0.0f;
    case ne: return x != y ? 1.0f : 0.0f;
    case lt: return x < y ? 1.0f : 0.0f;
    case le: return x <= y ? 1.0f : 0.0f;
    case gt: return x > y ? 1.0f : 0.0f;
    default: return x >= y ? 1.0f : 0.0f;
  }
}

/** The unit-stride and broadcast inner loops get their own copies, which the compiler vectorises. */
template <int Op>
void binaryRows(const float* a, int64_t aRow, int64_t aCol, const float* b, int64_t bRow, int64_t bCol, float* out, int64_t rows, int64_t cols) {
  for (int64_t r = 0; r < rows; r++) {
    const float* x = a + r * aRow;
    const float* y = b + r * bRow;
    float* o = out + r * cols;
    if (aCol == 1 && bCol == 1) {
      for (int64_t j = 0; j < cols; j++) o[j] = binaryScalar<Op>(x[j], y[j]);
    } else if (aCol == 1 && bCol == 0) {
      const float v = *y;
      for (int64_t j = 0; j < cols; j++) o[j] = binaryScalar<Op>(x[j], v);
    } else if (aCol == 0 && bCol == 1) {
      const float v = *x;
      for (int64_t j = 0; j < cols; j++) o[j] = binaryScalar<Op>(v, y[j]);
    } else {
      for (int64_t j = 0; j < cols; j++) o[j] = binaryScalar<Op>(x[j * aCol], y[j * bCol]);
    }
  }
}

void binary(int op, const float* a, int64_t aRow, int64_t aCol, const float* b, int64_t bRow, int64_t bCol, float* out, int64_t rows, int64_t cols) {
  switch (op) {
#define PERCEPTRON_BINARY_CASE(name) case name: return binaryRows<name>(a, aRow, aCol, b, bRow, bCol, out, rows, cols);
    PERCEPTRON_BINARY_OPS(PERCEPTRON_BINARY_CASE)
#undef PERCEPTRON_BINARY_CASE
  }
}

template <int Op>
inline float unaryScalar(float x) {
  switch (Op) {
    case neg: return -x;
    case UnaryOp::abs: return std::fabs(x);
    case UnaryOp::sqrt: return std::sqrt(x);
    case square: return x * x;
    case reciprocal: return 1.0f / x;
    case UnaryOp::floor: return std::floor(x);
    case UnaryOp::ceil: return std::ceil(x);
    // Half to even, as NumPy, PyTorch and the js reference round.
    case UnaryOp::round: return std::nearbyint(x);
    case sign: return x > 0 ? 1.0f : x < 0 ? -1.0f : x == 0 ? 0.0f : x;
    case UnaryOp::exp: return static_cast<float>(std::exp(static_cast<double>(x)));
    default: return static_cast<float>(std::log(static_cast<double>(x)));
  }
}

template <int Op>
void unaryLoop(const float* x, float* out, int64_t n) {
  for (int64_t i = 0; i < n; i++) out[i] = unaryScalar<Op>(x[i]);
}

void unary(int op, const float* x, float* out, int64_t n) {
  switch (op) {
#define PERCEPTRON_UNARY_CASE(name) case name: return unaryLoop<name>(x, out, n);
    PERCEPTRON_UNARY_OPS(PERCEPTRON_UNARY_CASE)
#undef PERCEPTRON_UNARY_CASE
  }
}

/** The js reference's fold: v > acc (or v is NaN) replaces the maximum; a NaN stays. */
inline float fold(int op, float acc, float v) {
  if (op == ReduceOp::max) return v > acc || v != v ? v : acc;
  return v < acc || v != v ? v : acc;
}

/** Sums in float64 in the reference's order (element by element), so they round identically. */
void reduce(int op, const float* x, int64_t outer, int64_t length, int64_t inner, float* out, double* acc) {
  const float start = op == ReduceOp::max ? -INFINITY : INFINITY;
  for (int64_t o = 0; o < outer; o++) {
    const float* plane = x + o * length * inner;
    float* dst = out + o * inner;
    if (op == ReduceOp::sum) {
      if (inner == 1) {
        double s = 0;
        for (int64_t r = 0; r < length; r++) s += plane[r];
        *dst = static_cast<float>(s);
        continue;
      }
      for (int64_t j = 0; j < inner; j++) acc[j] = 0;
      for (int64_t r = 0; r < length; r++) {
        const float* row = plane + r * inner;
        for (int64_t j = 0; j < inner; j++) acc[j] += row[j];
      }
      for (int64_t j = 0; j < inner; j++) dst[j] = static_cast<float>(acc[j]);
    } else {
      for (int64_t j = 0; j < inner; j++) dst[j] = start;
      for (int64_t r = 0; r < length; r++) {
        const float* row = plane + r * inner;
        for (int64_t j = 0; j < inner; j++) dst[j] = fold(op, dst[j], row[j]);
      }
    }
  }
}

/** lo and hi are compared and stored as the reference does: doubles, rounded when stored. */
void clip(const float* x, double lo, double hi, float* out, int64_t n) {
  const float low = static_cast<float>(lo), high = static_cast<float>(hi);
  for (int64_t i = 0; i < n; i++) {
    const double v = x[i];
    out[i] = v < lo ? low : v > hi ? high : x[i];
  }
}

/** σ(x) through e^(−|x|), as the activation table: neither branch overflows. */
inline double sigmoid64(double x) {
  if (x >= 0) return 1 / (1 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1 + e);
}

void activation(int kind, const float* x, float* out, int64_t n, double slope) {
  switch (kind) {
    case relu:
      for (int64_t i = 0; i < n; i++) out[i] = x[i] < 0 ? 0.0f : x[i];
      break;
    case leakyRelu:
      for (int64_t i = 0; i < n; i++) out[i] = x[i] > 0 ? x[i] : static_cast<float>(slope * x[i]);
      break;
    case Activation::sigmoid:
      for (int64_t i = 0; i < n; i++) out[i] = static_cast<float>(sigmoid64(x[i]));
      break;
    default:
      for (int64_t i = 0; i < n; i++) out[i] = static_cast<float>(std::tanh(static_cast<double>(x[i])));
      break;
  }
}

/** dx = dy · f′ in float64: relu′, leakyRelu′ from x; σ′ = y(1 − y), tanh′ = 1 − y² from y. */
void activationGrad(int kind, const float* x, const float* y, const float* dy, float* dx, int64_t n, double slope) {
  switch (kind) {
    case relu:
      // A product, not a mask: dy = ±inf or NaN where f′ = 0 gives NaN, as in the reference.
      for (int64_t i = 0; i < n; i++) dx[i] = dy[i] * (x[i] > 0 ? 1.0f : 0.0f);
      break;
    case leakyRelu:
      for (int64_t i = 0; i < n; i++) dx[i] = static_cast<float>(static_cast<double>(dy[i]) * (x[i] > 0 ? 1.0 : slope));
      break;
    case Activation::sigmoid:
      for (int64_t i = 0; i < n; i++) {
        const double v = y[i];
        dx[i] = static_cast<float>(static_cast<double>(dy[i]) * (v * (1 - v)));
      }
      break;
    default:
      for (int64_t i = 0; i < n; i++) {
        const double v = y[i];
        dx[i] = static_cast<float>(static_cast<double>(dy[i]) * (1 - v * v));
      }
      break;
  }
}

void biasActivation(int kind, float* x, const float* bias, int64_t rowBegin, int64_t rowEnd, int64_t cols, float* out, double slope) {
  for (int64_t r = rowBegin; r < rowEnd; r++) {
    float* row = x + r * cols;
    for (int64_t c = 0; c < cols; c++) row[c] += bias[c];
    if (kind >= 0) activation(kind, row, out + r * cols, cols, slope);
  }
}

/** The reference's steps (src/ops/cross-entropy.ts): e_c stored and summed unrounded, then p_c = stored e_c / Σ. */
void softmaxCrossEntropy(const float* logits, int64_t classes, const int32_t* labels, int64_t rows, double smoothing, float* losses, float* probabilities) {
  for (int64_t r = 0; r < rows; r++) {
    const float* row = logits + r * classes;
    float* p = probabilities + r * classes;
    double max = -INFINITY;
    // Math.max: a NaN anywhere makes the maximum NaN.
    for (int64_t c = 0; c < classes; c++) {
      const double v = row[c];
      max = v != v || max != max ? NAN : v > max ? v : max;
    }
    if (max == INFINITY || max == -INFINITY) max = 0;
    double sum = 0;
    for (int64_t c = 0; c < classes; c++) {
      const double e = std::exp(row[c] - max);
      p[c] = static_cast<float>(e);
      sum += e;
    }
    for (int64_t c = 0; c < classes; c++) p[c] = static_cast<float>(p[c] / sum);
    const double logSum = std::log(sum);
    const double nll = logSum - (row[labels[r]] - max);
    if (smoothing == 0) {
      losses[r] = static_cast<float>(nll);
      continue;
    }
    double shiftedSum = 0;
    for (int64_t c = 0; c < classes; c++) shiftedSum += row[c] - max;
    losses[r] = static_cast<float>((1 - smoothing) * nll + smoothing * (logSum - shiftedSum / classes));
  }
}

void softmaxCrossEntropyGrad(const float* probabilities, int64_t classes, const int32_t* labels, int64_t rows, double smoothing, const float* dlosses, float* dlogits) {
  const double spread = smoothing / classes;
  for (int64_t r = 0; r < rows; r++) {
    const float* p = probabilities + r * classes;
    float* d = dlogits + r * classes;
    const double g = dlosses[r];
    for (int64_t c = 0; c < classes; c++) d[c] = static_cast<float>((p[c] - spread) * g);
    const int64_t label = labels[r];
    d[label] = static_cast<float>((p[label] - (1 - smoothing) - spread) * g);
  }
}

void sgd(float* param, const float* grad, int64_t n, double lr) {
  for (int64_t i = 0; i < n; i++) param[i] = static_cast<float>(param[i] - lr * grad[i]);
}

/** Operation for operation the reference's float64 arithmetic, moments rounded when stored and read back. */
void adam(float* param, const float* grad, float* expAvg, float* expAvgSq, int64_t n,
          double beta1, double oneMinusBeta1, double beta2, double oneMinusBeta2, double stepSize, double biasCorrection2Sqrt, double eps) {
  for (int64_t i = 0; i < n; i++) {
    const double g = grad[i];
    const float m = static_cast<float>(beta1 * expAvg[i] + oneMinusBeta1 * g);
    const float v = static_cast<float>(beta2 * expAvgSq[i] + oneMinusBeta2 * g * g);
    expAvg[i] = m;
    expAvgSq[i] = v;
    param[i] = static_cast<float>(param[i] - stepSize * (m / (std::sqrt(static_cast<double>(v)) / biasCorrection2Sqrt + eps)));
  }
}

/** The table of one ISA, around its micro-kernel of MR × NR. */
template <int MR, int NR, void (*Micro)(int64_t, const float*, const float*, float*, int64_t, bool)>
constexpr KernelTable makeTable(const char* name, double (*fmaPeak)() = nullptr) {
  return KernelTable{
      name, MR, NR, packBPanels<NR>, gemmBlock<MR, NR, Micro>, binary, unary, reduce, clip, activation, activationGrad,
      biasActivation, softmaxCrossEntropy, softmaxCrossEntropyGrad, sgd, adam, fmaPeak,
  };
}

/**
 * GFLOP/s of `Fma` over twelve independent accumulators of `Vec` (lanes floats each), the best of
 * five 20 ms rounds: enough chains to cover the FMA latency on two pipes; the empty asm keeps the
 * compiler from folding the loop away.
 */
template <typename Vec, int lanes, Vec (*Splat)(float), Vec (*Fma)(Vec, Vec, Vec)>
double timeFmaPeak() {
  // Twelve named accumulators (an array of them ends up in memory): a0 … a11.
#define PERCEPTRON_CHAINS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)
#define PERCEPTRON_START(i) Vec a##i = Splat(0.001f * i);
#define PERCEPTRON_STEP(i) a##i = Fma(a##i, x, y);
#define PERCEPTRON_KEEP(i) __asm__ volatile("" : "+v"(a##i));
  PERCEPTRON_CHAINS(PERCEPTRON_START)
  const Vec x = Splat(0.999999f), y = Splat(1e-7f);
  double best = 0;
  for (int round = 0; round < 5; round++) {
    int64_t iterations = 0;
    const auto start = std::chrono::steady_clock::now();
    double seconds = 0;
    do {
      for (int repeat = 0; repeat < 4096; repeat++) {
        PERCEPTRON_CHAINS(PERCEPTRON_STEP)
        PERCEPTRON_CHAINS(PERCEPTRON_KEEP)
      }
      iterations += 4096;
      seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    } while (seconds < 0.02);
    best = std::max(best, iterations * 12.0 * lanes * 2 / seconds / 1e9);
  }
#undef PERCEPTRON_CHAINS
#undef PERCEPTRON_START
#undef PERCEPTRON_STEP
#undef PERCEPTRON_KEEP
  return best;
}

}  // namespace
}  // namespace perceptron
