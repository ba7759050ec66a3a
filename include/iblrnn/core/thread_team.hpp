// A fixed team of threads that runs one job at a time: run(job) calls job(i) for every member
// i in [0, size()) concurrently, member 0 on the calling thread, and returns when all are done.
// The other members are threads created once and parked between jobs, so a job costs a wake-up
// rather than a thread creation (the trainer runs one job per gradient step). The first
// exception thrown by a member is rethrown by run() after all members finished.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace iblrnn::core {

class ThreadTeam {
 public:
  /// size >= 1 members (size − 1 threads); throws InvalidInput otherwise.
  explicit ThreadTeam(int size);
  ~ThreadTeam();
  ThreadTeam(const ThreadTeam&) = delete;
  ThreadTeam& operator=(const ThreadTeam&) = delete;

  int size() const { return static_cast<int>(threads_.size()) + 1; }

  /// Runs job(i) on every member; not reentrant (one run() at a time).
  void run(const std::function<void(int)>& job);

 private:
  void member(int i);

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(int)>* job_ = nullptr;
  std::uint64_t generation_ = 0;  // incremented per job
  int running_ = 0;               // members of the current job not yet finished
  bool stop_ = false;
  std::exception_ptr error_;
};

}  // namespace iblrnn::core
