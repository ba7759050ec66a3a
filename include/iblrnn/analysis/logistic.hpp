// Binary logistic regression by Newton's method (iteratively reweighted least squares) with a
// small ridge on the weights, and a seeded held-out split (docs/analysis.md eq. A4–A5).
// Minimises L(w, b) = (1/N) Σ_i [log(1 + e^{η_i}) − y_i η_i] + (λ/2)‖w‖², η_i = wᵀx_i + b.
// Shapes: X is D × N (one column per sample), y has N entries in {0, 1}.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Core>

namespace iblrnn::analysis {

struct LogisticOptions {
  double ridge = 1e-6;   // λ of eq. A5 (≥ 0); keeps separable data finite
  int max_iter = 100;    // Newton iterations
  double tol = 1e-10;    // stop when the Newton decrement ½ gᵀH⁻¹g falls below tol
};

/// The fitted classifier: P(y = 1 | x) = σ(wᵀx + b).
struct LogisticFit {
  Eigen::VectorXd w;     // D weights
  double b = 0;          // intercept
  double loss = 0;       // L(w, b) at the optimum
  int n_iter = 0;
  bool converged = false;

  /// P(y = 1) for each column of X (D × N) → N.
  Eigen::VectorXd probability(const Eigen::Ref<const Eigen::MatrixXd>& X) const;
  /// Fraction of columns with (P ≥ ½) == y.
  double accuracy(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::VectorXd& y) const;
};

/// Fits eq. A5 by damped Newton steps (step halving if L does not decrease).
/// Throws InvalidInput on shape mismatch, N < 2, non-finite X or labels outside {0, 1}.
/// Non-convergence is reported in `converged`, not thrown.
LogisticFit fit_logistic(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::VectorXd& y,
                         const LogisticOptions& options = {});

/// A random partition of {0..n−1}: round(train_fraction n) training indices, the rest held out,
/// both sorted ascending.
struct HeldOutSplit {
  std::vector<Eigen::Index> train;
  std::vector<Eigen::Index> test;
};

/// Seeded split (Rng(seed, Stream::split)); same seed → same split. Throws InvalidInput if
/// n < 2 or train_fraction outside (0, 1) or either part would be empty.
HeldOutSplit split_held_out(Eigen::Index n, double train_fraction, std::uint64_t seed);

/// Columns `index` of X (D × N) → D × |index|.
Eigen::MatrixXd take_columns(const Eigen::Ref<const Eigen::MatrixXd>& X,
                             const std::vector<Eigen::Index>& index);

/// Entries `index` of v.
Eigen::VectorXd take_entries(const Eigen::VectorXd& v, const std::vector<Eigen::Index>& index);

}  // namespace iblrnn::analysis
