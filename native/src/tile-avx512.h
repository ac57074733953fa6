// The end of an AVX-512 micro-kernel, shared by the float32 (isa-avx512.cpp) and bf16
// (isa-avx512bf16.cpp) products: an MR × 32 tile of float32 accumulators, two zmm a row, stored to
// C (or added to it). Included only by files compiled with -mavx512f.
#pragma once
#include <immintrin.h>
#include <cstdint>

namespace perceptron {
namespace {
template <int MR>
inline void storeTile512(__m512 (&acc)[MR][2], float* c, int64_t ldc, bool accumulate) {
  for (int r = 0; r < MR; r++) {
    float* row = c + r * ldc;
    if (accumulate) {
      acc[r][0] = _mm512_add_ps(acc[r][0], _mm512_loadu_ps(row));
      acc[r][1] = _mm512_add_ps(acc[r][1], _mm512_loadu_ps(row + 16));
    }
    _mm512_storeu_ps(row, acc[r][0]);
    _mm512_storeu_ps(row + 16, acc[r][1]);
  }
}
}  // namespace
}  // namespace perceptron
