// Flow fields in the PC1–PC2 plane (docs/analysis.md eq. A10, SPEC §5.8): the six held-fixed
// inputs, the probed flow P_2ᵀ(F(m + P_2 z; x) − (m + P_2 z)) on a grid of plane points z, and
// the empirical flow — the mean recorded change z_t − z_{t−1} of steps whose input matches a
// condition, binned by z_{t−1} on the same grid. Grids: n_b × n_a matrices (row = PC2 index,
// column = PC1 index); points are 2 × N plane coordinates.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "iblrnn/analysis/pca.hpp"
#include "iblrnn/analysis/step_map.hpp"

namespace iblrnn::analysis {

/// A held-fixed input of SPEC §5.8.
struct InputCondition {
  std::string name;      // left, equal, right, negative_feedback, no_stimulus, positive_feedback
  Eigen::Vector3d x;     // (o^L, o^R, r)
};

/// The six conditions of SPEC §5.8, in that order.
std::vector<InputCondition> six_conditions();

/// Whether a recorded input x matches a condition (eq. A10b): a condition with o = (0, 0)
/// matches blank steps (o = 0) whose feedback has the condition's sign (0, −, +); a stimulus
/// condition matches steps with o ≠ 0 and |d − d_c| ≤ d_tol, d = o^R − o^L.
bool matches_condition(const InputCondition& c, const Eigen::Vector3d& x, double d_tol);

/// A regular grid in the plane.
struct PlaneGrid {
  Eigen::VectorXd a;     // PC1 values (n_a, increasing)
  Eigen::VectorXd b;     // PC2 values (n_b, increasing)
};

/// A grid of n × n points spanning the [q, 1−q] quantiles of each row of z (2 × N).
/// Throws InvalidInput if z is not 2 × N with N ≥ 1, n < 2 or q outside [0, 0.5).
PlaneGrid grid_over(const Eigen::Ref<const Eigen::MatrixXd>& z, int n, double q);

/// A vector field on a grid.
struct FlowField {
  Eigen::MatrixXd da;    // n_b × n_a, change along PC1
  Eigen::MatrixXd db;    // n_b × n_a, change along PC2
  Eigen::MatrixXd count; // n_b × n_a samples per cell (probed: 1 everywhere)
};

/// Maps a hidden state h (H) to the map's full state (e.g. h stacked over an LSTM cell state).
using StateLift = std::function<Eigen::VectorXd(const Eigen::VectorXd& h)>;

/// Probed flow of map under input x at every grid point h = m + P₂z; with `lift`, F acts on
/// lift(h) and the first H entries of F are the next hidden state. Throws InvalidInput if the
/// map's state size differs from H (without lift) or from lift's output.
FlowField probe_flow(const StepMap& map, const Pca& pca, const PlaneGrid& grid,
                     const Eigen::Vector3d& x, const StateLift& lift = {});

/// Empirical flow: for each pair (z_prev[:, i], z_next[:, i]) the change is added to the grid
/// cell nearest z_prev (points outside the grid's half-cell margin are dropped); cells hold the
/// mean change (0 where empty) and the count. Throws InvalidInput on shape mismatch.
FlowField empirical_flow(const PlaneGrid& grid, const Eigen::Ref<const Eigen::MatrixXd>& z_prev,
                         const Eigen::Ref<const Eigen::MatrixXd>& z_next);

}  // namespace iblrnn::analysis
