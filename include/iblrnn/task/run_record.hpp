// RunRecord: everything a run of the task records (SPEC §1.3), structure-of-arrays.
// Steps are stored session-major (all steps of session 0, then session 1, ...), so per-step
// arrays map to NumPy (n_steps, ·) and step↔trial indices are first_step / n_steps.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "iblrnn/task/task_config.hpp"

namespace iblrnn::task {

/// One row per trial, all sessions concatenated.
struct TrialTable {
  std::vector<std::int32_t> session;         // session index within the run
  std::vector<std::int32_t> block;           // block index within the session
  std::vector<std::int32_t> trial_in_block;  // 0-based index within the block
  std::vector<std::int32_t> trial_in_session;// 0-based index within the session
  std::vector<std::int8_t> block_side;       // −1, +1, 0 (unbiased block)
  std::vector<double> p_left;                // P(stimulus left) of the block
  std::vector<std::int8_t> stim_side;        // −1 / +1
  std::vector<double> signal;                // signal value μ (≥ 0)
  std::vector<std::uint8_t> concordant;      // stim_side == block_side
  // Filled when an agent played (has_agent):
  bool has_agent = false;
  std::vector<std::int8_t> choice;           // −1 / +1, 0 = timeout
  std::vector<std::uint8_t> correct;         // choice == stim_side
  std::vector<std::int32_t> n_obs;           // observation steps used (reaction time in steps)
  std::vector<std::int64_t> first_step;      // index of the trial's first step in the run
  std::vector<std::int32_t> n_steps;         // steps of the trial (blank + observation)

  std::size_t size() const { return stim_side.size(); }
};

/// Per-step records of a run with an agent (empty when steps were not recorded).
struct StepTable {
  std::vector<double> x;             // (n_steps × 3) row-major: o^L, o^R, r
  std::vector<double> p;             // (n_steps × 2) row-major: P(left), P(right)
  std::vector<double> outcome;       // (n_steps) outcome produced at the step
  std::vector<std::int32_t> trial;   // (n_steps) global trial index (row of TrialTable)
  std::vector<std::int8_t> k;        // (n_steps) step index within the trial

  std::size_t size() const { return outcome.size(); }
};

/// A whole run: the config it ran under, its trials and (optionally) its steps.
struct RunRecord {
  TaskConfig config;
  std::uint64_t seed = 0;
  int n_sessions = 0;
  TrialTable trials;
  StepTable steps;
};

/// Headline metrics of an agent's run (SPEC §1.3).
struct RunMetrics {
  double accuracy = 0;       // correct / all trials (timeouts count as wrong)
  double timeout_rate = 0;   // timeouts / all trials
  double mean_n_obs = 0;     // mean observation steps per trial
  double mean_outcome = 0;   // mean trial outcome (reward per trial)
};

/// Running sums over the trials of a run, added table by table (a run streamed to disk in
/// chunks is summarised without holding all its trials): counts, blocks, and with an agent
/// the sums behind RunMetrics, accuracy by signed signal s·μ and on biased blocks by
/// concordance (SPEC §1.3).
struct RunTally {
  std::int64_t n_trials = 0;
  std::int64_t n_blocks = 0;        // trials with trial_in_block == 0
  bool has_agent = false;
  double correct = 0, timeouts = 0, n_obs = 0, outcome = 0;
  std::map<double, std::pair<double, double>> by_signal;  // s·μ → (correct, trials)
  double concordant_correct = 0, concordant_n = 0, discordant_correct = 0, discordant_n = 0;

  /// Adds every trial of `trials`; all tables added must agree on has_agent.
  void add(const TrialTable& trials, const TaskConfig& config);
  /// RunMetrics of the trials added. Throws InvalidInput if they have no agent.
  RunMetrics metrics() const;
};

/// Computes RunMetrics from a table with has_agent. Throws InvalidInput if it has no agent.
RunMetrics compute_metrics(const TrialTable& trials, const TaskConfig& config);

}  // namespace iblrnn::task
