// pipeline::run_behavior: the `iblrnn behavior` job — read each input (run folder, mouse CSV
// file or folder, ALF trials folder), analyse them side by side (behavior/analyze.hpp) and
// write one JSON and one CSV per curve plus summary.json into a folder, atomically
// (docs/behavior.md, "Outputs"). Other jobs call analyze_behavior + write_behavior directly.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iblrnn/behavior/analyze.hpp"
#include "iblrnn/behavior/behavior_config.hpp"
#include "iblrnn/core/progress.hpp"

namespace iblrnn {

struct BehaviorOptions {
  std::vector<std::string> inputs;  // paths (run folder, mouse CSV/folder, ALF folder)
  std::vector<std::string> labels;  // one per input, or fewer: the rest default to names
  BehaviorConfig config;            // analysis parameters
  std::string out;                  // output folder (replaced atomically)
  ProgressFn progress;

  /// Throws InvalidInput naming the bad option (no inputs, too many labels, no out).
  void validate() const;
};

/// The default label of an input: its file stem or folder name ("run" for ".../run/").
std::string default_behavior_label(const std::string& path);

/// Writes <curve>.json and <curve>.csv for every curve, psychometric_fits.csv and
/// summary.json into the existing folder `dir` (run_behavior adds config.toml: the [behavior] section used). Throws IoError.
void write_behavior(const std::string& dir, const BehaviorAnalysis& analysis);

/// Reads, analyses and writes; returns summary.json's content. Throws InvalidInput/IoError.
nlohmann::json run_behavior(const BehaviorOptions& options);

}  // namespace iblrnn
