#include "iblrnn/io/folder_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"

using namespace iblrnn::core;

namespace iblrnn::io {
namespace fs = std::filesystem;

std::string normal_path(const std::string& folder) {
  std::error_code ec;
  fs::path p = fs::absolute(fs::path(folder), ec).lexically_normal();
  if (ec) p = fs::path(folder).lexically_normal();
  std::string s = p.string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

std::string lock_file_of(const std::string& folder) {
  const fs::path p(normal_path(folder));
  if (p.filename().empty()) throw InvalidInput(folder + ": cannot be an output folder (no name)");
  return (p.parent_path() / ("." + p.filename().string() + ".iblrnn-lock")).string();
}

namespace {

std::string holder_pid(int fd) {
  char buf[32] = {};
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  std::string s = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

FolderLock::FolderLock(const std::string& folder, Mode mode, const std::string& what, bool create)
    : path_(lock_file_of(folder)) {
  const bool write = mode == Mode::write;
  if (write) make_dirs(fs::path(path_).parent_path().string());
  for (int attempt = 0; attempt < 100; ++attempt) {
    // Without a lock file no iblrnn process writes the folder (writers create it first); a
    // reader creates one only when asked (iblrnn's own outputs), so users' data folders and
    // read-only shares stay untouched.
    int fd = write || create ? ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644) : -1;
    if (fd < 0 && !write) fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (!write) return;
      throw IoError(folder, std::string("cannot create the folder's lock file ") + path_ + ": " +
                                std::strerror(errno));
    }
    if (::flock(fd, (write ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
      const std::string pid = holder_pid(fd);
      ::close(fd);
      const std::string by = pid.empty() ? "" : " (PID " + pid + ")";
      if (!write || !pid.empty()) {
        throw InvalidInput(folder + ": " + what + " is being written by another iblrnn process" + by +
                           "; wait for it to finish" + (write ? " or choose another --out" : ""));
      }
      throw InvalidInput(folder + ": " + what +
                         " is being read by another iblrnn process; wait for it to finish or "
                         "choose another --out");
    }
    // The last holder of an earlier lock may have removed the file between our open and flock:
    // then we hold a lock on a file nobody else sees, so start again.
    struct stat by_fd{}, by_path{};
    if (::fstat(fd, &by_fd) != 0 || ::stat(path_.c_str(), &by_path) != 0 ||
        by_fd.st_ino != by_path.st_ino || by_fd.st_dev != by_path.st_dev) {
      ::close(fd);
      continue;
    }
    if (write) {
      const std::string pid = std::to_string(::getpid()) + "\n";
      if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
        // The PID is only for messages; the lock itself holds.
      }
    }
    fd_ = fd;
    if (write) cleanup_.emplace(path_);  // SIGINT/SIGTERM remove the lock file too
    return;
  }
  throw IoError(folder, "cannot take the folder's lock " + path_);
}

FolderLock::FolderLock(FolderLock&& other) noexcept : path_(other.path_), fd_(other.fd_) {
  other.fd_ = -1;
  if (other.cleanup_) {
    other.cleanup_.reset();
    cleanup_.emplace(path_);
  }
}

FolderLock::~FolderLock() {
  if (fd_ < 0) return;
  // Remove the lock file when no other process holds it (an exclusive lock succeeds only then).
  if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) ::unlink(path_.c_str());
  ::close(fd_);
}

}  // namespace iblrnn::io
