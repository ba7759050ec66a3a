// Statistics: incomplete beta against the binomial identity, t p-values against closed forms
// (ν = 1, 2) and printed tables, least squares against hand formulas.
#include <gtest/gtest.h>

#include <cmath>

#include "iblrnn/analysis/statistics.hpp"
#include "iblrnn/core/error.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::core;


namespace {
double binomial_tail(int a, int b, double x) {
  // I_x(a, b) = Σ_{j=a}^{a+b−1} C(a+b−1, j) x^j (1−x)^{a+b−1−j} for integer a, b.
  const int n = a + b - 1;
  double s = 0;
  for (int j = a; j <= n; ++j) {
    const double logc = std::lgamma(n + 1.0) - std::lgamma(j + 1.0) - std::lgamma(n - j + 1.0);
    s += std::exp(logc + j * std::log(x) + (n - j) * std::log1p(-x));
  }
  return s;
}
}  // namespace

TEST(IncompleteBeta, EqualsBinomialTailForIntegerParameters) {
  for (int a = 1; a <= 12; a += 1)
    for (int b = 1; b <= 12; b += 1)
      for (double x : {0.01, 0.2, 0.4, 0.5, 0.77, 0.99})
        EXPECT_NEAR(incomplete_beta(a, b, x), binomial_tail(a, b, x), 1e-13)
            << "a=" << a << " b=" << b << " x=" << x;
  EXPECT_NEAR(incomplete_beta(2, 3, 0.4), 0.5248, 1e-14);
}

TEST(IncompleteBeta, MatchesClosedFormsAndSymmetry) {
  EXPECT_NEAR(incomplete_beta(7.5, 7.5, 0.5), 0.5, 1e-14);
  // I_x(1/2, 1/2) = (2/π) asin(√x)
  for (double x : {0.1, 0.3, 0.9})
    EXPECT_NEAR(incomplete_beta(0.5, 0.5, x), 2.0 / M_PI * std::asin(std::sqrt(x)), 1e-13);
  EXPECT_NEAR(incomplete_beta(3.3, 0.7, 0.6) + incomplete_beta(0.7, 3.3, 0.4), 1.0, 1e-13);
  EXPECT_EQ(incomplete_beta(2, 2, 0.0), 0.0);
  EXPECT_EQ(incomplete_beta(2, 2, 1.0), 1.0);
}

TEST(IncompleteBeta, RejectsBadArguments) {
  try {
    incomplete_beta(2, 2, 1.5);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "incomplete_beta: x must be in [0, 1], got 1.5");
  }
  EXPECT_THROW(incomplete_beta(0, 2, 0.5), InvalidInput);
  EXPECT_THROW(incomplete_beta(2, -1, 0.5), InvalidInput);
}

TEST(StudentT, TwoSidedPMatchesClosedFormsForOneAndTwoDof) {
  for (double t : {0.0, 0.3, 1.0, 2.5, 12.7, -4.0, 100.0}) {
    EXPECT_NEAR(student_t_two_sided_p(t, 1), 1.0 - 2.0 / M_PI * std::atan(std::fabs(t)), 1e-13);
    EXPECT_NEAR(student_t_two_sided_p(t, 2), 1.0 - std::fabs(t) / std::sqrt(2.0 + t * t), 1e-13);
  }
}

TEST(StudentT, TwoSidedPMatchesPrintedTables) {
  // Critical values of Student's t (two-sided 5 % and 1 %), and the normal limit.
  EXPECT_NEAR(student_t_two_sided_p(2.228138852, 10), 0.05, 1e-8);
  EXPECT_NEAR(student_t_two_sided_p(2.042272456, 30), 0.05, 1e-8);
  EXPECT_NEAR(student_t_two_sided_p(4.032142984, 5), 0.01, 1e-8);
  EXPECT_NEAR(student_t_two_sided_p(2.576, 1e7), 0.00999, 2e-5);
  // A tiny p keeps its relative precision (normal tail 2Φ(−8) = 1.2442e−15).
  EXPECT_NEAR(student_t_two_sided_p(8.0, 1e8) / 1.2441921148543e-15, 1.0, 1e-4);
  EXPECT_THROW(student_t_two_sided_p(1.0, 0.0), InvalidInput);
}

TEST(LinearFit, RecoversLineAndHandFormulas) {
  Eigen::VectorXd x(5), y(5);
  x << 1, 2, 3, 4, 5;
  y << 2.1, 3.9, 6.2, 7.8, 10.1;
  const LinearFit f = fit_linear(x, y);
  // Hand computation: Sxx = 10, Sxy = 19.9, Syy = 39.708.
  EXPECT_NEAR(f.slope, 1.99, 1e-12);
  EXPECT_NEAR(f.intercept, 6.02 - 1.99 * 3, 1e-12);
  EXPECT_NEAR(f.r, 19.9 / std::sqrt(10 * 39.708), 1e-12);
  const double t = f.r * std::sqrt(3.0 / (1 - f.r * f.r));
  EXPECT_NEAR(f.p, student_t_two_sided_p(t, 3), 1e-15);
  EXPECT_NEAR(f.slope_stderr, std::sqrt((39.708 - 1.99 * 19.9) / 3 / 10), 1e-12);
  EXPECT_EQ(f.n, 5);
}

TEST(LinearFit, RejectsConstantXAndShortInput) {
  Eigen::VectorXd x = Eigen::VectorXd::Constant(4, 2.0), y = Eigen::VectorXd::LinSpaced(4, 0, 1);
  try {
    fit_linear(x, y);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "fit_linear: x must not be constant, got 2");
  }
  EXPECT_THROW(fit_linear(Eigen::VectorXd::Zero(2), Eigen::VectorXd::Zero(2)), InvalidInput);
}

TEST(OriginFit, ScaleIsRatioOfSums) {
  Eigen::VectorXd x(4), y(4);
  x << -1, 0.5, 1, 2;
  y << -2.2, 0.9, 2.1, 4.0;
  const OriginFit f = fit_through_origin(x, y);
  EXPECT_NEAR(f.scale, x.dot(y) / x.squaredNorm(), 1e-15);
  const double rss = (y - f.scale * x).squaredNorm();
  EXPECT_NEAR(f.r2, 1 - rss / (y.array() - y.mean()).square().sum(), 1e-15);
  EXPECT_THROW(fit_through_origin(Eigen::VectorXd::Zero(3), y.head(3)), InvalidInput);
}
