// Fuzz-target support: libFuzzer's bytes written to a file (the readers take paths), and the
// rule every target checks — a reader either returns or throws InvalidInput / IoError; any
// other exception, a crash or a sanitizer report is a finding.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "iblrnn/core/error.hpp"

namespace iblrnn::fuzz {

/// A private folder for this fuzzing process (removed at exit).
inline const std::string& work_dir() {
  static const std::string dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "iblrnn-fuzz-XXXXXX").string();
    std::string d = ::mkdtemp(tmpl.data());
    static std::string keep = d;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(keep, ec);
    });
    return d;
  }();
  return dir;
}

/// Writes `data` to `path` (creating parent folders).
inline void write_bytes(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  if (size) std::fwrite(data, 1, size, f);
  std::fclose(f);
}

/// Runs `read`; user errors are the expected answer to bad bytes, anything else aborts.
template <class F>
void expect_clean(F&& read) {
  try {
    read();
  } catch (const core::InvalidInput&) {
  } catch (const core::IoError&) {
  }
}

}  // namespace iblrnn::fuzz
