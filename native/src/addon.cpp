// The Node-API face of the native kernels: chooses a dispatch table for the CPU (or the one
// PERCEPTRON_NATIVE_ISA / create(isa) names), owns each backend instance's thread pool and
// scratch, splits large kernels into tasks, and reads typed arrays in place (no copies). Called
// synchronously from the JS thread, which takes part in every parallel kernel; typed arrays do not
// move during a call, since nothing here allocates on the JS heap while kernels run.
#include <node_api.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "kernels.h"
#include "pool.h"

namespace perceptron {
namespace {

// ---- dispatch -------------------------------------------------------------------------------

/** The tables this CPU can run, fastest first. */
std::vector<const KernelTable*> supportedTables() {
  std::vector<const KernelTable*> tables;
#if defined(__x86_64__) || defined(_M_X64)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("fma")) {
    tables.push_back(&avx512Kernels);
  }
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) tables.push_back(&avx2Kernels);
#endif
#if defined(__aarch64__)
  tables.push_back(&neonKernels);  // Advanced SIMD is part of every ARMv8-A CPU
#endif
  tables.push_back(&genericKernels);
  return tables;
}

/** One backend instance: its table, its pool, and the packed-B block reused across products. */
struct Instance {
  const KernelTable* table;
  /** bf16 products (autocast), where the CPU and the table have them; null elsewhere. */
  const Bf16Kernels* bf16 = nullptr;
  std::unique_ptr<ThreadPool> pool;
  std::vector<float> packedB;
  std::vector<float> scratch;  // per thread: a block of A's rows, packed
};
/** Every instance made; never freed, so no pool is torn down while Node exits. */
std::vector<Instance*>& instances = *new std::vector<Instance*>();

/** Products with fewer multiply-adds than this run on the caller alone (a few µs of work). */
constexpr int64_t PARALLEL_MIN_MACS = int64_t(1) << 18;
/** Elementwise kernels and optimizer steps on at least this many elements use every thread. */
constexpr int64_t PARALLEL_MIN_ELEMENTS = int64_t(1) << 16;
/** Elements per task of a parallel elementwise kernel. */
constexpr int64_t CHUNK = int64_t(1) << 14;
/** Rows of C a product task covers at most: its packed block of A (rows × K_BLOCK floats) stays in L2. */
constexpr int64_t BLOCK_ROWS = 192;

// ---- Node-API helpers -----------------------------------------------------------------------

struct Args {
  napi_env env;
  napi_value values[20];
  size_t count = 20;
  Args(napi_env e, napi_callback_info info) : env(e) { napi_get_cb_info(env, info, &count, values, nullptr, nullptr); }
  template <typename T>
  T* array(size_t i) const {
    void* data = nullptr;
    napi_get_typedarray_info(env, values[i], nullptr, nullptr, &data, nullptr, nullptr);
    return static_cast<T*>(data);
  }
  float* f32(size_t i) const { return array<float>(i); }
  /** The element count of typed array i. */
  int64_t length(size_t i) const {
    size_t n = 0;
    napi_get_typedarray_info(env, values[i], nullptr, &n, nullptr, nullptr, nullptr);
    return n;
  }
  double number(size_t i) const {
    double v = 0;
    napi_get_value_double(env, values[i], &v);
    return v;
  }
  int64_t integer(size_t i) const {
    int64_t v = 0;
    napi_get_value_int64(env, values[i], &v);
    return v;
  }
  bool flag(size_t i) const {
    bool v = false;
    napi_get_value_bool(env, values[i], &v);
    return v;
  }
  Instance& instance() const { return *instances[static_cast<size_t>(integer(0))]; }
};

napi_value undefined(napi_env env) {
  napi_value v;
  napi_get_undefined(env, &v);
  return v;
}

napi_value string(napi_env env, const char* s) {
  napi_value v;
  napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v);
  return v;
}

napi_value names(napi_env env, std::initializer_list<const char*> list) {
  napi_value array;
  napi_create_array_with_length(env, list.size(), &array);
  uint32_t i = 0;
  for (const char* name : list) napi_set_element(env, array, i++, string(env, name));
  return array;
}

/** Splits [0, n) into CHUNK-sized tasks, on every thread when n is large. */
template <typename Body>
void chunked(Instance& self, int64_t n, const Body& body) {
  const int64_t tasks = (n + CHUNK - 1) / CHUNK;
  self.pool->run(tasks, n >= PARALLEL_MIN_ELEMENTS, [&](int64_t t, int) { body(t * CHUNK, std::min(n, (t + 1) * CHUNK)); });
}

// ---- kernels --------------------------------------------------------------------------------

/** create(isa: string, threads: number) → instance id; isa '' picks the fastest the CPU runs. */
napi_value create(napi_env env, napi_callback_info info) {
  Args args(env, info);
  char isa[32] = {0};
  size_t length = 0;
  napi_get_value_string_utf8(env, args.values[0], isa, sizeof isa, &length);
  const auto tables = supportedTables();
  const KernelTable* table = tables.front();
  if (length > 0) {
    table = nullptr;
    for (const KernelTable* candidate : tables) if (std::strcmp(candidate->name, isa) == 0) table = candidate;
    if (!table) {
      std::string message = std::string("native backend: this CPU cannot run the '") + isa + "' kernels (it runs:";
      for (const KernelTable* candidate : tables) message += std::string(" ") + candidate->name;
      napi_throw_range_error(env, nullptr, (message + ")").c_str());
      return nullptr;
    }
  }
  auto* instance = new Instance();
  instance->table = table;
#if defined(__x86_64__) || defined(_M_X64)
  if (table == &avx512Kernels && __builtin_cpu_supports("avx512bf16")) instance->bf16 = &avx512Bf16Kernels;
#endif
  instance->pool = std::make_unique<ThreadPool>(static_cast<int>(args.integer(1)));
  instances.push_back(instance);
  napi_value id;
  napi_create_int32(env, static_cast<int32_t>(instances.size() - 1), &id);
  return id;
}

/** supportedIsas() → the ISA names this CPU runs, fastest first. */
napi_value supportedIsas(napi_env env, napi_callback_info) {
  const auto tables = supportedTables();
  napi_value array;
  napi_create_array_with_length(env, tables.size(), &array);
  for (uint32_t i = 0; i < tables.size(); i++) napi_set_element(env, array, i, string(env, tables[i]->name));
  return array;
}

/** describe(id) → 'avx512 14×32'-like text for benchmarks and errors. */
napi_value describe(napi_env env, napi_callback_info info) {
  Args args(env, info);
  const Instance& self = args.instance();
  const std::string text = std::string(self.table->name) + " " + std::to_string(self.table->mr) + "x" + std::to_string(self.table->nr);
  return string(env, text.c_str());
}

/** fmaPeak(id) → the float32 FMA GFLOP/s one thread reaches with this instance's ISA (0: not measured). */
napi_value fmaPeak(napi_env env, napi_callback_info info) {
  Args args(env, info);
  const Instance& self = args.instance();
  napi_value gflops;
  napi_create_double(env, self.table->fmaPeak ? self.table->fmaPeak() : 0.0, &gflops);
  return gflops;
}

/** memoryBytes(id) → the bytes this instance holds: its packed-B block and per-thread scratch, kept for reuse. */
napi_value memoryBytes(napi_env env, napi_callback_info info) {
  Args args(env, info);
  const Instance& self = args.instance();
  napi_value bytes;
  napi_create_double(env, static_cast<double>((self.packedB.capacity() + self.scratch.capacity()) * sizeof(float)), &bytes);
  return bytes;
}

/** The packing and blocking of one kind of product: the float32 table's, or the bf16 one's. */
struct ProductKernels {
  int mr, nr;
  decltype(KernelTable::packB) packB;
  decltype(KernelTable::gemmBlock) gemmBlock;
};

/** Arguments (id, a, b, out, batch, m, k, n, transA, transB, aBatchStride, bBatchStride), split into tasks over the pool. */
void product(const Args& args, Instance& self, const ProductKernels& t) {
  const float* a = args.f32(1);
  const float* b = args.f32(2);
  float* out = args.f32(3);
  const int64_t batch = args.integer(4), m = args.integer(5), k = args.integer(6), n = args.integer(7);
  const bool transA = args.flag(8), transB = args.flag(9);
  const int64_t aStride = args.integer(10), bStride = args.integer(11);
  if (batch == 0 || m == 0 || n == 0) return;
  if (k == 0) {
    std::fill(out, out + batch * m * n, 0.0f);
    return;
  }
  const int64_t panelsM = (m + t.mr - 1) / t.mr, panelsN = (n + t.nr - 1) / t.nr;
  const bool parallel = m * n * k >= PARALLEL_MIN_MACS;
  const int threads = parallel ? self.pool->threads() : 1;
  // Tasks: blocks of rowPanels × colPanels panels; a few per thread when parallel, so that a
  // thread the OS delays leaves little for the others to wait on.
  int64_t rowPanels = std::min(panelsM, std::max<int64_t>(1, BLOCK_ROWS / t.mr)), colPanels = panelsN;
  const auto taskCount = [&] { return ((panelsM + rowPanels - 1) / rowPanels) * ((panelsN + colPanels - 1) / colPanels); };
  while (threads > 1 && taskCount() < 3 * threads && (rowPanels > 1 || colPanels > 1)) {
    if (rowPanels > 1 && rowPanels * t.mr >= colPanels * t.nr / 2) rowPanels = (rowPanels + 1) / 2;
    else colPanels = (colPanels + 1) / 2;
  }
  const int64_t rowBlocks = (panelsM + rowPanels - 1) / rowPanels, colBlocks = (panelsN + colPanels - 1) / colPanels;
  // Sized for float32 panels (k × nr floats each), which also hold bf16 ones (⌈k/2⌉ × nr words).
  const size_t packedSize = static_cast<size_t>(panelsN * t.nr * k);
  if (self.packedB.size() < packedSize) self.packedB.resize(packedSize);
  const size_t scratchSize = static_cast<size_t>(rowPanels * t.mr * K_BLOCK);
  if (self.scratch.size() < scratchSize * threads) self.scratch.resize(scratchSize * threads);
  float* packed = self.packedB.data();
  constexpr int64_t PACK_PANELS = 4;
  for (int64_t item = 0; item < batch; item++) {
    const float* bItem = b + item * bStride;
    const float* aItem = a + item * aStride;
    float* cItem = out + item * m * n;
    self.pool->run((panelsN + PACK_PANELS - 1) / PACK_PANELS, parallel, [&](int64_t task, int) {
      t.packB(bItem, k, n, transB, packed, task * PACK_PANELS, std::min(panelsN, (task + 1) * PACK_PANELS));
    });
    self.pool->run(rowBlocks * colBlocks, parallel, [&](int64_t task, int thread) {
      const int64_t rowBlock = task / colBlocks, colBlock = task % colBlocks;
      const int64_t rowBegin = rowBlock * rowPanels * t.mr, rowEnd = std::min(m, rowBegin + rowPanels * t.mr);
      const int64_t panelBegin = colBlock * colPanels, panelEnd = std::min(panelsN, panelBegin + colPanels);
      t.gemmBlock(aItem, transA, m, k, n, packed, cItem, rowBegin, rowEnd, panelBegin, panelEnd, self.scratch.data() + thread * scratchSize);
    });
  }
}

/** matmul(id, a, b, out, batch, m, k, n, transA, transB, aBatchStride, bBatchStride) */
napi_value matmul(napi_env env, napi_callback_info info) {
  Args args(env, info);
  Instance& self = args.instance();
  const KernelTable& t = *self.table;
  product(args, self, {t.mr, t.nr, t.packB, t.gemmBlock});
  return undefined(env);
}

/** matmulBf16(id, …the arguments of matmul): operands rounded to bf16, float32 accumulation. Throws where bf16Kernels(id) is ''. */
napi_value matmulBf16(napi_env env, napi_callback_info info) {
  Args args(env, info);
  Instance& self = args.instance();
  if (!self.bf16) {
    napi_throw_error(env, nullptr, "native backend: this instance has no bf16 products (bf16Kernels(id) is '')");
    return nullptr;
  }
  const Bf16Kernels& t = *self.bf16;
  product(args, self, {t.mr, t.nr, t.packB, t.gemmBlock});
  return undefined(env);
}

/** bf16Kernels(id) → the name of the instance's bf16 products ('avx512bf16'), or '' where it has none. */
napi_value bf16Kernels(napi_env env, napi_callback_info info) {
  Args args(env, info);
  const Instance& self = args.instance();
  return string(env, self.bf16 ? self.bf16->name : "");
}

/** bf16Peak(id) → the bf16 multiply-add GFLOP/s one thread reaches (0 without bf16 products). */
napi_value bf16Peak(napi_env env, napi_callback_info info) {
  Args args(env, info);
  const Instance& self = args.instance();
  napi_value gflops;
  napi_create_double(env, self.bf16 ? self.bf16->peak() : 0.0, &gflops);
  return gflops;
}

/** binary(id, op, a, aOffset, aRow, aCol, b, bOffset, bRow, bCol, out, outOffset, rows, cols): one plane, out contiguous. */
napi_value binary(napi_env env, napi_callback_info info) {
  Args args(env, info);
  Instance& self = args.instance();
  const int op = static_cast<int>(args.integer(1));
  const float* a = args.f32(2) + args.integer(3);
  const int64_t aRow = args.integer(4), aCol = args.integer(5);
  const float* b = args.f32(6) + args.integer(7);
  const int64_t bRow = args.integer(8), bCol = args.integer(9);
  float* out = args.f32(10) + args.integer(11);
  const int64_t rows = args.integer(12), cols = args.integer(13);
  const auto run = self.table->binary;
  if (rows == 1) {
    chunked(self, cols, [&](int64_t begin, int64_t end) { run(op, a + begin * aCol, aRow, aCol, b + begin * bCol, bRow, bCol, out + begin, 1, end - begin); });
  } else {
    const int64_t rowsPerTask = std::max<int64_t>(1, CHUNK / std::max<int64_t>(cols, 1));
    const int64_t tasks = (rows + rowsPerTask - 1) / rowsPerTask;
    self.pool->run(tasks, rows * cols >= PARALLEL_MIN_ELEMENTS, [&](int64_t task, int) {
      const int64_t begin = task * rowsPerTask, end = std::min(rows, begin + rowsPerTask);
      run(op, a + begin * aRow, aRow, aCol, b + begin * bRow, bRow, bCol, out + begin * cols, end - begin, cols);
    });
  }
  return undefined(env);
}

/** unary(id, op, x, out) */
napi_value unary(napi_env env, napi_callback_info info) {
  Args args(env, info);
  Instance& self = args.instance();
  const int op = static_cast<int>(args.integer(1));
  const float* x = args.f32(2);
  float* out = args.f32(3);
  const int64_t n = args.length(2);
  chunked(self, n, [&](int64_t begin, int64_t end) { self.table->unary(op, x + begin, out + begin, end - begin); });
  return undefined(env);
}

/** reduce(id, op, x, outer, length, inner, out) */
napi_value reduce(napi_env env, napi_callback_info info) {
  Args args(env, info);
  Instance& self = args.instance();
  const int64_t inner = args.integer(5);
  std::vector<double> acc(static_cast<size_t>(inner));
  self.table->reduce(static_cast<int>(args.integer(1)), args.f32(2), args.integer(3), args.integer(4), inner, args.f32(6), acc.data());
  return undefined(env);
}

/** copy32(id, src, srcOffset, srcRow, srcCol, dst, dstOffset, dstRow, dstCol, rows, cols): 4-byte elements, any strides. */
napi_value copy32(napi_env env, napi_callback_info info) {
  Args args(env, info);
  const uint32_t* src = args.array<uint32_t>(1) + args.integer(2);
  const int64_t rs = args.integer(3), cs = args.integer(4);
  uint32_t* dst = args.array<uint32_t>(5) + args.integer(6);
  const int64_t rd = args.integer(7), cd = args.integer(8), rows = args.integer(9), cols = args.integer(10);
  for (int64_t r = 0; r < rows; r++) {
    const uint32_t* s = src + r * rs;
    uint32_t* d = dst + r * rd;
    if (cs == 1 && cd == 1) std::memcpy(d, s, static_cast<size_t>(cols) * 4);
    else for (int64_t c = 0; c < cols; c++) d[c * cd] = s[c * cs];
  }
  return undefined(env);
}

/** gatherRows(id, x, rowSize, indices, out): 4-byte elements. */
napi_value gatherRows(napi_env env, napi_callback_info info) {
  Args args(env, info);
  Instance& self = args.instance();
  const uint32_t* x = args.array<uint32_t>(1);
  const int64_t rowSize = args.integer(2);
  const int32_t* indices = args.array<int32_t>(3);
  uint32_t* out = args.array<uint32_t>(4);
  const int64_t count = args.length(3);
  const int64_t rowsPerTask = std::max<int64_t>(1, CHUNK / std::max<int64_t>(rowSize, 1));
  const int64_t rows = count;
  self.pool->run((rows + rowsPerTask - 1) / rowsPerTask, rows * rowSize >= PARALLEL_MIN_ELEMENTS, [&](int64_t task, int) {
    for (int64_t r = task * rowsPerTask; r < std::min(rows, (task + 1) * rowsPerTask); r++) {
      std::memcpy(out + r * rowSize, x + indices[r] * rowSize, static_cast<size_t>(rowSize) * 4);
    }
  });
  return undefined(env);
}

/** scatterAddRows(id, dy, rowSize, indices, out): out[indices[r]] += dy[r], in order (repeated indices add in turn). */
napi_value scatterAddRows(napi_env env, napi_callback_info info) {
  Args args(env, info);
  const float* dy = args.f32(1);
  const int64_t rowSize = args.integer(2);
  const int32_t* indices = args.array<int32_t>(3);
  float* out = args.f32(4);
  const int64_t count = args.length(3);
  for (int64_t r = 0; r < count; r++) {
    float* to = out + indices[r] * rowSize;
    const float* from = dy + r * rowSize;
    for (int64_t j = 0; j < rowSize; j++) to[j] += from[j];
  }
  return undefined(env);
}

/** clip(id, x, lo, hi, out) */
napi_value clip(napi_env env, napi_callback_info info) {
  Args args(env, info);
  Instance& self = args.instance();
  const float* x = args.f32(1);
  const double lo = args.number(2), hi = args.number(3);
  float* out = args.f32(4);
  const int64_t n = args.length(1);
  chunked(self, n, [&](int64_t begin, int64_t end) { self.table->clip(x + begin, lo, hi, out + begin, end - begin); });
  return undefined(env);
}

/** activation(id, kind, x, out, slope) */
napi_value activation(napi_env env, napi_callback_info info) {
  Args args(env, info);
  Instance& self = args.instance();
  const int kind = static_cast<int>(args.integer(1));
  const float* x = args.f32(2);
  float* out = args.f32(3);
  const double slope = args.number(4);
  const int64_t n = args.length(2);
  chunked(self, n, [&](int64_t begin, int64_t end) { self.table->activation(kind, x + begin, out + begin, end - begin, slope); });
  return undefined(env);
}

/** activationGrad(id, kind, x, y, dy, dx, slope) */
napi_value activationGrad(napi_env env, napi_callback_info info) {
  Args args(env, info);
  Instance& self = args.instance();
  const int kind = static_cast<int>(args.integer(1));
  const float *x = args.f32(2), *y = args.f32(3), *dy = args.f32(4);
  float* dx = args.f32(5);
  const double slope = args.number(6);
  const int64_t n = args.length(2);
  chunked(self, n, [&](int64_t begin, int64_t end) {
    self.table->activationGrad(kind, x + begin, y + begin, dy + begin, dx + begin, end - begin, slope);
  });
  return undefined(env);
}

/** biasActivation(id, kind, x, bias, rows, cols, out, slope); kind −1: bias only. */
napi_value biasActivation(napi_env env, napi_callback_info info) {
  Args args(env, info);
  Instance& self = args.instance();
  const int kind = static_cast<int>(args.integer(1));
  float* x = args.f32(2);
  const float* bias = args.f32(3);
  const int64_t rows = args.integer(4), cols = args.integer(5);
  float* out = kind >= 0 ? args.f32(6) : nullptr;
  const double slope = args.number(7);
  const int64_t rowsPerTask = std::max<int64_t>(1, CHUNK / std::max<int64_t>(cols, 1));
  self.pool->run((rows + rowsPerTask - 1) / rowsPerTask, rows * cols >= PARALLEL_MIN_ELEMENTS, [&](int64_t task, int) {
    self.table->biasActivation(kind, x, bias, task * rowsPerTask, std::min(rows, (task + 1) * rowsPerTask), cols, out, slope);
  });
  return undefined(env);
}

/** softmaxCrossEntropy(id, logits, classes, labels, smoothing, losses, probabilities) */
napi_value softmaxCrossEntropy(napi_env env, napi_callback_info info) {
  Args args(env, info);
  const int64_t rows = args.length(3);
  args.instance().table->softmaxCrossEntropy(args.f32(1), args.integer(2), args.array<int32_t>(3), rows, args.number(4), args.f32(5), args.f32(6));
  return undefined(env);
}

/** softmaxCrossEntropyGrad(id, probabilities, classes, labels, smoothing, dlosses, dlogits) */
napi_value softmaxCrossEntropyGrad(napi_env env, napi_callback_info info) {
  Args args(env, info);
  const int64_t rows = args.length(3);
  args.instance().table->softmaxCrossEntropyGrad(args.f32(1), args.integer(2), args.array<int32_t>(3), rows, args.number(4), args.f32(5), args.f32(6));
  return undefined(env);
}

/** sgd(id, param, grad, lr) */
napi_value sgd(napi_env env, napi_callback_info info) {
  Args args(env, info);
  Instance& self = args.instance();
  float* param = args.f32(1);
  const float* grad = args.f32(2);
  const double lr = args.number(3);
  const int64_t n = args.length(1);
  chunked(self, n, [&](int64_t begin, int64_t end) { self.table->sgd(param + begin, grad + begin, end - begin, lr); });
  return undefined(env);
}

/** adam(id, param, grad, expAvg, expAvgSq, beta1, beta2, eps, stepSize, biasCorrection2Sqrt) */
napi_value adam(napi_env env, napi_callback_info info) {
  Args args(env, info);
  Instance& self = args.instance();
  float* param = args.f32(1);
  const float* grad = args.f32(2);
  float *m = args.f32(3), *v = args.f32(4);
  const double beta1 = args.number(5), beta2 = args.number(6), eps = args.number(7), stepSize = args.number(8), bc2 = args.number(9);
  const int64_t n = args.length(1);
  // 1 − β as the reference computes it (in float64), passed on so both round alike.
  chunked(self, n, [&](int64_t begin, int64_t end) {
    self.table->adam(param + begin, grad + begin, m + begin, v + begin, end - begin, beta1, 1 - beta1, beta2, 1 - beta2, stepSize, bc2, eps);
  });
  return undefined(env);
}

/** xoshiro128** (Blackman & Vigna): the step of src/tensor/xoshiro.ts, on the same four state words. */
uint32_t xoshiroNext(uint32_t* s) {
  const auto rotl = [](uint32_t x, int k) { return (x << k) | (x >> (32 - k)); };
  const uint32_t result = rotl(s[1] * 5, 7) * 9;
  const uint32_t t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

/**
 * dropout(id, state, p, x, out, mask): the reference of src/ops/dropout.ts, bit for bit. Each
 * uniform is 53 random bits from two steps (exact in a double), rounded to float32 as the
 * reference's Math.fround does, then compared with p rounded alike. Serial: every draw depends on
 * the one before, and the stream must be the Generator's own.
 */
napi_value dropout(napi_env env, napi_callback_info info) {
  Args args(env, info);
  uint32_t* state = args.array<uint32_t>(1);
  const double p = args.number(2);
  const float* x = args.f32(3);
  float *out = args.f32(4), *mask = args.f32(5);
  const int64_t n = args.length(3);
  const float threshold = static_cast<float>(p), scale = static_cast<float>(1 / (1 - p));
  uint32_t s[4] = {state[0], state[1], state[2], state[3]};
  for (int64_t i = 0; i < n; i++) {
    const double high = xoshiroNext(s) >> 5, low = xoshiroNext(s) >> 6;
    const float u = static_cast<float>((high * 67108864.0 + low) / 9007199254740992.0);
    mask[i] = u >= threshold ? scale : 0.0f;
    out[i] = x[i] * mask[i];
  }
  std::copy(s, s + 4, state);
  return undefined(env);
}

#define PERCEPTRON_NAME_ENTRY(name) #name,

napi_value init(napi_env env, napi_value exports) {
  const napi_property_descriptor functions[] = {
#define PERCEPTRON_FUNCTION(name) {#name, nullptr, name, nullptr, nullptr, nullptr, napi_default, nullptr},
      PERCEPTRON_FUNCTION(create) PERCEPTRON_FUNCTION(supportedIsas) PERCEPTRON_FUNCTION(describe) PERCEPTRON_FUNCTION(memoryBytes) PERCEPTRON_FUNCTION(fmaPeak) PERCEPTRON_FUNCTION(matmul)
      PERCEPTRON_FUNCTION(matmulBf16) PERCEPTRON_FUNCTION(bf16Kernels) PERCEPTRON_FUNCTION(bf16Peak)
      PERCEPTRON_FUNCTION(binary) PERCEPTRON_FUNCTION(unary) PERCEPTRON_FUNCTION(reduce) PERCEPTRON_FUNCTION(copy32)
      PERCEPTRON_FUNCTION(gatherRows) PERCEPTRON_FUNCTION(scatterAddRows) PERCEPTRON_FUNCTION(clip) PERCEPTRON_FUNCTION(activation)
      PERCEPTRON_FUNCTION(activationGrad) PERCEPTRON_FUNCTION(biasActivation) PERCEPTRON_FUNCTION(softmaxCrossEntropy)
      PERCEPTRON_FUNCTION(softmaxCrossEntropyGrad) PERCEPTRON_FUNCTION(sgd) PERCEPTRON_FUNCTION(adam)
      PERCEPTRON_FUNCTION(dropout)
#undef PERCEPTRON_FUNCTION
  };
  napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions);
  napi_set_named_property(env, exports, "binaryOps", names(env, {PERCEPTRON_BINARY_OPS(PERCEPTRON_NAME_ENTRY)}));
  napi_set_named_property(env, exports, "unaryOps", names(env, {PERCEPTRON_UNARY_OPS(PERCEPTRON_NAME_ENTRY)}));
  napi_set_named_property(env, exports, "reduceOps", names(env, {PERCEPTRON_REDUCE_OPS(PERCEPTRON_NAME_ENTRY)}));
  napi_set_named_property(env, exports, "activations", names(env, {PERCEPTRON_ACTIVATIONS(PERCEPTRON_NAME_ENTRY)}));
  return exports;
}

}  // namespace
}  // namespace perceptron

NAPI_MODULE(NODE_GYP_MODULE_NAME, perceptron::init)
