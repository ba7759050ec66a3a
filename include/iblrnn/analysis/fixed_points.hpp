// Fixed and slow points of a StepMap under a held-fixed input (docs/analysis.md eq. A11–A14):
// minimise q(h) = ½‖F(h) − h‖² from many starts by Levenberg–Marquardt on the residual
// F(h) − h (Jacobian J_F − I), keep points with q below a tolerance (fixed) or local minima
// with small q (slow), merge duplicates, and classify each by the eigenvalues of J_F
// (stable iff all |λ| < 1). Then characterise a line attractor (a 1-D family of slow points
// with a marginal |λ| ≈ 1) and the stable points. Shapes: states S, starts S × M.
#pragma once

#include <vector>

#include <Eigen/Core>

#include "iblrnn/analysis/step_map.hpp"

namespace iblrnn::analysis {

struct FixedPointOptions {
  int max_iter = 100;        // Levenberg–Marquardt iterations per start
  double q_tol = 1e-12;      // q below this: converged to a fixed point
  double slow_q_max = 1e-6;  // a local minimum with q below this is kept as a slow point
  double dedup = 1e-3;       // points closer than this (Euclidean) are one point
};

/// One minimisation of q from one start.
struct QMinimum {
  Eigen::VectorXd h;         // final state
  double q = 0;              // q(h)
  int n_iter = 0;
  bool converged = false;    // q < q_tol
};

/// Minimises q from h0 (S) under input x (3). Never throws for non-convergence.
QMinimum minimize_q(const StepMap& map, const Eigen::Vector3d& x, const Eigen::VectorXd& h0,
                    const FixedPointOptions& options);

/// A kept (deduplicated) fixed or slow point with its linearisation.
struct FixedPoint {
  Eigen::VectorXd h;                 // S
  double q = 0;
  bool is_fixed = false;             // q < q_tol (else a slow point)
  Eigen::VectorXcd eigenvalues;      // of J_F(h), sorted by decreasing |λ|
  Eigen::VectorXd lead_direction;    // unit real part of the leading eigenvector
  double max_abs_eigenvalue = 0;     // |λ|max
  bool stable = false;               // all |λ| < 1
  int n_merged = 1;                  // starts that ended here
};

/// All points found from the starts, with counts.
struct FixedPointSet {
  std::vector<FixedPoint> points;    // sorted by increasing q
  int n_starts = 0;
  int n_fixed = 0;                   // starts that converged (q < q_tol)
  int n_slow = 0;                    // starts kept as slow points
  int n_discarded = 0;               // starts ending with q ≥ slow_q_max
};

/// Runs minimize_q from each column of starts (S × M), keeps, merges and linearises.
/// Throws InvalidInput if starts has the wrong number of rows or no columns, or options are bad.
FixedPointSet find_fixed_points(const StepMap& map, const Eigen::Vector3d& x,
                                const Eigen::Ref<const Eigen::MatrixXd>& starts,
                                const FixedPointOptions& options);

/// Slow points by relaxation (eq. A13a): from each start, iterate h ← F(h; x) until the speed
/// ‖F(h) − h‖ falls below speed_tol (or max_steps). Fast directions decay first, so the end
/// points lie on the slow manifold (a line for a line attractor). The points are merged
/// (`dedup`) and linearised like fixed points; is_fixed marks q < q_tol. Throws InvalidInput
/// on bad shapes, speed_tol ≤ 0 or max_steps < 1.
FixedPointSet relax_to_slow_points(const StepMap& map, const Eigen::Vector3d& x,
                                   const Eigen::Ref<const Eigen::MatrixXd>& starts,
                                   double speed_tol, int max_steps,
                                   const FixedPointOptions& options);

/// A 1-D family of slow points (eq. A13).
struct LineAttractor {
  int n_points = 0;                  // points of the family (all kept points)
  int n_marginal = 0;                // points whose |λ|max ≥ lambda_threshold
  double extent = 0;                 // range of the points along their principal direction
  double fraction_1d = 0;            // share of the points' variance along that direction
  Eigen::VectorXd direction;         // unit principal direction of the points (S)
  double lambda_lead_median = 0;     // median |λ|max over points
  double lambda_lead_min = 0;
  double lambda_lead_max = 0;
  double alignment_block = 0;        // |cos| between direction and the block readout
  double angle_block_deg = 0;        // the same as an angle in [0, 90]
  double alignment_stimulus = 0;     // |cos| between direction and the stimulus readout
  double eigvec_alignment_block = 0; // median |cos| of the leading eigenvectors with the block readout
};

/// Characterises the kept points of one input as a line attractor (needs ≥ 2 points; with
/// fewer, n_points says so and the rest stays 0). Readouts are S-vectors (non-zero).
LineAttractor characterise_line_attractor(const FixedPointSet& set,
                                          const Eigen::Ref<const Eigen::VectorXd>& block_readout,
                                          const Eigen::Ref<const Eigen::VectorXd>& stimulus_readout,
                                          double lambda_threshold);

}  // namespace iblrnn::analysis
