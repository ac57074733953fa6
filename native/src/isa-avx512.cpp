// AVX-512 (compiled with -mavx512f -mavx512vl -mavx512bw -mavx512dq -mfma): a 14×32 micro-kernel,
// 28 zmm accumulators, two zmm of B and one broadcast of A:
// 31 of the 32 registers, so nothing spills (checked in the disassembly).
#include <immintrin.h>
#include "kernels-impl.h"
#include "tile-avx512.h"

namespace perceptron {
namespace {
constexpr int MR = 14, NR = 32;

void microAvx512(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool accumulate) {
  __m512 acc[MR][2];
  for (int r = 0; r < MR; r++) acc[r][0] = acc[r][1] = _mm512_setzero_ps();
  for (int64_t p = 0; p < kc; p++) {
    const __m512 b0 = _mm512_loadu_ps(b + p * NR), b1 = _mm512_loadu_ps(b + p * NR + 16);
#pragma GCC unroll 14
    for (int r = 0; r < MR; r++) {
      const __m512 x = _mm512_set1_ps(a[p * MR + r]);
      acc[r][0] = _mm512_fmadd_ps(x, b0, acc[r][0]);
      acc[r][1] = _mm512_fmadd_ps(x, b1, acc[r][1]);
    }
  }
  storeTile512<MR>(acc, c, ldc, accumulate);
}
__m512 splat512(float v) { return _mm512_set1_ps(v); }
__m512 fma512(__m512 a, __m512 b, __m512 c) { return _mm512_fmadd_ps(a, b, c); }
}  // namespace

const KernelTable avx512Kernels = makeTable<MR, NR, microAvx512>("avx512", timeFmaPeak<__m512, 16, splat512, fma512>);
}  // namespace perceptron
