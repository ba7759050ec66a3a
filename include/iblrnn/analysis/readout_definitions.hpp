// The readout geometry under the two definitions of SPEC §5.3–5.4 (docs/analysis.md eq.
// A3b–A4b), side by side:
//   ours      stimulus readout ŵ = (W_out[R] − W_out[L])/‖·‖ (or the right row, per config);
//             full-space block readout = the full-state decoder's weights; in-plane axes
//             Vᵀŵ and the 2-D decoder's weights b; no mean ever touches a direction.
//   paper2020 what the 2020 code computed: stimulus readout = the raw right row r = W_out[R];
//             full-space block readout = the 2-D decoder lifted back, V b; in-plane stimulus
//             axis Vᵀ(r − m) (the PCA mean subtracted from a direction, as sklearn's
//             transform does); the lift with the mean added back (V b + m, inverse_transform)
//             is reported as a variant.
// Shapes: V = the first two PCA components (H × 2), m the PCA mean (H), b a plane 2-vector.
#pragma once

#include <Eigen/Core>

#include "iblrnn/analysis/pca.hpp"
#include "iblrnn/analysis/readout.hpp"

namespace iblrnn::analysis {

/// V b: a plane direction (2) lifted to the full state space (H), no mean (eq. A4b).
/// Throws InvalidInput if the PCA has fewer than 2 components.
Eigen::VectorXd lift_plane_direction(const Pca& pca, const Eigen::Vector2d& b);

/// V b + m: the 2020 code's lift (sklearn inverse_transform of a direction) (eq. A4c).
Eigen::VectorXd lift_plane_direction_with_mean(const Pca& pca, const Eigen::Vector2d& b);

/// Vᵀ(v − m): the 2020 code's plane image of a direction (sklearn transform) (eq. A3b).
/// Throws InvalidInput on a size mismatch.
Eigen::Vector2d project_direction_with_mean(const Pca& pca, const Eigen::Ref<const Eigen::VectorXd>& v);

/// One definition's readouts and the angles between them.
struct ReadoutGeometry {
  Eigen::VectorXd stimulus_full;   // H, unit: the full-space stimulus readout
  Eigen::VectorXd block_full;      // H, unit: the full-space block readout
  Eigen::Vector2d stimulus_plane;  // unit in-plane stimulus axis
  Eigen::Vector2d block_plane;     // unit in-plane block axis
  double angle_full_deg = 0;       // ∠(stimulus_full, block_full) in [0, 180]
  double angle_plane_deg = 0;      // ∠(stimulus_plane, block_plane) in [0, 180]
  double block_in_plane_fraction = 0;  // ‖Vᵀ block_full‖ (block_full is unit)
};

/// Both definitions, plus the variants the 2020 code's choices imply.
struct ReadoutDefinitions {
  ReadoutGeometry ours;
  ReadoutGeometry paper2020;
  // Variants of the paper2020 full-space angle:
  double angle_full_paper2020_difference_deg = 0;  // ∠(ŵ difference, V b)
  double angle_full_paper2020_with_mean_deg = 0;   // ∠(right row, V b + m) (the 2020 lift)
  // Variant of the paper2020 in-plane angle without the mean bug: ∠(Vᵀ r, b).
  double angle_plane_paper2020_no_mean_deg = 0;
};

/// Computes both definitions (eq. A3b–A4c) from the fitted (oriented) PCA, the output weights
/// W_out (2 × H; rows left, right), the ours stimulus readout mode ("difference" | "right"),
/// the full-state decoder weights w_full (H) and the 2-D decoder weights b (2).
/// Throws InvalidInput on shape mismatch, H < 2, a zero direction or a bad mode.
ReadoutDefinitions compare_readout_definitions(const Pca& pca,
                                               const Eigen::Ref<const Eigen::MatrixXd>& W_out,
                                               Readout readout_mode,
                                               const Eigen::Ref<const Eigen::VectorXd>& w_full,
                                               const Eigen::Vector2d& b);

}  // namespace iblrnn::analysis
