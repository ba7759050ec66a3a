// Principal component analysis of hidden states (docs/analysis.md eq. A1): the centred
// covariance C = (X − m)(X − m)ᵀ/(N − 1) and its full eigen-decomposition, components sorted
// by decreasing variance. Shapes: X is H × N (one column per step); components H × H (one
// column per component). Directions are projected with the components only (never shifted
// by the mean); states are centred first.
#pragma once

#include <Eigen/Core>

namespace iblrnn::analysis {

/// A fitted PCA: mean, orthonormal components, variances, explained ratios.
struct Pca {
  Eigen::VectorXd mean;          // H
  Eigen::MatrixXd components;    // H × H, column i = component i (unit norm)
  Eigen::VectorXd variance;      // H, decreasing (eigenvalues of C, clipped at 0)
  Eigen::VectorXd explained;     // H, variance / total variance
  Eigen::VectorXd cumulative;    // H, running sum of explained

  /// Coordinates of states X (H × N) on the first n components: n × N of Pᵀ(X − m).
  Eigen::MatrixXd project_states(const Eigen::Ref<const Eigen::MatrixXd>& X, int n) const;
  /// Coordinates of a direction v (H) on the first n components: Pᵀ v (no centring).
  Eigen::VectorXd project_direction(const Eigen::Ref<const Eigen::VectorXd>& v, int n) const;
  /// The state m + P z for plane coordinates z (n ≤ H entries).
  Eigen::VectorXd lift_state(const Eigen::Ref<const Eigen::VectorXd>& z) const;
  /// Flips the sign of component i (a convention, e.g. SPEC §5.2).
  void flip(int i);
};

/// Fits PCA to X (H × N, N ≥ 2, finite). Each component's largest-magnitude entry is made
/// positive (a deterministic sign). Throws InvalidInput on bad shapes or non-finite values.
Pca fit_pca(const Eigen::Ref<const Eigen::MatrixXd>& X);

}  // namespace iblrnn::analysis
