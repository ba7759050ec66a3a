#include "iblrnn/analysis/statistics.hpp"

#include <cmath>
#include <limits>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::analysis {
namespace {

// Continued fraction of I_x(a, b) (modified Lentz). Converges fast for x < (a+1)/(a+b+2);
// the caller uses the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) otherwise.
double beta_continued_fraction(double a, double b, double x) {
  const double tiny = 1e-300;
  const double eps = 1e-16;
  double c = 1.0;
  double d = 1.0 - (a + b) * x / (a + 1.0);
  if (std::fabs(d) < tiny) d = tiny;
  d = 1.0 / d;
  double f = d;
  for (int m = 1; m <= 10000; ++m) {
    const double m2 = 2.0 * m;
    // even step: d_{2m} = m (b − m) x / ((a + 2m − 1)(a + 2m))
    double num = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
    d = 1.0 + num * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + num / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    f *= d * c;
    // odd step: d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))
    num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
    d = 1.0 + num * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + num / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    f *= delta;
    if (std::fabs(delta - 1.0) < eps) break;
  }
  return f;
}

}  // namespace

double incomplete_beta(double a, double b, double x) {
  require(a > 0.0 && std::isfinite(a), "incomplete_beta", "a", "must be finite and > 0", a);
  require(b > 0.0 && std::isfinite(b), "incomplete_beta", "b", "must be finite and > 0", b);
  require(x >= 0.0 && x <= 1.0, "incomplete_beta", "x", "must be in [0, 1]", x);
  if (x == 0.0 || x == 1.0) return x;
  // Prefactor x^a (1−x)^b / (a B(a, b)) in log space.
  const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                           a * std::log(x) + b * std::log1p(-x);
  if (x < (a + 1.0) / (a + b + 2.0)) {
    return std::exp(log_front) * beta_continued_fraction(a, b, x) / a;
  }
  return 1.0 - std::exp(log_front) * beta_continued_fraction(b, a, 1.0 - x) / b;
}

double student_t_two_sided_p(double t, double dof) {
  require(dof > 0.0 && std::isfinite(dof), "student_t_two_sided_p", "dof",
          "must be finite and > 0", dof);
  if (std::isnan(t)) return std::numeric_limits<double>::quiet_NaN();
  if (std::isinf(t)) return 0.0;
  // P(|T| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, 1/2).
  return incomplete_beta(0.5 * dof, 0.5, dof / (dof + t * t));
}

LinearFit fit_linear(const Eigen::Ref<const Eigen::VectorXd>& x,
                     const Eigen::Ref<const Eigen::VectorXd>& y) {
  require(x.size() == y.size(), "fit_linear", "y", "must have the length of x", y.size());
  require(x.size() >= 3, "fit_linear", "n", "must be >= 3", x.size());
  const double n = double(x.size());
  const double mx = x.mean(), my = y.mean();
  const Eigen::ArrayXd dx = x.array() - mx, dy = y.array() - my;
  const double sxx = (dx * dx).sum(), syy = (dy * dy).sum(), sxy = (dx * dy).sum();
  require(sxx > 0.0, "fit_linear", "x", "must not be constant", mx);
  LinearFit f;
  f.n = x.size();
  f.slope = sxy / sxx;
  f.intercept = my - f.slope * mx;
  f.r = syy > 0.0 ? sxy / std::sqrt(sxx * syy) : 0.0;
  const double rss = std::max(0.0, syy - f.slope * sxy);
  f.slope_stderr = std::sqrt(rss / (n - 2.0) / sxx);
  const double r2 = f.r * f.r;
  if (r2 >= 1.0) {
    f.p = 0.0;
  } else {
    const double t = f.r * std::sqrt((n - 2.0) / (1.0 - r2));
    f.p = student_t_two_sided_p(t, n - 2.0);
  }
  return f;
}

OriginFit fit_through_origin(const Eigen::Ref<const Eigen::VectorXd>& x,
                             const Eigen::Ref<const Eigen::VectorXd>& y) {
  require(x.size() == y.size(), "fit_through_origin", "y", "must have the length of x", y.size());
  require(x.size() >= 2, "fit_through_origin", "n", "must be >= 2", x.size());
  const double sxx = x.squaredNorm();
  require(sxx > 0.0, "fit_through_origin", "x", "must not be all zero", sxx);
  OriginFit f;
  f.n = x.size();
  f.scale = x.dot(y) / sxx;
  const double my = y.mean(), mx = x.mean();
  const double syy = (y.array() - my).square().sum();
  const double rss = (y - f.scale * x).squaredNorm();
  f.r2 = syy > 0.0 ? 1.0 - rss / syy : 0.0;
  const double cxx = (x.array() - mx).square().sum();
  const double cxy = ((x.array() - mx) * (y.array() - my)).sum();
  f.r = (cxx > 0.0 && syy > 0.0) ? cxy / std::sqrt(cxx * syy) : 0.0;
  return f;
}

}  // namespace iblrnn::analysis
