// Test support: run a shell command and capture its output and exit code; fresh temp folders.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace iblrnn::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

/// Runs `command` with /bin/sh, stderr merged into stdout.
inline CommandResult run_command(const std::string& command) {
  CommandResult r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf;
  while (std::fgets(buf.data(), buf.size(), pipe)) r.output += buf.data();
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

/// A new empty folder under the system temp folder, removed when the object dies.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "iblrnn-test-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

#ifdef IBLRNN_BINARY
/// Runs the iblrnn executable under test with `args` (no standard input).
inline CommandResult iblrnn_cli(const std::string& args) {
  return run_command(std::string(IBLRNN_BINARY) + " " + args + " </dev/null");
}
#endif

/// The Python interpreter with NumPy (Debian's), used to check file formats independently.
inline const char* python_with_numpy() { return "/usr/bin/python3"; }

}  // namespace iblrnn::testing
