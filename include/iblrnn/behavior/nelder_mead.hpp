// Nelder–Mead simplex minimisation of a function of a few unconstrained variables
// (docs/behavior.md, "Fitting"): reflection 1, expansion 2, contraction ½, shrink ½.
// Non-convergence within max_iterations is a status in the result, never an exception.
#pragma once

#include <functional>

#include <Eigen/Dense>

namespace iblrnn::behavior {

/// Stopping rules and the initial simplex of minimize_nelder_mead.
struct NelderMeadOptions {
  int max_iterations = 4000;  // iterations (each one reflection and what follows)
  double f_tol = 1e-10;       // stop when f_max − f_min ≤ f_tol·(1 + |f_min|) ...
  double x_tol = 1e-9;        // ... and every vertex is within x_tol of the best (∞-norm)
};

/// The best vertex found, its value, the iterations used and whether the tolerances were met.
struct NelderMeadResult {
  Eigen::VectorXd x;
  double f = 0;
  int iterations = 0;
  bool converged = false;
};

/// Minimises f from x0 with an initial simplex x0 + step_i e_i (x0, step: d-vectors, d ≥ 1).
/// NaN values of f count as +∞. Throws InvalidInput if x0 and step differ in size.
NelderMeadResult minimize_nelder_mead(const std::function<double(const Eigen::VectorXd&)>& f,
                                      const Eigen::VectorXd& x0, const Eigen::VectorXd& step,
                                      const NelderMeadOptions& options = {});

}  // namespace iblrnn::behavior
