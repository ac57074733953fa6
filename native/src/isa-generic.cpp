// The portable path: any CPU the compiler targets (x86-64 baseline SSE2, ARM64 NEON), with a
// 4×8 micro-kernel in plain C++ that the compiler vectorises: 8 accumulator registers of 128 bits
// plus B's two and A's broadcast. (4×16 needs all 16 of SSE2's registers for accumulators and
// spills: 5 against 20 GFLOP/s on 256×784×256.)
#include "kernels-impl.h"

namespace perceptron {
const KernelTable genericKernels = makeTable<4, 8, microPortable<4, 8>>("generic");
}
