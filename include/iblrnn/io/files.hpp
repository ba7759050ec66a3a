// Atomic file output: every file is written to a temporary name and renamed, and a run
// folder is assembled in a staging folder that replaces the destination only when complete,
// so an interrupted run never leaves a half-written file or folder that looks complete.
#pragma once

#include <string>

namespace iblrnn {

/// Writes `content` to `path` atomically (path.tmp-PID then rename). Throws IoError.
void write_text_file(const std::string& path, const std::string& content);

/// Reads a whole text file. Throws IoError if it cannot be opened.
std::string read_text_file(const std::string& path);

/// Creates the folder and its parents if missing. Throws IoError.
void make_dirs(const std::string& path);

/// A folder written under a staging name and moved into place by commit().
/// Destroying an uncommitted StagedDir removes the staging folder.
class StagedDir {
 public:
  /// Prepares `final_path` + ".tmp-PID" (removed first if left over). Throws IoError.
  explicit StagedDir(std::string final_path);
  ~StagedDir();
  StagedDir(const StagedDir&) = delete;
  StagedDir& operator=(const StagedDir&) = delete;

  /// The staging folder to write into.
  const std::string& path() const { return staging_; }
  /// Path of a file inside the staging folder.
  std::string file(const std::string& name) const { return staging_ + "/" + name; }
  /// Replaces final_path (if it exists) with the staging folder. Throws IoError.
  void commit();

 private:
  std::string final_;
  std::string staging_;
  bool committed_ = false;
};

}  // namespace iblrnn
