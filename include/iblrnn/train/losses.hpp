// Training losses on the network's action probabilities (SPEC §2; docs/train.md eq. L1–L4).
// Per step with target side y (the trial's true stimulus side) on observation steps:
//   xent:     ℓ = −log p_y,  dℓ/dlogit_j = p_j − [j = y]                       (L1)
//   neg_prob: ℓ = −p_y,      dℓ/dlogit_j = p_y (p_j − [j = y])                  (L2)
//   soft:     ℓ = −Σ_j q_j log p_j (soft targets q, e.g. a teacher's p), dℓ/dlogit = p − q (L3)
// Session loss (L4): Σ over observation steps / number of all steps of the session, and the
// batch loss averages sessions. Index j: 0 = left, 1 = right.
#pragma once

#include <cstdint>
#include <string>

#include "iblrnn/core/choice.hpp"
#include "iblrnn/task/run_record.hpp"

namespace iblrnn::train {

/// The per-step loss: cross-entropy (eq. L1) or the negative probability of correct (eq. L2).
enum class LossKind { xent, neg_prob };
constexpr std::array<std::string_view, 2> choice_names(LossKind) { return {"xent", "neg_prob"}; }

/// Loss of one step times `weight` (eq. L1/L2) for probabilities (p_left, p_right) and
/// target side (−1 left, +1 right); writes weight·dℓ/dlogit into d_logit[0..1].
double step_loss(LossKind kind, double p_left, double p_right, int target_side, double weight,
                 double* d_logit);

/// Soft cross-entropy of one step times `weight` (eq. L3) against target probabilities
/// (q_left, q_right) summing to 1; writes weight·(p − q) into d_logit[0..1].
double soft_xent_step(double p_left, double p_right, double q_left, double q_right, double weight,
                      double* d_logit);

/// The loss of one session of a played run (eq. L4) times `weight`: steps first_step ..
/// first_step + n_steps − 1 of run.steps (one session, session-major); the target of each
/// observation step (k >= n_blank_steps) is its trial's stim_side. Writes (2 × n_steps)
/// column-major weight·dL/dlogits into d_logits (blank steps get 0).
double session_loss(LossKind kind, const task::RunRecord& run, std::int64_t first_step, int n_steps,
                    double weight, double* d_logits);

}  // namespace iblrnn::train
