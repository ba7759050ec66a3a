// The Bayesian observer (SPEC §3; docs/bayes.md eq. B1–B8): replays the observations of any
// recorded run (steps recorded) and returns, per step, the stimulus posterior given the
// evidence so far; per trial, the block prior/posterior and the stimulus prior; and the MAP
// side at the step where the agent acted or timed out, with its accuracy.
// By default the block filter learns the true side of every trial (the observer of SPEC §3);
// BlockUpdate::feedback instead learns what the agent's own feedback revealed (the side after
// an action, the trial's evidence after a timeout), which reproduces the Bayesian actors'
// own beliefs.  Arrays are in run order: steps (n_steps), trials (n_trials) or (n_trials, 2)
// row-major (left, right).
#pragma once

#include <cstdint>
#include <vector>

#include "iblrnn/bayes/bayes_config.hpp"
#include "iblrnn/task/run_record.hpp"
#include "iblrnn/task/session.hpp"

namespace iblrnn::bayes {

/// What the observer's block filter learns after each trial.
enum class BlockUpdate { true_sides, feedback };

/// The observer's output for one run.
struct Observation {
  std::vector<double> step_posterior_right;   // (n_steps) P(s = +1 | o so far); prior on blanks
  std::vector<double> block_prior;            // (n_trials × 2) π_n: P(b = −1), P(b = +1)
  std::vector<double> block_posterior;        // (n_trials × 2) β_n after the trial's update
  std::vector<double> stim_prior_right;       // (n_trials) P(s_n = +1) before the evidence
  std::vector<double> decision_posterior_right;  // (n_trials) at the agent's last step
  std::vector<std::int8_t> map_side;          // (n_trials) MAP side at that step (−1 / +1)
  std::vector<std::uint8_t> map_correct;      // (n_trials) map_side == stim_side
  double accuracy = 0.0;                      // mean of map_correct
};

/// Runs the observer over `run` (which must have steps) with the task of run.config and the
/// filter and evidence of `bayes`. Linear in the number of steps.
/// Throws InvalidInput if the run has no agent or no steps, or a config is invalid.
Observation observe(const task::RunRecord& run, const BayesConfig& bayes,
                    BlockUpdate update = BlockUpdate::true_sides);

/// The same from the trials alone (no recorded steps needed): the observations of trial i
/// are those of its session plans[run.trials.session[i]] (the engine's, eq. T5), up to its
/// n_obs. Every per-trial output equals observe()'s on the same run; step_posterior_right is
/// left empty. Throws InvalidInput if the run has no agent or a session has no plan.
Observation observe(const task::RunRecord& run, const std::vector<task::SessionPlan>& plans,
                    const BayesConfig& bayes, BlockUpdate update = BlockUpdate::true_sides);

}  // namespace iblrnn::bayes
