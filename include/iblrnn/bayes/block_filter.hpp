// Block filter across trials (SPEC §3; docs/bayes.md eq. B1–B5), in log space.
// Markov: two states (left, right) with a fixed switch probability.  Semi-Markov: states
// (block side, run length d = 1..D) with the hazard h(d) = P(L = d | L >= d) of the task's true
// block-length law (the last run length D repeats, so a constant hazard is a geometric law
// without bounds).  An unbiased first block (iblrig) has a fixed length, so the trial index
// alone says whether it is running; the first biased block's side is ½/½.
// Beliefs are over block sides −1 (left) / +1 (right); P(unbiased) = 1 − left − right.
#pragma once

#include <vector>

#include "iblrnn/bayes/bayes_config.hpp"
#include "iblrnn/task/task_config.hpp"

namespace iblrnn::bayes {

/// Probability mass of the block length L = 1..block_len_max under the config's law
/// (eq. B4; the law that draw_block_length samples). Element i is P(L = i + 1).
std::vector<double> block_length_pmf(const task::TaskConfig& config);

/// Hazards h(d) = P(L = d | L >= d), d = 1..pmf.size(), from a pmf (eq. B4); 1 where the
/// survival is zero.
std::vector<double> hazard_from_pmf(const std::vector<double>& pmf);

/// A belief over the block side: P(b = −1), P(b = +1); the rest is the unbiased block.
struct BlockBelief {
  double left = 0.0;
  double right = 0.0;
};

/// One session's block filter. Per trial n: prior() = π_n, update*() → posterior() = β_n,
/// advance() → π_{n+1}. Copyable; reset() starts a new session.
class BlockFilter {
 public:
  /// The filter named by bayes.filter for the task (semi_markov uses block_length_pmf).
  /// Throws InvalidInput if either config is invalid.
  BlockFilter(const task::TaskConfig& task, const BayesConfig& bayes);

  /// A semi-Markov filter with explicit hazards h(1..D) (the last repeats for d > D),
  /// ignoring task's block-length fields. Throws InvalidInput if a hazard is outside [0, 1].
  BlockFilter(const task::TaskConfig& task, const std::vector<double>& hazard);

  /// Starts a session: π_0 (eq. B1).
  void reset();

  /// π_n, the predicted block side of the current trial (eq. B1).
  BlockBelief prior() const { return prior_; }
  /// β_n after the last update (equals prior() before it).
  BlockBelief posterior() const { return posterior_; }
  /// P(s_n = +1) = Σ_b E(+1 | b) π_n(b) (eq. B2); 0.5 in the unbiased block.
  double stim_prior_right() const;
  /// The 2020 code's stimulus prior: π_n(+1) itself (0.5 in the unbiased block) (eq. B12).
  double block_prior_right_as_stim() const;

  /// β_n(b) ∝ π_n(b) E(side | b) for a known side (−1 / +1) of trial n (eq. B3).
  void update_side(int side);
  /// β_n(b) ∝ π_n(b) Σ_s E(s | b) exp(ll_s) given the trial's log-likelihoods of the
  /// stimulus side (up to a common constant) when the side is unknown (eq. B5).
  void update_evidence(double ll_left, double ll_right);
  /// π_{n+1} from β_n (eq. B1); moves to the next trial.
  void advance();

  /// Index of the current trial within the session.
  int trial() const { return trial_; }
  /// True for the semi-Markov filter.
  bool semi_markov() const { return semi_; }

 private:
  void update_log_lik(double log_lik_left, double log_lik_right);
  void start_biased();
  void cache_marginals();

  bool semi_ = false;
  int first_block_len_ = 0;
  int trial_ = 0;
  double log_e_same_ = 0, log_e_other_ = 0;  // log E(s | b) for s = b and s ≠ b
  double log_stay_ = 0, log_switch_ = 0;     // Markov: log(1 − q), log q
  std::vector<double> log_h_, log_c_;        // semi-Markov: log h(d), log(1 − h(d))
  std::vector<double> log_a_;                // log α(side, d): [left d=1..D, right d=1..D]
  std::vector<double> scratch_;
  double log_l_ = 0, log_r_ = 0;             // Markov: log belief of left / right
  bool unbiased_ = false;
  BlockBelief prior_, posterior_;
  double p_same_ = 0.8;
};

}  // namespace iblrnn::bayes
