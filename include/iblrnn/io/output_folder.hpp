// Output folders that never delete or mix what a user has (docs/design.md, "Output folders").
//
// Every folder iblrnn writes carries a marker file, ".iblrnn-output", holding
//   {"command": "eval", "format": 1, "complete": true}
// written last. A folder is replaced or continued only when its marker names the same
// command; anything else (a user's folder, another command's output, a folder holding just a
// config.toml) is refused with one line and nothing is touched. While a folder is written its
// lock (io/folder_lock.hpp) is held, so a second writer — or a reader such as `eval` — is
// refused instead of interleaving.
//   OutputFolder: assembled under OUT.tmp-PID, then swapped into place atomically (commit);
//                 an interrupted write leaves the previous version whole.
//   RunFolder:    written in place over a long run (train, reproduce); its marker says
//                 "complete": false until finish(), so an interrupted run is recognisable.
//   InputFolder:  a folder being read; refused while another process writes it or when the
//                 iblrnn command that wrote it was interrupted.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "iblrnn/io/folder_lock.hpp"
#include "iblrnn/io/interrupt_cleanup.hpp"

namespace iblrnn::io {

inline constexpr const char* kOutputMarker = ".iblrnn-output";
inline constexpr int kOutputFormat = 1;

struct OutputMarker {
  std::string command;   // the iblrnn subcommand that wrote the folder ("train", "eval", …)
  int format = 0;        // kOutputFormat of the writer
  bool complete = false;  // false while a RunFolder is being written (or was interrupted)
};

/// The folder's marker, or nullopt when it has none (or an unreadable one).
std::optional<OutputMarker> read_output_marker(const std::string& folder);

/// Writes the folder's marker atomically.
void write_output_marker(const std::string& folder, const std::string& command, bool complete);

/// Refuses (InvalidInput) an output folder that is one of `inputs` or contains one, since
/// replacing it would delete the input. An output inside an input folder is allowed
/// (e.g. eval's default RUN/eval).
void require_apart(const std::string& command, const std::string& out,
                   const std::vector<std::string>& inputs);

/// How an existing destination may be replaced.
enum class Replace {
  same_command,  // only a complete output of the same command (the default for --out)
  any,           // anything: a sub-folder of a folder this process already owns and locks
};

/// An output folder written under OUT.tmp-PID and swapped into place by commit().
/// The constructor checks the destination and takes its lock first, so a refusal costs
/// nothing; destroying an uncommitted OutputFolder removes the staging folder.
class OutputFolder {
 public:
  OutputFolder(std::string final_path, std::string command,
               const std::vector<std::string>& inputs = {}, Replace replace = Replace::same_command);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  /// The staging folder to write into.
  const std::string& path() const { return staging_; }
  /// Path of a file inside the staging folder.
  std::string file(const std::string& name) const { return staging_ + "/" + name; }
  /// The destination.
  const std::string& final_path() const { return final_; }
  /// Writes the marker, then replaces the destination with the staging folder in one
  /// rename (the old version, if any, is removed afterwards). Throws IoError.
  void commit();

 private:
  std::string final_;
  std::string staging_;
  std::string command_;
  std::optional<FolderLock> lock_;
  std::optional<ScopedTemporary> temp_;
  bool committed_ = false;
};

/// A folder written in place by a long run. The constructor takes the lock, refuses a
/// destination that is neither absent, empty nor marked by `command`, removes temporaries a
/// killed earlier run left, and marks the folder incomplete. finish() marks it complete.
class RunFolder {
 public:
  enum class Start {
    fresh,         // refuse a folder that already holds this command's output
    resume,        // require one (complete or interrupted)
    fresh_or_resume,
  };
  RunFolder(std::string path, std::string command, Start start,
            const std::vector<std::string>& inputs = {}, const std::string& fresh_hint = "");
  RunFolder(const RunFolder&) = delete;
  RunFolder& operator=(const RunFolder&) = delete;

  const std::string& path() const { return path_; }
  /// True when the folder held this command's output (complete or not) before this run.
  bool existed() const { return existed_; }
  /// Marks the folder complete (its marker is the last file written).
  void finish();

 private:
  std::string path_;
  std::string command_;
  FolderLock lock_;
  bool existed_ = false;
};

/// Removes `folder` if its marker names `command` (a stage to redo inside a RunFolder this
/// process owns); refuses (InvalidInput) anything else that exists.
void remove_output(const std::string& folder, const std::string& command);

/// Refuses (InvalidInput) to replace `path` when it exists and is not a regular file whose
/// first 512 bytes contain `signature` (a single-file output such as the report).
void require_replaceable_file(const std::string& path, const std::string& signature,
                              const std::string& command);

/// A folder being read: holds its shared lock while alive.
class InputFolder {
 public:
  /// Refused (InvalidInput) while another process writes `folder`, or when its marker says
  /// an iblrnn write of it was interrupted. A folder without a marker (made by hand or by
  /// another tool) is read as it is.
  explicit InputFolder(const std::string& folder, const std::string& what = "input");

 private:
  std::optional<FolderLock> lock_;
};

}  // namespace iblrnn::io
