// Logistic regression: the closed-form optimum of a binary-feature model, an independent
// gradient-descent optimum, first-order optimality, separable data, and the held-out split.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "iblrnn/analysis/logistic.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::core;


namespace {
double logit(double p) { return std::log(p / (1 - p)); }
}  // namespace

TEST(Logistic, MatchesClosedFormOptimumOfBinaryFeature) {
  // x ∈ {0, 1}; without ridge the MLE reproduces the group log-odds exactly:
  // b = logit(P(y=1 | x=0)), w = logit(P(y=1 | x=1)) − b.
  const int n0 = 40, n1 = 60, k0 = 10, k1 = 45;
  Eigen::MatrixXd X(1, n0 + n1);
  Eigen::VectorXd y(n0 + n1);
  for (int i = 0; i < n0 + n1; ++i) {
    X(0, i) = i < n0 ? 0.0 : 1.0;
    y(i) = i < n0 ? (i < k0) : (i - n0 < k1);
  }
  LogisticOptions opt;
  opt.ridge = 0;
  const LogisticFit f = fit_logistic(X, y, opt);
  ASSERT_TRUE(f.converged);
  EXPECT_NEAR(f.b, logit(double(k0) / n0), 1e-9);
  EXPECT_NEAR(f.w(0), logit(double(k1) / n1) - logit(double(k0) / n0), 1e-9);
}

TEST(Logistic, MatchesIndependentGradientDescent) {
  Rng rng(2, Stream::fit);
  const int n = 400;
  Eigen::MatrixXd X(3, n);
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) {
    for (int d = 0; d < 3; ++d) X(d, i) = rng.normal();
    const double eta = 1.5 * X(0, i) - 0.7 * X(1, i) + 0.3;
    y(i) = rng.uniform() < 1 / (1 + std::exp(-eta)) ? 1 : 0;
  }
  LogisticOptions opt;
  opt.ridge = 0.01;
  const LogisticFit f = fit_logistic(X, y, opt);
  ASSERT_TRUE(f.converged);
  // Plain gradient descent on the same objective, written separately.
  Eigen::VectorXd w = Eigen::VectorXd::Zero(3);
  double b = 0;
  for (int it = 0; it < 20000; ++it) {
    Eigen::VectorXd gw = opt.ridge * w;
    double gb = 0;
    for (int i = 0; i < n; ++i) {
      const double p = 1 / (1 + std::exp(-(X.col(i).dot(w) + b)));
      gw += (p - y(i)) * X.col(i) / n;
      gb += (p - y(i)) / n;
    }
    w -= 1.0 * gw;
    b -= 1.0 * gb;
  }
  EXPECT_NEAR((f.w - w).norm(), 0.0, 1e-7);
  EXPECT_NEAR(f.b, b, 1e-7);
  // The loss at the optimum is below nearby points.
  double loss = 0;
  for (int i = 0; i < n; ++i) {
    const double eta = X.col(i).dot(f.w) + f.b;
    loss += std::log1p(std::exp(eta)) - y(i) * eta;
  }
  EXPECT_NEAR(f.loss, loss / n + 0.5 * opt.ridge * f.w.squaredNorm(), 1e-12);
  EXPECT_GT(f.accuracy(X, y), 0.7);
}

TEST(Logistic, SeparableDataStaysFiniteWithRidge) {
  Eigen::MatrixXd X(2, 6);
  X << -3, -2, -1, 1, 2, 3, 0.1, -0.2, 0.3, 0.1, 0.0, -0.1;
  Eigen::VectorXd y(6);
  y << 0, 0, 0, 1, 1, 1;
  const LogisticFit f = fit_logistic(X, y);
  EXPECT_TRUE(f.converged);
  EXPECT_TRUE(f.w.allFinite());
  EXPECT_GT(f.w(0), 1.0);
  EXPECT_EQ(f.accuracy(X, y), 1.0);
}

TEST(Logistic, RejectsBadLabelsAndShapes) {
  Eigen::MatrixXd X = Eigen::MatrixXd::Zero(1, 3);
  Eigen::VectorXd y(3);
  y << 0, 1, 2;
  try {
    fit_logistic(X, y);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "fit_logistic: y entries must be 0 or 1, got 2");
  }
  EXPECT_THROW(fit_logistic(X, Eigen::VectorXd::Zero(2)), InvalidInput);
}

TEST(HeldOutSplit, IsSeededPartitionOfRequestedSize) {
  const auto a = split_held_out(1000, 0.67, 5);
  const auto b = split_held_out(1000, 0.67, 5);
  const auto c = split_held_out(1000, 0.67, 6);
  EXPECT_EQ(a.train, b.train);
  EXPECT_NE(a.train, c.train);
  EXPECT_EQ(a.train.size(), 670u);
  EXPECT_EQ(a.test.size(), 330u);
  std::set<Eigen::Index> all(a.train.begin(), a.train.end());
  all.insert(a.test.begin(), a.test.end());
  EXPECT_EQ(all.size(), 1000u);
  EXPECT_EQ(*all.begin(), 0);
  EXPECT_EQ(*all.rbegin(), 999);
  EXPECT_THROW(split_held_out(1000, 1.0, 1), InvalidInput);
  EXPECT_THROW(split_held_out(1, 0.5, 1), InvalidInput);
}
