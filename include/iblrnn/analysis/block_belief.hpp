// The network's block belief against the Bayesian observer (docs/analysis.md eq. A8, SPEC
// §5.7): at trial ends, the block coordinate Q_block ≈ κ (2β(right) − 1) by least squares
// through the origin; means by trial within block and block side (Fig 5c, 6a); and the
// residual Q_block − κ(2β − 1) regressed on the trial's summed evidence Σ_t d_t (Fig 6b).
// All inputs are per trial (length n_trials).
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "iblrnn/analysis/statistics.hpp"

namespace iblrnn::analysis {

/// Mean network and scaled Bayesian block belief at one trial index of one block side.
struct BlockBeliefRow {
  int trial_in_block = 0;
  int block_side = 0;       // −1 / +1
  long n = 0;               // trials averaged
  double q_block_mean = 0;  // mean Q_block
  double q_block_sem = 0;   // its standard error (0 for n < 2)
  double bayes_mean = 0;    // mean κ (2β − 1)
};

struct BlockBelief {
  OriginFit scale;                      // Q_block on 2β − 1 (κ = scale.scale)
  LinearFit residual_vs_evidence;       // residual on Σd (n ≥ 3 trials with varying Σd)
  std::vector<BlockBeliefRow> by_trial; // sorted by block side, then trial in block
};

/// Compares per-trial Q_block with the observer's signed belief 2β(right) − 1. Trials with
/// block_side 0 (unbiased) are left out of the means by trial. Throws InvalidInput on length
/// mismatch or fewer than 3 trials.
BlockBelief compare_block_belief(const Eigen::Ref<const Eigen::VectorXd>& q_block,
                                 const Eigen::Ref<const Eigen::VectorXd>& bayes_signed,
                                 const std::vector<std::int32_t>& trial_in_block,
                                 const std::vector<std::int8_t>& block_side,
                                 const Eigen::Ref<const Eigen::VectorXd>& trial_evidence);

}  // namespace iblrnn::analysis
