// A stand-alone check of every dispatch table this build has (no Node needed): matrix products on
// odd shapes, all transpose layouts, against a float64 triple loop, and the elementwise kernels of
// each table against the generic one, bit for bit. scripts/check-arm64.mjs cross-compiles it for
// ARM64 and runs it under qemu, so the NEON table is checked on an x86-64 machine.
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>
#include "../src/kernels.h"

using namespace perceptron;

namespace {
int failures = 0;

void product(const KernelTable& t, const std::vector<float>& a, const std::vector<float>& b, bool transA, bool transB,
             int64_t m, int64_t k, int64_t n, std::vector<float>& c) {
  const int64_t panels = (n + t.nr - 1) / t.nr;
  std::vector<float> packed(static_cast<size_t>(panels * k * t.nr));
  t.packB(b.data(), k, n, transB, packed.data(), 0, panels);
  std::vector<float> scratch(static_cast<size_t>((m + t.mr) * K_BLOCK));
  t.gemmBlock(a.data(), transA, m, k, n, packed.data(), c.data(), 0, m, 0, panels, scratch.data());
}

void checkProducts(const KernelTable& t, std::mt19937& random) {
  std::normal_distribution<float> normal;
  const int64_t sizes[] = {1, 2, 3, 5, 7, 8, 9, 12, 13, 16, 17, 31, 33, 64, 100, 257, 300};
  for (int trial = 0; trial < 200; trial++) {
    const int64_t m = sizes[random() % 17], k = sizes[random() % 17], n = sizes[random() % 17];
    const bool transA = random() % 2, transB = random() % 2;
    std::vector<float> a(m * k), b(k * n), c(m * n, NAN);
    for (auto& v : a) v = normal(random);
    for (auto& v : b) v = normal(random);
    product(t, a, b, transA, transB, m, k, n, c);
    for (int64_t i = 0; i < m; i++) {
      for (int64_t j = 0; j < n; j++) {
        double exact = 0, bound = 0;
        for (int64_t p = 0; p < k; p++) {
          const double x = transA ? a[p * m + i] : a[i * k + p], y = transB ? b[j * k + p] : b[p * n + j];
          exact += x * y;
          bound += std::fabs(x * y);
        }
        const double got = c[i * n + j];
        if (!(std::fabs(got - exact) <= 2e-7 * (k + 4) * bound + 1e-30)) {
          if (failures++ < 10) std::printf("%s: %lldx%lldx%lld tA=%d tB=%d C[%lld][%lld] = %.9g, expected %.9g\n", t.name,
                                            (long long)m, (long long)k, (long long)n, transA, transB, (long long)i, (long long)j, got, exact);
        }
      }
    }
  }
}

void checkElementwise(const KernelTable& t, std::mt19937& random) {
  std::normal_distribution<float> normal(0, 4);
  const int64_t n = 1003;
  std::vector<float> x(n), y(n), ours(n), generic(n);
  for (auto& v : x) v = normal(random);
  for (auto& v : y) v = normal(random);
  x[0] = NAN, x[1] = INFINITY, x[2] = -0.0f;
  for (int op = 0; op <= perceptron::ge; op++) {
    t.binary(op, x.data(), 0, 1, y.data(), 0, 1, ours.data(), 1, n);
    genericKernels.binary(op, x.data(), 0, 1, y.data(), 0, 1, generic.data(), 1, n);
    for (int64_t i = 0; i < n; i++) {
      if (ours[i] != generic[i] && !(std::isnan(ours[i]) && std::isnan(generic[i])) && failures++ < 10) std::printf("%s: binary op %d differs at %lld\n", t.name, op, (long long)i);
    }
  }
  for (int op = 0; op <= perceptron::log; op++) {
    t.unary(op, x.data(), ours.data(), n);
    genericKernels.unary(op, x.data(), generic.data(), n);
    for (int64_t i = 0; i < n; i++) {
      if (ours[i] != generic[i] && !(std::isnan(ours[i]) && std::isnan(generic[i])) && failures++ < 10) std::printf("%s: unary op %d differs at %lld\n", t.name, op, (long long)i);
    }
  }
  for (int kind = 0; kind <= perceptron::leakyRelu; kind++) {
    t.activation(kind, x.data(), ours.data(), n, 0.01);
    genericKernels.activation(kind, x.data(), generic.data(), n, 0.01);
    for (int64_t i = 0; i < n; i++) {
      if (ours[i] != generic[i] && !(std::isnan(ours[i]) && std::isnan(generic[i])) && failures++ < 10) std::printf("%s: activation %d differs at %lld\n", t.name, kind, (long long)i);
    }
  }
}
}  // namespace

int main() {
  std::vector<const KernelTable*> tables = {&genericKernels};
#if defined(__aarch64__)
  tables.push_back(&neonKernels);
#endif
  for (const KernelTable* t : tables) {
    std::mt19937 random(7);
    checkProducts(*t, random);
    checkElementwise(*t, random);
    std::printf("%s (%dx%d): %s\n", t->name, t->mr, t->nr, failures == 0 ? "products and elementwise kernels agree" : "FAILED");
  }
  return failures == 0 ? 0 : 1;
}
