// pipeline::run_bayes: the `iblrnn bayes` job — play a Bayesian agent (actor, actor_commit,
// reward_optimal; docs/bayes.md) through sessions in closed loop and write the run folder:
// the common files of `simulate` (config.toml, trials.csv, alf/, summary.json, and with
// RecordLevel::steps the per-step arrays) plus bayes/*.npy with the agent's own beliefs
// (docs/bayes.md, "Outputs"). Sessions are played, observed and written chunk by chunk
// (task/session_chunks.hpp), so memory does not grow with the number of sessions.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "iblrnn/bayes/observer.hpp"
#include "iblrnn/core/progress.hpp"
#include "iblrnn/io/run_writer.hpp"
#include "iblrnn/pipeline/study_config.hpp"

namespace iblrnn::pipeline {

struct BayesRunOptions {
  StudyConfig config;          // resolved configuration (task and bayes sections used)
  std::string agent = "actor"; // actor | actor_commit | reward_optimal
  int n_sessions = 1;          // sessions of the run
  std::uint64_t seed = 1;      // run seed (sessions and noise)
  io::RecordLevel record = io::RecordLevel::trials;  // steps: also the per-step arrays
  int n_threads = 2;           // chunks of sessions played at once (outputs do not depend on it)
  std::string out;             // run folder (replaced atomically)
  core::ProgressFn progress;

  /// Throws InvalidInput naming the bad option.
  void validate() const;
};

/// A Bayesian agent's run in memory: the run (steps recorded), the agent's own beliefs
/// (observer with BlockUpdate::feedback), the true-side observer and, for reward_optimal,
/// the policy's start value in the unbiased block (NaN otherwise).
struct BayesRun {
  task::RunRecord run;
  bayes::Observation own;
  bayes::Observation ideal;
  double dp_start_value_unbiased = 0.0;
};

/// Plays the agent and runs both observers (out is not used). Throws InvalidInput.
BayesRun bayes_run(const BayesRunOptions& options);

/// Plays the agent, runs the observer, writes `out`; returns the summary written to
/// summary.json (run_summary plus agent, filter, evidence, compat, observer_accuracy and,
/// for reward_optimal, dp_start_value). Throws InvalidInput / IoError.
nlohmann::json run_bayes(BayesRunOptions options);

}  // namespace iblrnn::pipeline
