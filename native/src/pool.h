// The native backend's thread pool (one per backend instance, as ggml's CPU backend owns its
// threads): threads − 1 workers plus the calling JS thread, which always takes part. A job is a
// number of tasks claimed one at a time from an atomic counter, so a thread that arrives late, or
// never (the OS gave its core to another process), costs nothing: the others take its share.
// Between jobs a worker spins for a short while (the next kernel usually follows within
// microseconds), then sleeps on a condition variable: an idle pool uses no CPU.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace perceptron {

class ThreadPool {
 public:
  explicit ThreadPool(int threads) : threads_(threads < 1 ? 1 : threads) {
    for (int t = 1; t < threads_; t++) workers_.emplace_back([this, t] { work(t); });
  }
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;
  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_.store(true);
    }
    wake_.notify_all();
    for (auto& worker : workers_) worker.join();
  }

  int threads() const { return threads_; }

  /** Runs task(i, thread) for i in [0, count), on every thread when parallel, else on the caller. */
  template <typename Task>
  void run(int64_t count, bool parallel, const Task& task) {
    if (count <= 0) return;
    if (!parallel || threads_ == 1 || count == 1) {
      for (int64_t i = 0; i < count; i++) task(i, 0);
      return;
    }
    Job job;
    job.count = count;
    job.context = &task;
    job.call = [](const void* context, int64_t i, int thread) { (*static_cast<const Task*>(context))(i, thread); };
    current_.store(&job);
    serial_.fetch_add(1);
    if (sleeping_.load() > 0) {
      std::lock_guard<std::mutex> lock(mutex_);
      wake_.notify_all();
    }
    perform(job, 0);
    for (int spins = 0; job.done.load(std::memory_order_acquire) < count; spins++) pause(spins);
    // No worker may still hold a pointer to this job (on this stack) once run returns.
    current_.store(nullptr);
    for (int spins = 0; inside_.load() != 0; spins++) pause(spins);
  }

 private:
  struct Job {
    int64_t count = 0;
    const void* context = nullptr;
    void (*call)(const void*, int64_t, int) = nullptr;
    std::atomic<int64_t> next{0};
    std::atomic<int64_t> done{0};
  };

  static void perform(Job& job, int thread) {
    for (int64_t i = job.next.fetch_add(1); i < job.count; i = job.next.fetch_add(1)) {
      job.call(job.context, i, thread);
      job.done.fetch_add(1, std::memory_order_release);
    }
  }

  /** A short busy wait, then yielding the core (two cores shared by many processes here). */
  static void pause(int spins) {
    if (spins < 4096) {
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    } else {
      std::this_thread::yield();
    }
  }

  void work(int thread) {
    uint64_t seen = serial_.load();
    for (;;) {
      // Spin about 100 µs for the next job, then sleep until one is published.
      const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(100);
      int spins = 0;
      while (serial_.load() == seen && !stop_.load()) {
        if (++spins % 64 == 0 && std::chrono::steady_clock::now() > until) {
          std::unique_lock<std::mutex> lock(mutex_);
          sleeping_.fetch_add(1);
          wake_.wait(lock, [&] { return serial_.load() != seen || stop_.load(); });
          sleeping_.fetch_sub(1);
          break;
        }
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
      }
      if (stop_.load()) return;
      seen = serial_.load();
      inside_.fetch_add(1);
      if (Job* job = current_.load()) perform(*job, thread);
      inside_.fetch_sub(1);
    }
  }

  const int threads_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<Job*> current_{nullptr};
  std::atomic<uint64_t> serial_{0};
  std::atomic<int> inside_{0};
  std::atomic<int> sleeping_{0};
  std::atomic<bool> stop_{false};
};

}  // namespace perceptron
