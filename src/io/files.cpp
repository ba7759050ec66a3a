#include "iblrnn/io/files.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "iblrnn/core/error.hpp"

namespace iblrnn {
namespace fs = std::filesystem;

namespace {
std::string tmp_suffix() { return ".tmp-" + std::to_string(::getpid()); }
}  // namespace

void write_text_file(const std::string& path, const std::string& content) {
  const std::string tmp = path + tmp_suffix();
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw IoError(path, "cannot open for writing");
    out << content;
    out.flush();
    if (!out) throw IoError(path, "write failed");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw IoError(path, "cannot rename temporary file into place");
  }
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path, "cannot open for reading");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void make_dirs(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) throw IoError(path, "cannot create folder: " + ec.message());
}

StagedDir::StagedDir(std::string final_path)
    : final_(std::move(final_path)), staging_(final_ + tmp_suffix()) {
  while (final_.size() > 1 && final_.back() == '/') final_.pop_back();
  staging_ = final_ + tmp_suffix();
  std::error_code ec;
  // Never replace a folder that is not ours: it must be empty or hold an iblrnn config.toml.
  if (fs::exists(final_)) {
    if (!fs::is_directory(final_)) throw IoError(final_, "exists and is not a folder");
    if (!fs::is_empty(final_) && !fs::exists(final_ + "/config.toml")) {
      throw IoError(final_, "exists and is not an iblrnn output folder; choose another --out");
    }
  }
  fs::remove_all(staging_, ec);
  const fs::path parent = fs::path(final_).parent_path();
  if (!parent.empty()) make_dirs(parent.string());
  fs::create_directories(staging_, ec);
  if (ec) throw IoError(final_, "cannot create output folder: " + ec.message());
}

StagedDir::~StagedDir() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
}

void StagedDir::commit() {
  std::error_code ec;
  if (fs::exists(final_)) {
    // Move the old folder aside first so that a failure leaves one complete version.
    const std::string old = final_ + ".old" + tmp_suffix();
    fs::remove_all(old, ec);
    fs::rename(final_, old, ec);
    if (ec) throw IoError(final_, "cannot replace existing folder: " + ec.message());
    fs::rename(staging_, final_, ec);
    if (ec) {
      fs::rename(old, final_, ec);
      throw IoError(final_, "cannot move output folder into place");
    }
    fs::remove_all(old, ec);
  } else {
    fs::rename(staging_, final_, ec);
    if (ec) throw IoError(final_, "cannot move output folder into place: " + ec.message());
  }
  committed_ = true;
}

}  // namespace iblrnn
