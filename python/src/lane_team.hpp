// LaneTeam: a step's lanes split into chunks that the calling thread and whichever helper
// threads wake in time run. Unlike ThreadTeam (core/thread_team.hpp), whose run() waits for
// every member, the caller never waits for a helper to be scheduled, only for chunks a helper
// has already claimed: on a machine whose cores are busy a step costs about what one thread
// costs, on an idle one the helpers share it. Which thread runs a chunk never changes what
// the chunk computes.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace iblrnn::py {

class LaneTeam {
 public:
  /// n_threads >= 2 threads in all: the caller and n_threads − 1 helpers.
  explicit LaneTeam(int n_threads);
  ~LaneTeam();
  LaneTeam(const LaneTeam&) = delete;
  LaneTeam& operator=(const LaneTeam&) = delete;

  int size() const { return static_cast<int>(helpers_.size()) + 1; }

  /// Calls chunk(c) once for every c in [0, n_chunks), on the caller and on helpers; returns
  /// when all calls have returned. chunk must not throw. Not reentrant.
  void run(std::size_t n_chunks, const std::function<void(std::size_t)>& chunk);

 private:
  void helper();
  void work(const std::function<void(std::size_t)>& chunk, std::size_t n_chunks);

  std::vector<std::thread> helpers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  const std::function<void(std::size_t)>* job_ = nullptr;  // set while run() hands out chunks
  std::size_t n_chunks_ = 0;
  std::uint64_t generation_ = 0;
  bool stop_ = false;
  std::atomic<std::size_t> next_{0};  // next chunk to claim
  std::atomic<std::size_t> done_{0};  // chunks finished
  std::atomic<int> inside_{0};        // helpers between taking the job and leaving it
};

}  // namespace iblrnn::py
