// ARM64 NEON (Advanced SIMD, present on every ARMv8-A CPU): an 8×12 micro-kernel, 24 q-register
// accumulators, three q of B and two of A, whose lanes feed fmla by element: 29 of the 32
// registers. Compiled only where the compiler targets AArch64 (scripts/build-native.mjs).
#include <arm_neon.h>
#include "kernels-impl.h"

namespace perceptron {
namespace {
constexpr int MR = 8, NR = 12;

void microNeon(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool accumulate) {
  float32x4_t acc[MR][3];
  for (int r = 0; r < MR; r++) acc[r][0] = acc[r][1] = acc[r][2] = vdupq_n_f32(0);
  for (int64_t p = 0; p < kc; p++) {
    const float32x4_t b0 = vld1q_f32(b + p * NR), b1 = vld1q_f32(b + p * NR + 4), b2 = vld1q_f32(b + p * NR + 8);
    const float32x4_t a0 = vld1q_f32(a + p * MR), a1 = vld1q_f32(a + p * MR + 4);
#define PERCEPTRON_ROW(r, lanes, lane)                          \
  acc[r][0] = vfmaq_laneq_f32(acc[r][0], b0, lanes, lane);      \
  acc[r][1] = vfmaq_laneq_f32(acc[r][1], b1, lanes, lane);      \
  acc[r][2] = vfmaq_laneq_f32(acc[r][2], b2, lanes, lane);
    PERCEPTRON_ROW(0, a0, 0) PERCEPTRON_ROW(1, a0, 1) PERCEPTRON_ROW(2, a0, 2) PERCEPTRON_ROW(3, a0, 3)
    PERCEPTRON_ROW(4, a1, 0) PERCEPTRON_ROW(5, a1, 1) PERCEPTRON_ROW(6, a1, 2) PERCEPTRON_ROW(7, a1, 3)
#undef PERCEPTRON_ROW
  }
  for (int r = 0; r < MR; r++) {
    float* row = c + r * ldc;
    for (int j = 0; j < 3; j++) {
      if (accumulate) acc[r][j] = vaddq_f32(acc[r][j], vld1q_f32(row + 4 * j));
      vst1q_f32(row + 4 * j, acc[r][j]);
    }
  }
}
}  // namespace

const KernelTable neonKernels = makeTable<MR, NR, microNeon>("neon");
}  // namespace perceptron
