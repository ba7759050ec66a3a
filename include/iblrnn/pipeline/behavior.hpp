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

namespace iblrnn::pipeline {

struct BehaviorOptions {
  std::vector<std::string> inputs;  // paths (run folder, mouse CSV/folder, ALF folder)
  std::vector<std::string> labels;  // one per input, or fewer: the rest default to names
  behavior::BehaviorConfig config;            // analysis parameters
  std::string out;                  // output folder (replaced atomically)
  std::string reference;            // folder of pooled behaviour outputs appended as further
                                    // inputs (the mouse reference, data/mice-may2020); "" = none
  core::ProgressFn progress;

  /// Throws InvalidInput naming the bad option (no inputs, too many labels, no out).
  void validate() const;
};

/// Appends the inputs of `reference` — a folder of behaviour outputs as `iblrnn behavior`
/// writes them (scripts/make_mouse_reference.py keeps their pooled rows) — to the outputs in
/// `dir`: the rows of every CSV, the "inputs" of every JSON. Throws InvalidInput if a
/// reference file has no counterpart, a CSV header differs or a label is already used,
/// IoError if unreadable.
void append_behavior_reference(const std::string& dir, const std::string& reference);

/// The mouse reference folder shipped with the sources (data/mice-may2020), or "" when absent.
std::string mouse_reference_dir();

/// The default label of an input: its file stem or folder name ("run" for ".../run/").
std::string default_behavior_label(const std::string& path);

/// Writes <curve>.json and <curve>.csv for every curve, psychometric_fits.csv and
/// summary.json into the existing folder `dir` (run_behavior adds config.toml: the [behavior] section used). Throws IoError.
void write_behavior(const std::string& dir, const behavior::BehaviorAnalysis& analysis);

/// Reads, analyses and writes; returns summary.json's content. Throws InvalidInput/IoError.
nlohmann::json run_behavior(const BehaviorOptions& options);

}  // namespace iblrnn::pipeline
