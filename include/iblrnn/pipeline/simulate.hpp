// pipeline::run_simulate: the `iblrnn simulate` job — generate sessions, optionally play a
// training-free agent (oracle, random) through them, write the run folder atomically, chunk
// by chunk of sessions (task/session_chunks.hpp): trial-level files always, the per-step
// arrays with RecordLevel::steps.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "iblrnn/core/progress.hpp"
#include "iblrnn/io/run_writer.hpp"
#include "iblrnn/pipeline/study_config.hpp"
#include "iblrnn/task/run_record.hpp"

namespace iblrnn::pipeline {

struct SimulateOptions {
  StudyConfig config;          // resolved configuration (task section used)
  std::string agent = "none";  // none | oracle | random
  int n_sessions = 1;          // sessions of the run
  std::uint64_t seed = 1;      // run seed (sessions, noise, agent)
  io::RecordLevel record = io::RecordLevel::trials;  // steps: also the per-step arrays (with an agent)
  int n_threads = 2;           // chunks of sessions played at once (outputs do not depend on it)
  std::string out;             // run folder (replaced atomically)
  core::ProgressFn progress;

  /// Throws InvalidInput naming the bad option.
  void validate() const;
};

/// Runs the simulation in memory (out is not used; options are validated as for a run with
/// an output folder named "-"). Throws InvalidInput.
task::RunRecord simulate_run(const SimulateOptions& options);

/// Runs the simulation and writes `out`; returns the summary written to summary.json.
nlohmann::json run_simulate(SimulateOptions options);

/// Writes the common run-folder files (config.toml, trials.csv, alf/, summary.json and,
/// with steps, per-step arrays) into `dir`; returns the summary.
nlohmann::json write_run_files(const std::string& dir, StudyConfig& config, const task::RunRecord& run);

}  // namespace iblrnn::pipeline
