#include "iblrnn/io/files.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/interrupt_cleanup.hpp"

using namespace iblrnn::core;

namespace iblrnn::io {
namespace fs = std::filesystem;

std::string temp_name(const std::string& path) { return path + ".tmp-" + std::to_string(::getpid()); }

bool is_temp_name(const std::string& name) {
  const auto k = name.rfind(".tmp-");
  if (k == std::string::npos || k + 5 == name.size()) return false;
  for (std::size_t i = k + 5; i < name.size(); ++i)
    if (name[i] < '0' || name[i] > '9') return false;
  return true;
}

void write_file_atomic(const std::string& path, const std::vector<std::string_view>& pieces) {
  const std::string tmp = temp_name(path);
  ScopedTemporary guard(tmp);
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw IoError(path, std::string("cannot open for writing: ") + std::strerror(errno));
  bool ok = true;
  int err = 0;
  for (const auto& p : pieces) {
    if (!p.empty() && std::fwrite(p.data(), 1, p.size(), f) != p.size()) {
      ok = false;
      err = errno;
      break;
    }
  }
  if (ok && std::fflush(f) != 0) ok = false, err = errno;
  if (std::fclose(f) != 0 && ok) ok = false, err = errno;
  std::error_code ec;
  if (!ok) {
    fs::remove(tmp, ec);
    throw IoError(path, std::string("write failed: ") + std::strerror(err));
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw IoError(path, "cannot rename temporary file into place: " + ec.message());
  }
}

void write_text_file(const std::string& path, const std::string& content) {
  write_file_atomic(path, {content});
}

std::string read_text_file(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw IoError(path, "is a folder, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path, "cannot open for reading");
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw IoError(path, "read failed");
  return ss.str();
}

void make_dirs(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) throw IoError(path, "cannot create folder: " + ec.message());
}

void remove_stale_temporaries(const std::string& folder) {
  std::error_code ec;
  fs::path p = fs::path(folder).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  if (fs::is_directory(p, ec)) {
    for (const auto& e : fs::directory_iterator(p, ec)) {
      if (is_temp_name(e.path().filename().string())) fs::remove_all(e.path(), ec);
    }
  }
  const std::string name = p.filename().string();
  fs::path parent = p.parent_path();
  if (parent.empty()) parent = ".";
  for (const auto& e : fs::directory_iterator(parent, ec)) {
    const std::string n = e.path().filename().string();
    if (!is_temp_name(n)) continue;
    const std::string stem = n.substr(0, n.rfind(".tmp-"));
    if (stem == name || stem == name + ".old") fs::remove_all(e.path(), ec);
  }
}

}  // namespace iblrnn::io
