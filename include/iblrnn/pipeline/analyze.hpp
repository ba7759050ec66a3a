// pipeline::run_analyze: the `iblrnn analyze` job — read a trained network's run folder and
// its evaluation (RUN/eval: hidden.npy, inputs.npy, step/trial indices, trials.csv), run the
// Bayesian observer on the evaluation, run the representation and dynamics analyses
// (analysis/network_analysis.hpp; docs/analysis.md) and write RUN/analysis/ atomically:
// summary.json, .npy arrays and .csv tables for every figure (docs/analysis.md, "Outputs").
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "iblrnn/analysis/analysis_files.hpp"
#include "iblrnn/analysis/network_analysis.hpp"
#include "iblrnn/core/progress.hpp"
#include "iblrnn/pipeline/study_config.hpp"
#include "iblrnn/rnn/network.hpp"
#include "iblrnn/task/run_record.hpp"

namespace iblrnn::pipeline {

struct AnalyzeOptions {
  std::string run;        // run folder: network files (network.json + state_dict .npy files)
  std::string eval_dir;   // evaluation folder; empty: RUN/eval (evaluated first if missing)
  std::string out;        // output folder; empty: RUN/analysis (replaced atomically)
  StudyConfig config;     // resolved configuration (task, bayes and analysis sections used)
  core::ProgressFn progress;

  /// Throws InvalidInput naming the bad option.
  void validate() const;
};

/// Reads an evaluation folder (files directly in it or in its steps/ subfolder) and the
/// network of `run` into a recording (map left null; the caller owns the map). Throws IoError
/// if a file is missing, InvalidInput if shapes disagree.
analysis::NetworkRecording read_recording(const std::string& eval_dir, int n_blank_steps);

/// The analysis of a recorded network: the typed result, summary.json's content (with `arch`,
/// `observer` and, after an LSTM cell replay, `lstm_cell_replay_max_abs_h_error`; without the
/// folders `run` and `eval_dir`) and the arrays and tables of the folder.
struct RecordedNetworkAnalysis {
  analysis::AnalysisResult result;
  nlohmann::json summary;
  analysis::AnalysisOutputs outputs;
};

/// The analysis in memory, as `iblrnn analyze` runs it: replays an LSTM's cell states when the
/// recording lacks them, runs the Bayesian observer (eval_config.bayes) on `run` (the
/// evaluation, steps recorded) for the block posterior, and analyses with `config`. Throws
/// InvalidInput as analyze_network (an observer that cannot run is noted in the summary).
RecordedNetworkAnalysis analyze_recorded_network(const rnn::Network& net, analysis::NetworkRecording rec,
                                                 const task::RunRecord& run, const StudyConfig& eval_config,
                                                 const analysis::AnalysisConfig& config,
                                                 const core::ProgressFn& progress = {});

/// Runs the analysis and writes the output folder; returns summary.json's content. When the
/// default RUN/eval is missing and RUN/config.toml exists, runs `iblrnn eval` first
/// (run_evaluate on config.eval's session). Throws InvalidInput / IoError (a missing
/// evaluation that cannot be made names the folder and the command that makes it).
nlohmann::json run_analyze(AnalyzeOptions options);

/// Writes an analysis's arrays (.npy) and tables (.csv) into `dir` (which must exist) at their
/// declared paths (analysis/analysis_files.hpp).
void write_network_analysis(const std::string& dir, const analysis::AnalysisOutputs& outputs);

}  // namespace iblrnn::pipeline
