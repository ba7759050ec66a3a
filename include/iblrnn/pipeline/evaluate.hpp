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

namespace iblrnn {

struct EvalOptions {
  std::string run;            // training run folder (config.toml + weights)
  int n_blocks = 1000;        // blocks of the evaluation session
  std::uint64_t seed = 1;     // evaluation seed (sessions from eval_session_seed(seed))
  std::string out;            // output folder; empty = run + "/eval"
  bool bayes = true;          // also run the Bayesian actor and observer
  RecordLevel record = RecordLevel::steps;  // trials: no per-step arrays nor hidden.npy
                                            // (analyze and distill need them)
  ProgressFn progress;

  /// Throws InvalidInput naming the bad option.
  void validate() const;
};

/// The session seed of evaluation seed `seed`: hash_key(seed, Stream::eval); training uses
/// hash_key(train.seed, Stream::train_sessions), so the two never share a session.
std::uint64_t eval_session_seed(std::uint64_t seed);

/// Runs the evaluation and writes the folder; returns the summary written to summary.json.
/// Throws IoError if the run folder lacks config.toml or weights, InvalidInput if malformed.
nlohmann::json run_evaluate(EvalOptions options);

}  // namespace iblrnn
