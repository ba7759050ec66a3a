// pipeline::run_evaluate: the `iblrnn eval` job (docs/train.md, "Evaluation"): the frozen
// network of a training run plays one evaluation session (default 1000 blocks, sessions
// from eval_session_seed(seed), disjoint from every training session), and the Bayesian actor
// plays the same session (common random numbers) while the Bayesian observer replays the
// network's run. Writes DIR (default RUN/eval) atomically: the task run folder of
// write_run_files (config.toml, trials.csv, alf/, per-step arrays, summary.json) plus
// hidden.npy (n_steps, H) and, in summary.json, accuracy, actor_accuracy, observer_accuracy.
// With RecordLevel::trials only the trial-level files and the summary (accuracy only).
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "iblrnn/core/progress.hpp"
#include "iblrnn/io/run_writer.hpp"
#include "iblrnn/pipeline/eval_config.hpp"
#include "iblrnn/pipeline/study_config.hpp"
#include "iblrnn/rnn/network.hpp"
#include "iblrnn/task/run_record.hpp"
#include "iblrnn/task/session.hpp"

namespace iblrnn::pipeline {

struct EvalOptions {
  std::string run;            // training run folder (config.toml + weights)
  EvalConfig eval;            // the evaluation session: blocks and seed ([eval])
  std::string out;            // output folder; empty = run + "/eval"
  bool bayes = true;          // also run the Bayesian actor and observer
  io::RecordLevel record = io::RecordLevel::steps;  // trials: no per-step arrays nor hidden.npy
                                            // (analyze and distill need them)
  core::ProgressFn progress;

  /// Throws InvalidInput naming the bad option.
  void validate() const;
};

/// The session seed of evaluation seed `seed`: hash_key(seed, Stream::eval); training uses
/// hash_key(train.seed, Stream::train_sessions), so the two never share a session.
std::uint64_t eval_session_seed(std::uint64_t seed);

/// The evaluation session of seed `seed` under `task` (one session, task.n_blocks blocks).
std::vector<task::SessionPlan> eval_sessions(const task::TaskConfig& task, std::uint64_t seed);

/// A network's evaluation in memory: the run (steps recorded unless record is trials), hidden
/// states (n_steps × H, C order; empty when record is trials) and, for an LSTM, cell states
/// laid out alike (empty otherwise).
struct NetworkEvaluation {
  task::RunRecord run;
  std::vector<double> hidden;
  std::vector<double> cell;
};

/// The frozen network `net` plays eval_sessions(task, seed). progress ("eval", trials done,
/// trials total) may be empty; record trials keeps neither per-step records nor hidden states.
/// Throws InvalidInput if the task config is invalid.
NetworkEvaluation evaluate_network(const rnn::Network& net, const task::TaskConfig& task, std::uint64_t seed,
                                   const core::ProgressFn& progress = {},
                                   io::RecordLevel record = io::RecordLevel::steps);

/// Writes an evaluation's files into the existing folder `dir`: those of write_run_files
/// (config.toml from `config`, trials.csv, alf/, per-step arrays), hidden.npy and, for an LSTM,
/// cell.npy when the states were recorded, and summary.json (run_summary plus agent "rnn", eval_seed = seed and n_blocks
/// = config.task.n_blocks). Returns the summary. Throws IoError.
nlohmann::json write_evaluation(const std::string& dir, StudyConfig& config,
                                const NetworkEvaluation& evaluation, std::uint64_t seed);

/// Runs the evaluation and writes the folder; returns the summary written to summary.json.
/// Throws IoError if the run folder lacks config.toml or weights, InvalidInput if malformed.
nlohmann::json run_evaluate(EvalOptions options);

}  // namespace iblrnn::pipeline
