// Readout geometry (docs/analysis.md eq. A2–A3, A9): the stimulus readout of a network's
// output layer, its fraction inside a plane, angles between directions, the sign convention
// of SPEC §5.2 (stimulus readout → +PC1, block readout → +PC2), and the task-aligned
// coordinates Q = (stimulus, block) of centred states. Shapes: W_out is 2 × H (rows left,
// right); directions are H-vectors; a plane is H × 2 with orthonormal columns.
#pragma once

#include <string>

#include <Eigen/Core>

#include "iblrnn/analysis/pca.hpp"
#include "iblrnn/core/choice.hpp"

namespace iblrnn::analysis {

/// The stimulus readout (eq. A2): W_out[R] − W_out[L], or the right readout alone.
enum class Readout { difference, right };
constexpr std::array<std::string_view, 2> choice_names(Readout) {
  return {"difference", "right"};
}

/// Unit stimulus readout (eq. A2): `difference` → (W_out[right] − W_out[left]) normalised,
/// `right` → W_out[right] normalised. Throws InvalidInput on a W_out that is not 2 × H or a
/// zero direction.
Eigen::VectorXd stimulus_readout(const Eigen::Ref<const Eigen::MatrixXd>& W_out, Readout mode);

/// Fraction of v's length inside the span of the orthonormal columns of `plane` (eq. A3):
/// ‖planeᵀ v‖ / ‖v‖ in [0, 1]. Throws InvalidInput on size mismatch or v = 0.
double in_plane_fraction(const Eigen::Ref<const Eigen::VectorXd>& v,
                         const Eigen::Ref<const Eigen::MatrixXd>& plane);

/// Angle between two non-zero directions in degrees, in [0, 180]. Throws InvalidInput.
double angle_deg(const Eigen::Ref<const Eigen::VectorXd>& a,
                 const Eigen::Ref<const Eigen::VectorXd>& b);

/// Flips PC1 so that stimulus·PC1 ≥ 0 and PC2 so that block·PC2 ≥ 0 (SPEC §5.2). Returns
/// which components were flipped (bit 0: PC1, bit 1: PC2). Needs H ≥ 2.
int orient_plane(Pca& pca, const Eigen::Ref<const Eigen::VectorXd>& stimulus,
                 const Eigen::Ref<const Eigen::VectorXd>& block);

/// The two task axes inside the PC1–PC2 plane, in plane coordinates (unit 2-vectors).
struct TaskAxes {
  Eigen::Vector2d stimulus;  // in-plane stimulus readout, normalised
  Eigen::Vector2d block;     // in-plane block readout, normalised
};

/// Task-aligned coordinates (eq. A9): Q = [uₛᵀ z; u_bᵀ z] for plane coordinates z (2 × N).
Eigen::MatrixXd task_coordinates(const TaskAxes& axes, const Eigen::Ref<const Eigen::MatrixXd>& z);

/// Normalises a 2-vector; throws InvalidInput naming `what` if it is zero.
Eigen::Vector2d unit_in_plane(const Eigen::Vector2d& v, const std::string& what);

}  // namespace iblrnn::analysis
