// Whether a model's readout can reach the action threshold at all (SPEC §6; docs/distill.md
// eq. D18): with hidden states in (−1, 1)^H (tanh, GRU and LSTM outputs) the logit difference
// Δ = (W_out[R] − W_out[L]) h + (b_R − b_L) is bounded by Σ|ΔW_i| + |Δb|, so
// max p ≤ σ(Σ|ΔW_i| + |Δb|). A model that never exceeds the threshold never acts: it is
// reported as `never_acts` with its max p, not as an accuracy of 0 %.
#pragma once

#include <Eigen/Core>

namespace iblrnn::distill {

/// The reach of a readout towards the action threshold.
struct ActionReach {
  double threshold = 0.9;      // the task's act_threshold: act when p(side) > threshold
  double max_p_bound = 0;      // σ(Σ|ΔW_i| + |Δb|): no state in (−1, 1)^H gets beyond it
  double max_p_observed = 0;   // largest max(p_L, p_R) over the given steps (NaN: none given)
  bool cannot_act = false;     // max_p_bound ≤ threshold: no input can ever make it act
  bool never_acts = false;     // cannot_act, or max_p_observed ≤ threshold on the given steps
};

/// The reach of the readout W_out (2 × H), b_out (2) under `threshold` in (0.5, 1), with the
/// probabilities of recorded steps `probs` (2 × T, rows left, right; T = 0 allowed).
/// Throws InvalidInput on shapes or a threshold outside (0.5, 1).
ActionReach action_reach(const Eigen::Ref<const Eigen::MatrixXd>& W_out,
                         const Eigen::Ref<const Eigen::VectorXd>& b_out, double threshold,
                         const Eigen::Ref<const Eigen::MatrixXd>& probs);

}  // namespace iblrnn::distill
