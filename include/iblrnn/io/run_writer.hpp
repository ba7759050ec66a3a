// RunWriter: the task files of a run folder (docs/outputs.md) written chunk by chunk while
// the run is played, so that memory holds one chunk of sessions rather than the whole run.
// Each chunk is a RunRecord of consecutive sessions with its own indices (sessions, trials
// and steps counted from 0); the writer shifts them to the run's: session + sessions before,
// step_trial + trials before, trial_first_step + steps before. What it writes:
//   always        trials.csv, alf/trials.*.npy (the ALF object)
//   record steps  inputs.npy, probs.npy, outcome.npy, step_trial.npy, step_k.npy,
//                 trial_first_step.npy, trial_n_steps.npy (chunks must then hold steps)
// The files are written in place; write into an OutputFolder (io/output_folder.hpp).
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "iblrnn/io/npy_stream.hpp"
#include "iblrnn/io/alf_config.hpp"
#include "iblrnn/task/run_record.hpp"

namespace iblrnn::io {

/// What a run folder records: trial-level files only, or also the per-step arrays.
enum class RecordLevel { trials, steps };

/// Parses "trials" | "steps"; throws InvalidInput naming `where` otherwise.
RecordLevel parse_record_level(const std::string& where, const std::string& text);

class RunWriter {
 public:
  /// Opens the files in `dir` (which must exist); the ALF trials files as `alf` says.
  /// Throws IoError, InvalidInput for an invalid `alf`.
  RunWriter(const std::string& dir, bool has_agent, RecordLevel level, const AlfConfig& alf = {});
  ~RunWriter();
  RunWriter(const RunWriter&) = delete;
  RunWriter& operator=(const RunWriter&) = delete;

  /// Appends the chunk's trials (and steps); adds them to tally(). Throws IoError.
  void append(const task::RunRecord& chunk);

  /// Closes every file. Throws IoError.
  void close();

  const task::RunTally& tally() const { return tally_; }
  int n_sessions() const { return n_sessions_; }
  std::int64_t n_steps() const { return n_steps_; }

 private:
  struct Files;
  std::string dir_;
  bool has_agent_;
  RecordLevel level_;
  std::unique_ptr<Files> files_;
  task::RunTally tally_;
  int n_sessions_ = 0;
  std::int64_t n_trials_ = 0, n_steps_ = 0;
};

}  // namespace iblrnn::io
