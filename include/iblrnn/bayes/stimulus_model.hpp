// Stimulus inference within a trial (SPEC §3; docs/bayes.md eq. B6–B8):
//   P(s | o_{≤t}) ∝ P(s) Σ_μ P(μ) Π_j N(o^S_j; gμ, σ²) N(o^{~S}_j; 0, σ²)
// with μ summed outside the product.  The product depends on the data only through the
// sufficient statistics (t, Σo^L, Σo^R), so each step costs O(#μ).  `d_only` uses only
// d = o^R − o^L ~ N(s·gμ, 2σ²).  compat = paper2020 re-marginalises μ at every step (eq. B12).
#pragma once

#include <vector>

#include "iblrnn/bayes/bayes_config.hpp"
#include "iblrnn/task/task_config.hpp"

namespace iblrnn::bayes {

/// The evidence of one trial so far: sufficient statistics (and the 2020 code's running sums).
struct TrialEvidence {
  int n_obs = 0;            // observation steps seen (t)
  double sum_left = 0.0;    // Σ_j o^L_j
  double sum_right = 0.0;   // Σ_j o^R_j
  double step_ll_left = 0.0;   // compat paper2020: Σ_j log Σ_μ P(μ) N(o_j | s = −1, μ) (relative)
  double step_ll_right = 0.0;  // same for s = +1
};

/// The observation model of the task under a BayesConfig's evidence and compat options.
class StimulusModel {
 public:
  /// Throws InvalidInput if either config is invalid.
  StimulusModel(const task::TaskConfig& task, const BayesConfig& bayes);

  /// Adds one observation step (o^L, o^R) to the evidence; O(1) (O(#μ) under compat).
  void add(TrialEvidence& evidence, double o_left, double o_right) const;

  /// log P(o_{≤t} | s = −1) and log P(o_{≤t} | s = +1), up to one constant common to both
  /// sides (eq. B6 both channels, eq. B7 d_only); O(#μ). Zero when t = 0.
  void log_likelihoods(const TrialEvidence& evidence, double& ll_left, double& ll_right) const;

  /// log P(o_{≤t} | s = +1) − log P(o_{≤t} | s = −1) (eq. B6–B7); O(#μ).
  double log_likelihood_ratio(const TrialEvidence& evidence) const;

  /// P(s = +1 | o_{≤t}) for the stimulus prior P(s = +1) = prior_right in [0, 1] (eq. B8).
  double posterior_right(double prior_right, const TrialEvidence& evidence) const;

  /// Joint posterior over (side, μ) (eq. B8): out has 2·#μ entries, [left μ_0.., right μ_0..].
  void joint_posterior(double prior_right, const TrialEvidence& evidence,
                       std::vector<double>& out) const;

  /// Observation means g·μ (one per signal value).
  const std::vector<double>& means() const { return mean_; }
  /// True when only d = o^R − o^L is used.
  bool d_only() const { return d_only_; }

 private:
  void terms(const TrialEvidence& e, double* left, double* right) const;
  bool lattice_sums(const TrialEvidence& e, double& sum_left, double& sum_right) const;

  bool d_only_ = false;
  bool compat_ = false;
  std::vector<double> mean_;     // g μ
  std::vector<double> log_w_;    // log P(μ)
  std::vector<double> k_mean_;   // κ g μ, κ = 1/σ² (both) or 1/(2σ²) (d_only)
  std::vector<double> k_half_;   // κ (g μ)² / 2
  // Fast path when every g μ is j·Δ with a small integer j: Σ_μ P(μ) e^{κ m x − t κ m²/2}
  // = Σ_μ decay_t(μ) z^j with z = e^{κ Δ x}, i.e. two exponentials per step instead of 2·#μ.
  std::vector<int> lattice_j_;     // j per signal (empty: no fast path)
  int lattice_max_j_ = 0;
  double k_delta_ = 0.0;           // κ Δ
  std::vector<double> decay_;      // (t_max + 1) × #μ: P(μ) e^{−t κ m²/2}
};

}  // namespace iblrnn::bayes
