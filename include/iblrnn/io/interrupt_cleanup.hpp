// Cleanup of temporaries on SIGINT and SIGTERM. Writers register each temporary file or
// folder while it exists (ScopedTemporary); install_interrupt_cleanup() — called once by a
// front end before it starts any thread — blocks both signals in every thread and waits for
// them on a dedicated thread, which removes the registered paths and then ends the process
// with the signal's default action (so the exit status still says "killed by SIGTERM").
// A kill -9 cannot be caught: its leftovers are removed by the next writer of the folder
// (remove_stale_temporaries, io/files.hpp).
#pragma once

#include <functional>
#include <string>

namespace iblrnn::io {

/// Starts the signal-waiting thread (idempotent). Must run before any other thread starts.
void install_interrupt_cleanup();

/// Runs `step` (a rename that commits a temporary) so that the interrupt cleanup happens
/// entirely before or entirely after it, never in the middle.
void run_uninterrupted(const std::function<void()>& step);

/// Registers a path to remove on SIGINT/SIGTERM while this object lives.
class ScopedTemporary {
 public:
  explicit ScopedTemporary(std::string path);
  ~ScopedTemporary();
  ScopedTemporary(const ScopedTemporary&) = delete;
  ScopedTemporary& operator=(const ScopedTemporary&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace iblrnn::io
