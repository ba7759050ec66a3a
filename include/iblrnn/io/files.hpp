// Atomic file output: every file is written to a temporary name (PATH.tmp-PID), flushed, its
// close checked, then renamed over PATH, so an interrupted or failed write (a full disk, a
// kill) never leaves a partial file under the final name. The temporary is registered with
// the interrupt cleanup (io/interrupt_cleanup.hpp) and removed on failure.
// Folders are written through io/output_folder.hpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace iblrnn::io {

/// Writes the concatenation of `pieces` to `path` atomically. Throws IoError (the temporary
/// is removed) if the file cannot be opened, written, flushed, closed or renamed.
void write_file_atomic(const std::string& path, const std::vector<std::string_view>& pieces);

/// Writes `content` to `path` atomically. Throws IoError.
void write_text_file(const std::string& path, const std::string& content);

/// Reads a whole text file. Throws IoError if it cannot be opened or is not a regular file.
std::string read_text_file(const std::string& path);

/// Creates the folder and its parents if missing. Throws IoError.
void make_dirs(const std::string& path);

/// "PATH.tmp-PID": the temporary name of PATH for this process.
std::string temp_name(const std::string& path);

/// True when `name` ends with ".tmp-" followed by digits (a temporary of some process).
bool is_temp_name(const std::string& name);

/// Removes the leftover temporaries of crashed writers: files and folders directly inside
/// `folder` with a temporary name, and siblings named "NAME.tmp-PID" / "NAME.old.tmp-PID".
/// Call only while holding `folder`'s write lock (io/folder_lock.hpp).
void remove_stale_temporaries(const std::string& folder);

}  // namespace iblrnn::io
