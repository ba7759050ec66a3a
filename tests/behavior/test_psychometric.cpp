// Tests of the Nelder–Mead optimiser and the two-lapse psychometric fit (eq. H5–H7):
// analytic derivatives against central differences, recovery of known parameters from
// simulated choices within their standard errors, and calibration of those errors.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "../support/shell.hpp"
#include "iblrnn/behavior/nelder_mead.hpp"
#include "iblrnn/behavior/psychometric.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"

using namespace iblrnn::behavior;
using namespace iblrnn::core;

namespace iblrnn {
namespace {

const std::vector<double> kLevels = {-1, -0.25, -0.125, -0.0625, 0, 0.0625, 0.125, 0.25, 1};

// Simulated right-choice counts at kLevels, n_per_level trials each.
std::vector<double> simulate_counts(const PsychometricParams& p, int n_per_level,
                                    std::uint64_t seed) {
  Rng rng(seed, Stream::split);
  std::vector<double> k;
  for (double x : kLevels) {
    const double q = psychometric_p(p, x);
    int right = 0;
    for (int i = 0; i < n_per_level; ++i) right += rng.bernoulli(q);
    k.push_back(right);
  }
  return k;
}

TEST(NelderMead, FindsTheRosenbrockMinimum) {
  auto rosenbrock = [](const Eigen::VectorXd& v) {
    return 100 * std::pow(v(1) - v(0) * v(0), 2) + std::pow(1 - v(0), 2);
  };
  Eigen::VectorXd x0(2), step(2);
  x0 << -1.2, 1.0;
  step << 0.5, 0.5;
  NelderMeadOptions o;
  o.max_iterations = 5000;
  const NelderMeadResult r = minimize_nelder_mead(rosenbrock, x0, step, o);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.x(0), 1.0, 1e-6);
  EXPECT_NEAR(r.x(1), 1.0, 1e-6);
  EXPECT_LT(r.f, 1e-12);
}

TEST(NelderMead, ReportsNonConvergenceAsStatus) {
  auto quadratic = [](const Eigen::VectorXd& v) { return v.squaredNorm(); };
  Eigen::VectorXd x0 = Eigen::VectorXd::Constant(4, 3.0), step = Eigen::VectorXd::Ones(4);
  NelderMeadOptions o;
  o.max_iterations = 3;
  const NelderMeadResult r = minimize_nelder_mead(quadratic, x0, step, o);
  EXPECT_FALSE(r.converged);
  EXPECT_EQ(r.iterations, 3);
  try {
    minimize_nelder_mead(quadratic, x0, Eigen::VectorXd::Ones(3));
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "minimize_nelder_mead: step must have the size of x0 (>= 1), got 3");
  }
}

TEST(Psychometric, FunctionHasItsLimitsAndMidpoint) {
  const PsychometricParams p{0.2, 0.5, 0.1, 0.05};
  EXPECT_NEAR(psychometric_p(p, -100), 0.1, 1e-15);
  EXPECT_NEAR(psychometric_p(p, 100), 0.95, 1e-15);
  EXPECT_NEAR(psychometric_p(p, 0.2), 0.1 + 0.85 / 2, 1e-15);
  // erf(1) = 0.8427007929497149
  EXPECT_NEAR(psychometric_p(p, 0.7), 0.1 + 0.85 * (0.8427007929497149 + 1) / 2, 1e-15);
}

TEST(Psychometric, GradientMatchesCentralDifferences) {
  const PsychometricParams p{0.1, 0.3, 0.07, 0.12};
  for (double x : {-0.8, -0.1, 0.1, 0.35, 1.0}) {
    double g[4];
    psychometric_gradient(p, x, g);
    for (int j = 0; j < 4; ++j) {
      const double h = 1e-6;
      PsychometricParams a = p, b = p;
      double* pa[4] = {&a.m, &a.w, &a.gamma1, &a.gamma2};
      double* pb[4] = {&b.m, &b.w, &b.gamma1, &b.gamma2};
      *pa[j] += h;
      *pb[j] -= h;
      const double fd = (psychometric_p(a, x) - psychometric_p(b, x)) / (2 * h);
      EXPECT_NEAR(g[j], fd, 1e-8) << "parameter " << j << " x " << x;
    }
  }
}

TEST(PsychometricFit, RecoversKnownParametersWithinStandardErrors) {
  const PsychometricParams truth{0.08, 0.3, 0.05, 0.1};
  const std::vector<double> n(kLevels.size(), 2000);
  const auto k = simulate_counts(truth, 2000, 7);
  const PsychometricFit f = fit_psychometric(kLevels, n, k);
  EXPECT_EQ(f.status, "ok");
  EXPECT_TRUE(f.converged);
  EXPECT_EQ(f.n_levels, 9);
  EXPECT_EQ(f.n_trials, 18000);
  EXPECT_LE(f.nll, psychometric_nll(truth, kLevels, n, k));
  const double est[4] = {f.params.m, f.params.w, f.params.gamma1, f.params.gamma2};
  const double se[4] = {f.se.m, f.se.w, f.se.gamma1, f.se.gamma2};
  const double tru[4] = {truth.m, truth.w, truth.gamma1, truth.gamma2};
  for (int j = 0; j < 4; ++j) {
    ASSERT_TRUE(std::isfinite(se[j])) << j;
    EXPECT_GT(se[j], 0) << j;
    EXPECT_LT(std::abs(est[j] - tru[j]), 3 * se[j]) << "parameter " << j;
  }
}

TEST(PsychometricFit, StandardErrorsAreCalibratedOverReplicates) {
  // Over 40 simulated data sets, (estimate − truth) / SE should be roughly N(0, 1):
  // its standard deviation within [0.7, 1.4] and at most 4 of 40 beyond ±2 per parameter.
  const PsychometricParams truth{-0.05, 0.25, 0.08, 0.04};
  const std::vector<double> n(kLevels.size(), 400);
  const int reps = 40;
  double sum_z2[4] = {0, 0, 0, 0};
  int beyond[4] = {0, 0, 0, 0};
  PsychometricFitOptions o;
  o.restarts = 4;
  for (int r = 0; r < reps; ++r) {
    const auto k = simulate_counts(truth, 400, 100 + r);
    const PsychometricFit f = fit_psychometric(kLevels, n, k, o);
    const double z[4] = {(f.params.m - truth.m) / f.se.m, (f.params.w - truth.w) / f.se.w,
                         (f.params.gamma1 - truth.gamma1) / f.se.gamma1,
                         (f.params.gamma2 - truth.gamma2) / f.se.gamma2};
    for (int j = 0; j < 4; ++j) {
      ASSERT_TRUE(std::isfinite(z[j])) << "replicate " << r << " parameter " << j;
      sum_z2[j] += z[j] * z[j];
      beyond[j] += std::abs(z[j]) > 2;
    }
  }
  for (int j = 0; j < 4; ++j) {
    const double sd = std::sqrt(sum_z2[j] / reps);
    EXPECT_GT(sd, 0.7) << "parameter " << j;
    EXPECT_LT(sd, 1.4) << "parameter " << j;
    EXPECT_LE(beyond[j], 4) << "parameter " << j;
  }
}

TEST(PsychometricFit, LapseAtItsBoundHasNoStandardError) {
  // A noiseless observer: γ₁ = γ₂ = 0 sit on the bound, so their SE is not defined.
  const PsychometricParams truth{0.0, 0.2, 0.0, 0.0};
  const std::vector<double> n(kLevels.size(), 1000);
  const auto k = simulate_counts(truth, 1000, 3);
  const PsychometricFit f = fit_psychometric(kLevels, n, k);
  EXPECT_LT(f.params.gamma1, 1e-3);
  EXPECT_LT(f.params.gamma2, 1e-3);
  EXPECT_NEAR(f.params.m, 0.0, 0.02);
  EXPECT_TRUE(std::isfinite(f.se.m));
}

TEST(PsychometricFit, IsDeterministicForASeed) {
  const PsychometricParams truth{0.1, 0.4, 0.1, 0.1};
  const std::vector<double> n(kLevels.size(), 50);
  const auto k = simulate_counts(truth, 50, 11);
  const PsychometricFit a = fit_psychometric(kLevels, n, k);
  const PsychometricFit b = fit_psychometric(kLevels, n, k);
  EXPECT_EQ(a.params.m, b.params.m);
  EXPECT_EQ(a.params.w, b.params.w);
  EXPECT_EQ(a.nll, b.nll);
}

TEST(PsychometricFit, TooFewLevelsIsAStatus) {
  const PsychometricFit f = fit_psychometric({-1, 1, 0}, {10, 10, 0}, {2, 8, 0});
  EXPECT_EQ(f.status, "too_few_levels");
  EXPECT_FALSE(f.converged);
  EXPECT_EQ(f.n_levels, 2);
  EXPECT_TRUE(std::isnan(f.params.m));
}

TEST(PsychometricFit, RejectsBadCounts) {
  auto message = [](const std::vector<double>& n, const std::vector<double>& k) {
    try {
      fit_psychometric({-1, 0, 1}, n, k);
    } catch (const InvalidInput& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message({1, 1}, {0, 0, 0}),
            "fit_psychometric: n, k must have one count per signal level (as many as x), got 2");
  EXPECT_EQ(message({1, 1, 1}, {0, 2, 0}),
            "fit_psychometric: k must satisfy 0 <= k <= n at a finite x, got 2");
}

}  // namespace
}  // namespace iblrnn

namespace iblrnn {

TEST(Psychometric, IblRangesMatchAnIndependentBoundedScipyFit) {
  // Counts at IBL's signed contrasts (%) from a known curve; then ibllib's box (m ∈ [−50, 50],
  // w ∈ [10, 50], lapses ∈ [0, 0.2]) fitted here and by SciPy's L-BFGS-B from a grid of starts.
  const std::vector<double> x = {-100, -25, -12.5, -6.25, 0, 6.25, 12.5, 25, 100};
  const PsychometricParams truth{8.0, 18.0, 0.08, 0.3};  // γ₂ beyond ibllib's 0.2 cap
  std::vector<double> n(x.size(), 400.0), k;
  for (double xi : x) k.push_back(std::round(400.0 * psychometric_p(truth, xi)));
  PsychometricFitOptions o;
  o.ranges = "ibl";
  const PsychometricFit f = fit_psychometric(x, n, k, o);
  ASSERT_EQ(f.status, "ok");
  EXPECT_NEAR(f.params.gamma2, 0.2, 1e-6);           // at the cap
  EXPECT_TRUE(std::isnan(f.se.gamma2));               // no SE at a bound
  EXPECT_GE(f.params.w, 10.0);
  EXPECT_LE(f.params.w, 50.0);
  std::string xs, ns, ks;
  for (std::size_t i = 0; i < x.size(); ++i) {
    xs += (i ? "," : "") + std::to_string(x[i]);
    ns += (i ? "," : "") + std::to_string(n[i]);
    ks += (i ? "," : "") + std::to_string(k[i]);
  }
  const std::string script =
      "import numpy as np, itertools\n"
      "from scipy.optimize import minimize\nfrom scipy.special import erf\n"
      "x=np.array([" + xs + "]); n=np.array([" + ns + "]); k=np.array([" + ks + "])\n"
      "def nll(p):\n"
      "  q=p[2]+(1-p[2]-p[3])*(erf((x-p[0])/p[1])+1)/2; q=np.clip(q,1e-12,1-1e-12)\n"
      "  return -np.sum(k*np.log(q)+(n-k)*np.log1p(-q))\n"
      "b=[(-50,50),(10,50),(0,0.2),(0,0.2)]; best=None\n"
      "for s in itertools.product([-20,0,20],[15,40],[0.02,0.1],[0.02,0.1]):\n"
      "  r=minimize(nll,s,method='L-BFGS-B',bounds=b,options={'ftol':1e-15,'gtol':1e-10})\n"
      "  best=r if best is None or r.fun<best.fun else best\n"
      "print(' '.join(repr(v) for v in list(best.x)+[best.fun]))\n";
  const std::string path = ::testing::TempDir() + "/ibl_fit_check.py";
  std::ofstream(path) << script;
  const auto r = iblrnn::testing::run_command(std::string(iblrnn::testing::python_with_numpy()) + " " + path);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::istringstream in(r.output);
  double m, w, g1, g2, nll;
  ASSERT_TRUE(in >> m >> w >> g1 >> g2 >> nll) << r.output;
  EXPECT_LE(f.nll, nll + 1e-6);                       // at least as good as SciPy's optimum
  EXPECT_NEAR(f.params.m, m, 0.05 * f.se.m);          // and the same point, well within 1 SE
  EXPECT_NEAR(f.params.w, w, 0.05 * f.se.w);
  EXPECT_NEAR(f.params.gamma1, g1, 0.05 * f.se.gamma1);
  EXPECT_NEAR(f.params.gamma2, g2, 1e-5);
  // The default (data) ranges let γ₂ reach the truth instead.
  EXPECT_NEAR(fit_psychometric(x, n, k).params.gamma2, 0.3, 0.02);
}

}  // namespace iblrnn
