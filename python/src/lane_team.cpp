#include "lane_team.hpp"

namespace iblrnn::py {

LaneTeam::LaneTeam(int n_threads) {
  for (int i = 1; i < n_threads; ++i) helpers_.emplace_back([this] { helper(); });
}

LaneTeam::~LaneTeam() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& t : helpers_) t.join();
}

void LaneTeam::work(const std::function<void(std::size_t)>& chunk, std::size_t n_chunks) {
  for (;;) {
    const std::size_t c = next_.fetch_add(1, std::memory_order_relaxed);
    if (c >= n_chunks) return;
    chunk(c);
    done_.fetch_add(1, std::memory_order_release);
  }
}

void LaneTeam::helper() {
  std::uint64_t seen = 0;
  for (;;) {
    const std::function<void(std::size_t)>* job = nullptr;
    std::size_t n_chunks = 0;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
      if (!job_) continue;  // woke after that run() had finished
      job = job_;
      n_chunks = n_chunks_;
      inside_.fetch_add(1, std::memory_order_relaxed);
    }
    work(*job, n_chunks);
    inside_.fetch_sub(1, std::memory_order_release);
  }
}

void LaneTeam::run(std::size_t n_chunks, const std::function<void(std::size_t)>& chunk) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = &chunk;
    n_chunks_ = n_chunks;
    next_.store(0, std::memory_order_relaxed);
    done_.store(0, std::memory_order_relaxed);
    ++generation_;
  }
  wake_.notify_all();
  work(chunk, n_chunks);
  // Only chunks a helper has claimed are left; their writes are visible once done_ counts them.
  while (done_.load(std::memory_order_acquire) < n_chunks) std::this_thread::yield();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = nullptr;  // no helper takes this job any more
  }
  // Helpers still inside found no chunk left (or are about to): they touch next_ once more.
  while (inside_.load(std::memory_order_acquire) != 0) std::this_thread::yield();
}

}  // namespace iblrnn::py
