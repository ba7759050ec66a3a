#include "iblrnn/io/interrupt_cleanup.hpp"

#include <pthread.h>
#include <signal.h>

#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

namespace iblrnn::io {
namespace {

std::mutex& registry_mutex() {
  static std::mutex m;
  return m;
}
std::multiset<std::string>& registry() {
  static std::multiset<std::string> paths;
  return paths;
}

void wait_for_signal(sigset_t set) {
  int sig = 0;
  if (sigwait(&set, &sig) != 0) return;
  {
    std::lock_guard<std::mutex> lock(registry_mutex());
    std::error_code ec;
    for (const auto& p : registry()) std::filesystem::remove_all(p, ec);
    registry().clear();
    // Die with the signal's default action while still holding the lock, so no writer
    // registers or renames anything after the cleanup.
    ::signal(sig, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, sig);
    pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
    ::raise(sig);
  }
}

}  // namespace

void install_interrupt_cleanup() {
  static std::once_flag once;
  std::call_once(once, [] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    // A file-size limit (ulimit -f) then fails the write with EFBIG, reported as an IoError,
    // instead of killing the process mid-write.
    ::signal(SIGXFSZ, SIG_IGN);
    std::thread(wait_for_signal, set).detach();
  });
}

void run_uninterrupted(const std::function<void()>& step) {
  std::lock_guard<std::mutex> lock(registry_mutex());
  step();
}

ScopedTemporary::ScopedTemporary(std::string path) : path_(std::move(path)) {
  std::lock_guard<std::mutex> lock(registry_mutex());
  registry().insert(path_);
}

ScopedTemporary::~ScopedTemporary() {
  std::lock_guard<std::mutex> lock(registry_mutex());
  auto it = registry().find(path_);
  if (it != registry().end()) registry().erase(it);
}

}  // namespace iblrnn::io
