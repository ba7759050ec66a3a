#include "iblrnn/io/output_folder.hpp"

#include <fcntl.h>
#include <stdio.h>

#include <cstdio>
#include <filesystem>
#include <string_view>

#include <nlohmann/json.hpp>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"

using namespace iblrnn::core;

namespace iblrnn::io {
namespace fs = std::filesystem;

namespace {

std::string strip_slashes(std::string p) {
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

// True when `outer` is `inner` or one of its ancestors (both normalised).
bool contains_path(const std::string& outer, const std::string& inner) {
  if (outer == inner) return true;
  const std::string prefix = outer == "/" ? outer : outer + "/";
  return inner.compare(0, prefix.size(), prefix) == 0;
}

std::string real_or_normal(const std::string& p) {
  std::error_code ec;
  const fs::path c = fs::weakly_canonical(fs::path(p), ec);
  return ec ? normal_path(p) : normal_path(c.string());
}

bool is_empty_folder(const std::string& p) {
  std::error_code ec;
  return fs::is_directory(p, ec) && fs::is_empty(p, ec);
}

std::string marker_desc(const std::optional<OutputMarker>& m) {
  if (!m) return "is not an iblrnn output folder (no " + std::string(kOutputMarker) + " marker)";
  return "holds the output of `iblrnn " + m->command + "`";
}

}  // namespace

std::optional<OutputMarker> read_output_marker(const std::string& folder) {
  const std::string path = folder + "/" + kOutputMarker;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  try {
    const auto j = nlohmann::json::parse(read_text_file(path));
    OutputMarker m;
    m.command = j.at("command").get<std::string>();
    m.format = j.at("format").get<int>();
    m.complete = j.at("complete").get<bool>();
    return m;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void write_output_marker(const std::string& folder, const std::string& command, bool complete) {
  const nlohmann::json j = {{"command", command}, {"format", kOutputFormat}, {"complete", complete}};
  write_text_file(folder + "/" + kOutputMarker, j.dump() + "\n");
}

void require_apart(const std::string& command, const std::string& out,
                   const std::vector<std::string>& inputs) {
  const std::string o = real_or_normal(out);
  for (const auto& in : inputs) {
    if (in.empty()) continue;
    const std::string i = real_or_normal(in);
    if (contains_path(o, i)) {
      throw InvalidInput(command + ": out must not be or contain an input (" + in +
                         "), since writing it would replace the input, got " + show_value(out));
    }
  }
}

OutputFolder::OutputFolder(std::string final_path, std::string command,
                           const std::vector<std::string>& inputs, Replace replace)
    : final_(strip_slashes(std::move(final_path))), command_(std::move(command)) {
  require_apart(command_, final_, inputs);
  lock_.emplace(final_, FolderLock::Mode::write, "--out");
  std::error_code ec;
  if (fs::exists(fs::symlink_status(final_, ec)) && replace == Replace::same_command) {
    if (!fs::is_directory(final_, ec)) {
      throw InvalidInput(final_ + ": --out exists and is not a folder; choose another --out");
    }
    if (!is_empty_folder(final_)) {
      const auto m = read_output_marker(final_);
      if (!m || m->command != command_ || !m->complete) {
        throw InvalidInput(final_ + ": --out " + (m && m->command == command_
                                                     ? std::string("holds an incomplete output")
                                                     : marker_desc(m)) +
                           " and is not replaced by `iblrnn " + command_ +
                           "`; choose another --out or remove it");
      }
    }
  }
  remove_stale_temporaries(final_);
  staging_ = temp_name(final_);
  const fs::path parent = fs::path(final_).parent_path();
  if (!parent.empty()) make_dirs(parent.string());
  temp_.emplace(staging_);
  fs::create_directories(staging_, ec);
  if (ec) throw IoError(final_, "cannot create output folder: " + ec.message());
}

OutputFolder::~OutputFolder() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
}

void OutputFolder::commit() {
  write_output_marker(staging_, command_, true);
  std::error_code ec;
  const bool replacing = fs::exists(fs::symlink_status(final_, ec));
  bool swapped = false;
  run_uninterrupted([&] {
    if (replacing) {
      // One atomic exchange: the destination is always one whole version; the old one is
      // then under the staging name, removed below (or by the next writer after a kill).
      if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, final_.c_str(), RENAME_EXCHANGE) == 0) {
        swapped = true;
        return;
      }
      const std::string old = final_ + ".old" + staging_.substr(final_.size());
      fs::rename(final_, old, ec);
      if (ec) throw IoError(final_, "cannot replace existing folder: " + ec.message());
      fs::rename(staging_, final_, ec);
      if (ec) {
        std::error_code back;
        fs::rename(old, final_, back);
        throw IoError(final_, "cannot move output folder into place: " + ec.message());
      }
      fs::rename(old, staging_, ec);
      swapped = true;
    } else {
      fs::rename(staging_, final_, ec);
      if (ec) throw IoError(final_, "cannot move output folder into place: " + ec.message());
    }
  });
  committed_ = true;
  if (swapped) fs::remove_all(staging_, ec);
}

RunFolder::RunFolder(std::string path, std::string command, Start start,
                     const std::vector<std::string>& inputs, const std::string& fresh_hint)
    : path_(strip_slashes(std::move(path))),
      command_(std::move(command)),
      lock_((require_apart(command_, path_, inputs), path_), FolderLock::Mode::write, "--out") {
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path_, ec))) {
    if (!fs::is_directory(path_, ec)) {
      throw InvalidInput(path_ + ": --out exists and is not a folder; choose another --out");
    }
    if (!is_empty_folder(path_)) {
      const auto m = read_output_marker(path_);
      if (!m || m->command != command_) {
        throw InvalidInput(path_ + ": --out " + marker_desc(m) + " and is not written by `iblrnn " +
                           command_ + "`; choose another --out or remove it");
      }
      existed_ = true;
    }
  }
  if (start == Start::fresh && existed_) {
    throw InvalidInput(path_ + ": --out already holds an `iblrnn " + command_ + "` output" +
                       (fresh_hint.empty() ? "; choose another --out" : "; " + fresh_hint));
  }
  if (start == Start::resume && !existed_) {
    throw InvalidInput(path_ + ": --out holds no `iblrnn " + command_ + "` output to resume" +
                       "; start a new run without --resume");
  }
  make_dirs(path_);
  remove_stale_temporaries(path_);
  write_output_marker(path_, command_, false);
}

void RunFolder::finish() { write_output_marker(path_, command_, true); }

void remove_output(const std::string& folder, const std::string& command) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(folder, ec))) return;
  const auto m = read_output_marker(folder);
  if (!m || m->command != command) {
    throw InvalidInput(folder + ": " + marker_desc(m) + " and is not replaced by `iblrnn " +
                       command + "`; remove it");
  }
  // Unmark first, so that an interrupted removal leaves no folder that looks complete.
  fs::remove(folder + "/" + kOutputMarker, ec);
  fs::remove_all(folder, ec);
  if (ec) throw IoError(folder, "cannot remove: " + ec.message());
}

void require_replaceable_file(const std::string& path, const std::string& signature,
                              const std::string& command) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(path, ec))) return;
  bool ours = false;
  if (fs::is_regular_file(path, ec)) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f) {
      char head[512];
      const std::size_t n = std::fread(head, 1, sizeof head, f);
      std::fclose(f);
      ours = std::string_view(head, n).find(signature) != std::string_view::npos;
    }
  }
  if (!ours) {
    throw InvalidInput(path + ": --out exists and is not an output of `iblrnn " + command +
                       "`; choose another --out or remove it");
  }
}

InputFolder::InputFolder(const std::string& folder, const std::string& what) {
  std::error_code ec;
  if (!fs::exists(folder, ec)) return;  // the reader reports the missing path itself
  // Our own outputs are locked for the whole read, so no writer replaces them meanwhile.
  const bool ours = read_output_marker(folder).has_value();
  lock_.emplace(folder, FolderLock::Mode::read, what, ours);
  const auto m = read_output_marker(folder);
  if (m && !m->complete) {
    throw InvalidInput(folder + ": " + what + " is an interrupted `iblrnn " + m->command +
                       "` output" + (m->command == "train" ? "; continue it with `iblrnn train --out " +
                                                                 folder + " --resume`"
                                                           : "; run it again"));
  }
}

}  // namespace iblrnn::io
