// AVX2 + FMA (compiled with -mavx2 -mfma): a 6×16 micro-kernel, 12 ymm accumulators, two ymm of
// B and one broadcast of A: 15 of the 16 registers.
#include <immintrin.h>
#include "kernels-impl.h"

namespace perceptron {
namespace {
constexpr int MR = 6, NR = 16;

void microAvx2(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool accumulate) {
  __m256 acc[MR][2];
  for (int r = 0; r < MR; r++) acc[r][0] = acc[r][1] = _mm256_setzero_ps();
  for (int64_t p = 0; p < kc; p++) {
    const __m256 b0 = _mm256_loadu_ps(b + p * NR), b1 = _mm256_loadu_ps(b + p * NR + 8);
#pragma GCC unroll 6
    for (int r = 0; r < MR; r++) {
      const __m256 x = _mm256_broadcast_ss(a + p * MR + r);
      acc[r][0] = _mm256_fmadd_ps(x, b0, acc[r][0]);
      acc[r][1] = _mm256_fmadd_ps(x, b1, acc[r][1]);
    }
  }
  for (int r = 0; r < MR; r++) {
    float* row = c + r * ldc;
    if (accumulate) {
      acc[r][0] = _mm256_add_ps(acc[r][0], _mm256_loadu_ps(row));
      acc[r][1] = _mm256_add_ps(acc[r][1], _mm256_loadu_ps(row + 8));
    }
    _mm256_storeu_ps(row, acc[r][0]);
    _mm256_storeu_ps(row + 8, acc[r][1]);
  }
}
__m256 splat256(float v) { return _mm256_set1_ps(v); }
__m256 fma256(__m256 a, __m256 b, __m256 c) { return _mm256_fmadd_ps(a, b, c); }
}  // namespace

const KernelTable avx2Kernels = makeTable<MR, NR, microAvx2>("avx2", timeFmaPeak<__m256, 8, splat256, fma256>);
}  // namespace perceptron
