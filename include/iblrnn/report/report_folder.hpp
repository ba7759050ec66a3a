// ReportFolder: read-only, cached access to the files of an output folder (a run folder or
// the folder of `iblrnn reproduce`, docs/report.md "Inputs"). Every accessor takes a path
// relative to the folder and returns nullptr when the file is missing or unreadable; why()
// then says which, so a figure can show "not available" instead of failing the whole report.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iblrnn/io/npy.hpp"
#include "iblrnn/task/run_record.hpp"

namespace iblrnn::report {

class ReportFolder {
 public:
  /// Opens `dir`. Throws IoError if it is not an existing folder.
  explicit ReportFolder(std::string dir);

  const std::string& dir() const { return dir_; }
  /// True if the relative path exists (file or folder).
  bool exists(const std::string& rel) const;
  /// Parsed JSON file, or nullptr if missing or malformed.
  const nlohmann::json* json(const std::string& rel);
  /// A .npy array, or nullptr if missing or malformed.
  const io::NpyArray* npy(const std::string& rel);
  /// A trials.csv table, or nullptr if missing or malformed.
  const task::TrialTable* trials(const std::string& rel);
  /// A CSV file with a header of column names and numeric cells (empty cell → NaN), as
  /// column name → values; nullptr if missing or malformed.
  const std::map<std::string, std::vector<double>>* csv(const std::string& rel);
  /// Names of the entries of a sub-folder ending with `suffix`, sorted (empty if none).
  std::vector<std::string> list(const std::string& rel_dir, const std::string& suffix) const;
  /// Why the last read of `rel` gave nullptr: "<rel> missing" or "<rel> unreadable: <error>".
  std::string why(const std::string& rel) const;

 private:
  std::string dir_;
  std::map<std::string, std::unique_ptr<nlohmann::json>> json_;
  std::map<std::string, std::unique_ptr<io::NpyArray>> npy_;
  std::map<std::string, std::unique_ptr<task::TrialTable>> trials_;
  std::map<std::string, std::unique_ptr<std::map<std::string, std::vector<double>>>> csv_;
  std::map<std::string, std::string> errors_;
};

/// The number at a JSON pointer (e.g. "/accuracy"), or NaN if absent or not a number.
double json_number(const nlohmann::json* doc, const std::string& pointer);

}  // namespace iblrnn::report
