// The native kernels' dispatch table: one instance per instruction set (isa-generic.cpp,
// isa-avx2.cpp, isa-avx512.cpp, isa-neon.cpp), chosen at run time by addon.cpp (supportedTables),
// as ggml's CPU backend does.
// Every function works on float32 arrays and rounds like the js reference (see kernels-impl.h).
#pragma once
#include <cstdint>

// The operations each kernel understands, in the order of their codes. addon.cpp exports these
// names, and the TypeScript side maps a kernel's name to its code from them: the one list.
#define PERCEPTRON_BINARY_OPS(X) X(add) X(sub) X(mul) X(div) X(maximum) X(minimum) X(eq) X(ne) X(lt) X(le) X(gt) X(ge)
#define PERCEPTRON_UNARY_OPS(X) X(neg) X(abs) X(sqrt) X(square) X(reciprocal) X(floor) X(ceil) X(round) X(sign) X(exp) X(log)
#define PERCEPTRON_REDUCE_OPS(X) X(sum) X(max) X(min)
#define PERCEPTRON_ACTIVATIONS(X) X(relu) X(sigmoid) X(tanh) X(leakyRelu)

#define PERCEPTRON_ENUM_ENTRY(name) name,
namespace perceptron {
enum BinaryOp : int { PERCEPTRON_BINARY_OPS(PERCEPTRON_ENUM_ENTRY) };
enum UnaryOp : int { PERCEPTRON_UNARY_OPS(PERCEPTRON_ENUM_ENTRY) };
enum ReduceOp : int { PERCEPTRON_REDUCE_OPS(PERCEPTRON_ENUM_ENTRY) };
enum Activation : int { PERCEPTRON_ACTIVATIONS(PERCEPTRON_ENUM_ENTRY) };

/**
 * Rows of C a matrix-product task covers are multiples of `mr`, columns multiples of `nr` (one
 * packed panel of B). B is packed once per product, panel by panel: panel j holds columns
 * [j·nr, j·nr + nr) of all k rows, k×nr contiguous, zero-padded past n.
 */
struct KernelTable {
  const char* name;
  int mr, nr;
  /** Packs panels [panelBegin, panelEnd) of B (k×n, or n×k when transB). */
  void (*packB)(const float* b, int64_t k, int64_t n, bool transB, float* packed, int64_t panelBegin, int64_t panelEnd);
  /** C rows [rowBegin, rowEnd) × panels [panelBegin, panelEnd) of op(A)·B; scratch holds rowEnd−rowBegin (rounded up to mr) × kBlock floats. */
  void (*gemmBlock)(const float* a, bool transA, int64_t m, int64_t k, int64_t n, const float* packedB, float* c,
                    int64_t rowBegin, int64_t rowEnd, int64_t panelBegin, int64_t panelEnd, float* scratch);
  /** out[r·cols + c] = a[r·aRow + c·aCol] ∘ b[r·bRow + c·bCol]. */
  void (*binary)(int op, const float* a, int64_t aRow, int64_t aCol, const float* b, int64_t bRow, int64_t bCol, float* out, int64_t rows, int64_t cols);
  void (*unary)(int op, const float* x, float* out, int64_t n);
  /** x viewed as outer × length × inner, reduced over its middle axis; acc: inner doubles of scratch. */
  void (*reduce)(int op, const float* x, int64_t outer, int64_t length, int64_t inner, float* out, double* acc);
  void (*clip)(const float* x, double lo, double hi, float* out, int64_t n);
  void (*activation)(int kind, const float* x, float* out, int64_t n, double slope);
  void (*activationGrad)(int kind, const float* x, const float* y, const float* dy, float* dx, int64_t n, double slope);
  /** Rows [rowBegin, rowEnd): x += bias in place, then out = activation(x) when kind ≥ 0. */
  void (*biasActivation)(int kind, float* x, const float* bias, int64_t rowBegin, int64_t rowEnd, int64_t cols, float* out, double slope);
  void (*softmaxCrossEntropy)(const float* logits, int64_t classes, const int32_t* labels, int64_t rows, double smoothing, float* losses, float* probabilities);
  void (*softmaxCrossEntropyGrad)(const float* probabilities, int64_t classes, const int32_t* labels, int64_t rows, double smoothing, const float* dlosses, float* dlogits);
  void (*sgd)(float* param, const float* grad, int64_t n, double lr);
  void (*adam)(float* param, const float* grad, float* expAvg, float* expAvgSq, int64_t n,
               double beta1, double oneMinusBeta1, double beta2, double oneMinusBeta2, double stepSize, double biasCorrection2Sqrt, double eps);
  /**
   * The float32 FMA rate one thread reaches here (GFLOP/s), timed on twelve independent chains of
   * this ISA's widest FMA: the peak a matrix product's GFLOP/s are measured against (the same ISA
   * on another CPU can differ twofold: Zen 4 runs 512-bit FMAs at half the rate of Zen 5). 0 where
   * the table has no FMA loop of its own (generic, NEON).
   */
  double (*fmaPeak)();
};

/**
 * Matrix products on bfloat16 operands with float32 accumulation (autocast), where the CPU has
 * them: the same driver and signatures as the float32 product, packing into the same buffers.
 */
struct Bf16Kernels {
  const char* name;
  int mr, nr;
  decltype(KernelTable::packB) packB;
  decltype(KernelTable::gemmBlock) gemmBlock;
  /** Multiply-add GFLOP/s of one thread's widest bf16 dot product (two per pair and lane). */
  double (*peak)();
};

/** Rows of A packed per depth block: panels of B stay in L1/L2 while a block of A streams by. */
constexpr int64_t K_BLOCK = 256;

extern const KernelTable genericKernels;
#if defined(__x86_64__) || defined(_M_X64)
extern const KernelTable avx2Kernels;
extern const KernelTable avx512Kernels;
extern const Bf16Kernels avx512Bf16Kernels;
#endif
#if defined(__aarch64__)
extern const KernelTable neonKernels;
#endif
}  // namespace perceptron
