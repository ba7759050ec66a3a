// Reward-optimal stopping within a trial (SPEC §3 "two more actors"; docs/bayes.md eq. B9–B11).
// State after t observation steps: (stimulus prior ρ, t, Σo^L, Σo^R) — sufficient for the
// joint posterior over (side, μ).  Backward induction from the last observation step:
//   V_N = max(A, r_timeout),  V_t = max(A, r_wait + E[V_{t+1} | state]),
// A = q r_correct + (1 − q) r_wrong with q the MAP posterior.  The expectation over the next
// observation is exact for the piecewise-linear interpolant of V_{t+1} on the grid (Gaussian
// blur as two matrix products), then a mixture over (side, μ).  Built once per config; acting
// is a trilinear lookup of the continuation value in (ρ, Σo^L, Σo^R).
#pragma once

#include <vector>

#include "iblrnn/bayes/bayes_config.hpp"
#include "iblrnn/bayes/stimulus_model.hpp"
#include "iblrnn/task/task_config.hpp"

namespace iblrnn::bayes {

/// The precomputed optimal stopping policy of one task (both channels, exact inference).
class RewardPolicy {
 public:
  /// Builds the tables (cost ∝ dp_n_prior · n_obs_max · dp_n_grid³). Throws InvalidInput if a
  /// config is invalid or bayes asks for d_only evidence or compat = paper2020.
  RewardPolicy(const task::TaskConfig& task, const BayesConfig& bayes);

  /// Expected outcome of acting now on the MAP side, given prior P(s = +1) and evidence.
  double act_value(double prior_right, const TrialEvidence& evidence) const;
  /// Expected outcome of waiting (interpolated; r_timeout on the last observation step).
  double continue_value(double prior_right, const TrialEvidence& evidence) const;
  /// True if acting is at least as good as waiting; evidence.n_obs must be in 1..n_obs_max.
  bool should_act(double prior_right, const TrialEvidence& evidence) const;
  /// Expected trial outcome under the policy before the first observation (eq. B11).
  double start_value(double prior_right) const;

 private:
  double grid_lo(int t) const;
  double grid_step(int t) const;
  double lookup(int t, double prior_right, double sum_left, double sum_right) const;

  task::TaskConfig task_;
  StimulusModel model_;
  int n_ = 0;        // grid points per evidence sum
  int n_prior_ = 0;  // prior grid points on [1 − p_s, p_s]
  int n_obs_max_ = 0;
  double width_ = 5.0;
  double prior_lo_ = 0.2, prior_hi_ = 0.8;
  std::vector<double> cont_;   // (n_prior, n_obs_max − 1, n, n): C_t, t = 1..N−1
  std::vector<double> start_;  // (n_prior): value before the first observation
};

}  // namespace iblrnn::bayes
