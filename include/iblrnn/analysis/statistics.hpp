// Small statistics used by the analyses (docs/analysis.md eq. A6–A8): the regularised
// incomplete beta function, Student's t two-sided p-value, ordinary least squares of y on x
// with slope, intercept, Pearson r and the p-value of the slope, and least squares through
// the origin. Inputs are plain vectors of equal length.
#pragma once

#include <Eigen/Core>

namespace iblrnn::analysis {

/// Regularised incomplete beta I_x(a, b) for a, b > 0, x in [0, 1] (continued fraction).
/// Throws InvalidInput if a or b is not > 0 or x is outside [0, 1].
double incomplete_beta(double a, double b, double x);

/// Two-sided p-value P(|T| ≥ |t|) of Student's t with `dof` > 0 degrees of freedom (eq. A7).
/// Throws InvalidInput if dof is not > 0.
double student_t_two_sided_p(double t, double dof);

/// Ordinary least squares y ≈ intercept + slope x (eq. A6) with Pearson r and its p-value.
struct LinearFit {
  double slope = 0;
  double intercept = 0;
  double r = 0;            // Pearson correlation of x and y
  double p = 1;            // two-sided p of slope ≠ 0 (t = r √((n−2)/(1−r²)), n−2 dof)
  double slope_stderr = 0; // standard error of the slope
  long n = 0;              // number of points
};

/// Fits y on x (both length n ≥ 3, x not constant). Throws InvalidInput otherwise.
LinearFit fit_linear(const Eigen::Ref<const Eigen::VectorXd>& x,
                     const Eigen::Ref<const Eigen::VectorXd>& y);

/// Least squares through the origin y ≈ scale x (eq. A8).
struct OriginFit {
  double scale = 0;        // Σxy / Σx²
  double r2 = 0;           // 1 − Σ(y − scale x)² / Σ(y − ȳ)² (centred; may be negative)
  double r = 0;            // Pearson correlation of x and y
  long n = 0;
};

/// Fits y ≈ scale x (length n ≥ 2, x not all zero). Throws InvalidInput otherwise.
OriginFit fit_through_origin(const Eigen::Ref<const Eigen::VectorXd>& x,
                             const Eigen::Ref<const Eigen::VectorXd>& y);

}  // namespace iblrnn::analysis
