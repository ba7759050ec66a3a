// Evidence velocities (docs/analysis.md eq. A6, SPEC §5.6): the change of the task-aligned
// coordinates caused by one input, ΔQ_t = Q_t − Q_{t−1}, regressed on the evidence
// d_t = o^R_t − o^L_t over observation steps, separately for the stimulus and block
// coordinates (slope, intercept, r, p); with the mean ‖ΔQ‖ per step kind (SPEC §8 C12) and
// binned means for the figure (Fig 5a,b). Shapes: Q is 2 × N (rows stimulus, block), d is N.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "iblrnn/analysis/statistics.hpp"

namespace iblrnn::analysis {

struct EvidenceVelocity {
  LinearFit stimulus;   // ΔQ_stim on d
  LinearFit block;      // ΔQ_block on d
};

/// Fits both regressions over the steps t with use[t] != 0 (t ≥ 1; use[t] must mean "an
/// observation step whose previous step belongs to the same session"). Throws InvalidInput on
/// shape mismatch, use[0] set, or fewer than 3 used steps.
EvidenceVelocity evidence_velocities(const Eigen::Ref<const Eigen::MatrixXd>& Q,
                                     const Eigen::Ref<const Eigen::VectorXd>& d,
                                     const std::vector<std::uint8_t>& use);

struct NetworkRecording;
struct VelocityAnalysis;

/// The velocity analysis of a checked recording with task coordinates Q (2 × N): the fits over
/// observation steps that continue a session, the mean ‖ΔQ‖ of feedback and observation steps,
/// and 24 bins of d over its central 99 %. Throws InvalidInput as evidence_velocities.
VelocityAnalysis analyze_velocities(const NetworkRecording& rec,
                                    const Eigen::Ref<const Eigen::MatrixXd>& Q);

}  // namespace iblrnn::analysis
