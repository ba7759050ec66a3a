// Advisory locks on output folders, so that two iblrnn processes never write one folder at
// the same time and no command reads a folder another process is writing.
// The lock of folder P is the file ".NAME.iblrnn-lock" beside it (NAME = P's last component),
// so it survives P being renamed or replaced; it is held with flock(2), which the kernel
// releases when the process ends, even on kill -9. The last holder removes the file.
//   write: exclusive, refused while any other process holds P's lock (reading or writing);
//   read:  shared, refused while another process writes P; a reader creates the lock file
//          only when asked to (for iblrnn's own outputs), never in a user's data folder.
#pragma once

#include <optional>
#include <string>

#include "iblrnn/io/interrupt_cleanup.hpp"

namespace iblrnn::io {

class FolderLock {
 public:
  enum class Mode { read, write };
  /// Takes the lock or throws InvalidInput ("P: is being written by another iblrnn process
  /// (PID n)…"). `what` names the role in the message ("--out", "input"). Throws IoError
  /// if the lock file cannot be created (e.g. the parent folder is not writable). A reader
  /// with `create` false takes the lock only if the lock file exists.
  FolderLock(const std::string& folder, Mode mode, const std::string& what, bool create = false);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;
  FolderLock(FolderLock&& other) noexcept;
  FolderLock& operator=(FolderLock&&) = delete;

  /// The lock file's path.
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::optional<ScopedTemporary> cleanup_;
};

/// The lock file of `folder` (".NAME.iblrnn-lock" in its parent).
std::string lock_file_of(const std::string& folder);

/// `folder` as an absolute, normalised path without a trailing slash.
std::string normal_path(const std::string& folder);

}  // namespace iblrnn::io
