// Matrix products with bfloat16 operands and float32 accumulation, for autocast (src/ops/autocast.ts),
// on CPUs with AVX512_BF16 (compiled with -mavx512f -mavx512vl -mavx512bw -mavx512dq -mavx512bf16).
// VDPBF16PS multiplies pairs of bf16 values (exact in float32) and adds both products to a float32
// accumulator: twice the multiply-adds of a float32 FMA per instruction (timed on a Zen 4: 229
// GFLOP/s per core against 116), at the cost of rounding the operands to 8 significant bits.
//
// The same blocking as the float32 kernels (kernels-impl.h's gemmBlockOf), with depth taken two at
// a time: a packed word (32 bits, stored in the float buffers the driver already has) holds two bf16
// values of consecutive depths — (A[r][2q], A[r][2q+1]) for A, (B[2q][c], B[2q+1][c]) for B — so a
// panel of packed B is half the size of its float32 one. An odd depth is padded with a zero.
// Operands are rounded to nearest-even bf16 as torch.Tensor.bfloat16() does; the instruction treats
// bf16 denormals (|x| < 1.2e-38) as zero and flushes denormal sums, as PyTorch's bf16 kernels do.
#include <immintrin.h>
#include <cstring>
#include "kernels-impl.h"
#include "tile-avx512.h"

namespace perceptron {
namespace {
constexpr int MR = 14, NR = 32;

/** float32 → bf16, round to nearest even (a NaN stays a NaN). */
inline uint32_t toBf16(float x) {
  uint32_t u;
  std::memcpy(&u, &x, 4);
  if ((u & 0x7fffffffu) > 0x7f800000u) return (u >> 16) | 0x40u;
  return (u + 0x7fffu + ((u >> 16) & 1u)) >> 16;
}
inline uint32_t pair(float low, float high) { return toBf16(low) | (toBf16(high) << 16); }

/** Rows [row, row + MR) of op(A), depth [p0, p0 + kc), as ⌈kc/2⌉ × MR words (zero past m and past k). */
void packPairsA(const float* a, bool transA, int64_t m, int64_t k, int64_t row, int64_t p0, int64_t kc, uint32_t* out) {
  const int64_t rows = m - row < MR ? m - row : MR;
  const int64_t pairs = (kc + 1) / 2;
  for (int64_t q = 0; q < pairs; q++) {
    const int64_t p = p0 + 2 * q;
    const bool second = p + 1 < p0 + kc;
    uint32_t* dst = out + q * MR;
    int64_t r = 0;
    if (transA) {
      const float* first = a + p * m + row;
      const float* next = a + (p + 1) * m + row;
      for (; r < rows; r++) dst[r] = pair(first[r], second ? next[r] : 0.0f);
    } else {
      for (; r < rows; r++) {
        const float* src = a + (row + r) * k + p;
        dst[r] = pair(src[0], second ? src[1] : 0.0f);
      }
    }
    for (; r < MR; r++) dst[r] = 0;
  }
}

/** Panels [panelBegin, panelEnd) of B (k×n, or n×k when transB): panel j holds ⌈k/2⌉ × NR words. */
void packB(const float* b, int64_t k, int64_t n, bool transB, float* packedFloats, int64_t panelBegin, int64_t panelEnd) {
  uint32_t* packed = reinterpret_cast<uint32_t*>(packedFloats);
  const int64_t pairs = (k + 1) / 2;
  for (int64_t panel = panelBegin; panel < panelEnd; panel++) {
    const int64_t col = panel * NR;
    const int64_t cols = n - col < NR ? n - col : NR;
    uint32_t* dst = packed + panel * pairs * NR;
    for (int64_t q = 0; q < pairs; q++) {
      const int64_t p = 2 * q;
      const bool second = p + 1 < k;
      uint32_t* row = dst + q * NR;
      int64_t c = 0;
      if (transB) {
        for (; c < cols; c++) {
          const float* src = b + (col + c) * k + p;
          row[c] = pair(src[0], second ? src[1] : 0.0f);
        }
      } else {
        const float* first = b + p * n + col;
        const float* next = b + (p + 1) * n + col;
        for (; c < cols; c++) row[c] = pair(first[c], second ? next[c] : 0.0f);
      }
      for (; c < NR; c++) row[c] = 0;
    }
  }
}

/** C tile (MR × NR) (+)= the packed pairs of A and B over `pairs` depth pairs. */
void micro(int64_t pairs, const uint32_t* a, const uint32_t* b, float* c, int64_t ldc, bool accumulate) {
  __m512 acc[MR][2];
  for (int r = 0; r < MR; r++) acc[r][0] = acc[r][1] = _mm512_setzero_ps();
  for (int64_t q = 0; q < pairs; q++) {
    const __m512bh b0 = (__m512bh)_mm512_loadu_si512(b + q * NR), b1 = (__m512bh)_mm512_loadu_si512(b + q * NR + 16);
#pragma GCC unroll 14
    for (int r = 0; r < MR; r++) {
      const __m512bh x = (__m512bh)_mm512_set1_epi32(static_cast<int>(a[q * MR + r]));
      acc[r][0] = _mm512_dpbf16_ps(acc[r][0], x, b0);
      acc[r][1] = _mm512_dpbf16_ps(acc[r][1], x, b1);
    }
  }
  storeTile512<MR>(acc, c, ldc, accumulate);
}

__m512 splat(float v) { return _mm512_set1_ps(v); }
/** One VDPBF16PS on the bits of two float vectors read as bf16 pairs: 32 multiply-adds. */
__m512 dotPairs(__m512 acc, __m512 x, __m512 y) { return _mm512_dpbf16_ps(acc, (__m512bh)x, (__m512bh)y); }
}  // namespace

// timeFmaPeak counts two flops per lane and call: 32 "lanes" for 16 float32 lanes × 2 products.
const Bf16Kernels avx512Bf16Kernels = {
    "avx512bf16", MR, NR, packB, gemmBlockOf<MR, NR, uint32_t, 2, packPairsA, micro>, timeFmaPeak<__m512, 32, splat, dotPairs>};
}  // namespace perceptron
