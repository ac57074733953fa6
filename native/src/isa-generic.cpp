// The portable path: any CPU the compiler targets (x86-64 baseline SSE2, ARM64 NEON), with a
// 4×16 micro-kernel in plain C++ that the compiler vectorises.
#include "kernels-impl.h"

namespace perceptron {
const KernelTable genericKernels = makeTable<4, 16, microPortable<4, 16>>("generic");
}
