// PCA on data whose sample covariance is known exactly (orthogonal ±1 patterns), and
// properties: orthonormal components, sorted variances, projections.
#include <gtest/gtest.h>

#include <Eigen/QR>

#include "iblrnn/analysis/pca.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"
#include "../support/random_matrices.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::core;

using iblrnn::testing::random_orthogonal;

namespace {
// Rows 1..k of a Sylvester–Hadamard matrix of order n (power of 2): centred, mutually
// orthogonal ±1 patterns with Z Zᵀ = n I.
Eigen::MatrixXd hadamard_rows(int n, int k) {
  Eigen::MatrixXd H(1, 1);
  H(0, 0) = 1;
  while (H.rows() < n) {
    const auto m = H.rows();
    Eigen::MatrixXd G(2 * m, 2 * m);
    G << H, H, H, -H;
    H = G;
  }
  return H.middleRows(1, k);
}

}  // namespace

TEST(Pca, RecoversKnownCovarianceExactly) {
  const int h = 5, n = 256;
  const Eigen::MatrixXd V = random_orthogonal(h, 3);
  Eigen::VectorXd sd(h);
  sd << 3.0, 2.0, 1.0, 0.5, 0.1;
  Eigen::VectorXd shift(h);
  shift << 1, -2, 3, 0.5, 7;
  const Eigen::MatrixXd X = (V * sd.asDiagonal() * hadamard_rows(n, h)).colwise() + shift;
  const Pca pca = fit_pca(X);
  // Sample covariance = V diag(sd²) Vᵀ · n/(n − 1).
  for (int i = 0; i < h; ++i) {
    EXPECT_NEAR(pca.variance(i), sd(i) * sd(i) * n / (n - 1.0), 1e-10);
    EXPECT_NEAR(std::fabs(pca.components.col(i).dot(V.col(i))), 1.0, 1e-10);
  }
  EXPECT_TRUE(pca.mean.isApprox(shift, 1e-12));
  const double total = sd.squaredNorm();
  EXPECT_NEAR(pca.explained(0), 9.0 / total, 1e-12);
  EXPECT_NEAR(pca.cumulative(1), 13.0 / total, 1e-12);
  EXPECT_NEAR(pca.cumulative(h - 1), 1.0, 1e-12);
}

TEST(Pca, ComponentsAreOrthonormalAndSorted) {
  Rng rng(1, Stream::fit);
  Eigen::MatrixXd X(7, 300);
  for (int j = 0; j < 300; ++j)
    for (int i = 0; i < 7; ++i) X(i, j) = rng.normal() * (i + 1) + (i == 0 ? 0.5 * X(1, j) : 0);
  const Pca pca = fit_pca(X);
  EXPECT_TRUE((pca.components.transpose() * pca.components).isIdentity(1e-12));
  for (int i = 1; i < 7; ++i) EXPECT_GE(pca.variance(i - 1), pca.variance(i));
  for (int i = 0; i < 7; ++i) {
    Eigen::Index k;
    pca.components.col(i).cwiseAbs().maxCoeff(&k);
    EXPECT_GT(pca.components(k, i), 0.0);
  }
  // Projections have the component variances.
  const Eigen::MatrixXd z = pca.project_states(X, 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(z.row(i).mean(), 0.0, 1e-12);
    EXPECT_NEAR(z.row(i).squaredNorm() / 299.0, pca.variance(i), 1e-9 * pca.variance(i));
  }
  // Directions are not centred; states are.
  const Eigen::VectorXd v = Eigen::VectorXd::Unit(7, 2);
  EXPECT_TRUE(pca.project_direction(v, 2).isApprox(pca.components.block(2, 0, 1, 2).transpose()));
  EXPECT_TRUE(pca.lift_state(z.col(5).head(2)).isApprox(
      pca.mean + pca.components.leftCols(2) * z.col(5).head(2)));
}

TEST(Pca, FlipChangesOnlyOneSign) {
  Eigen::MatrixXd X(2, 4);
  X << 1, 2, 3, 4, 1, 0, 1, 0;
  Pca pca = fit_pca(X);
  const Eigen::MatrixXd before = pca.components;
  pca.flip(1);
  EXPECT_TRUE(pca.components.col(0).isApprox(before.col(0)));
  EXPECT_TRUE(pca.components.col(1).isApprox(-before.col(1)));
}

TEST(Pca, RejectsBadInput) {
  try {
    fit_pca(Eigen::MatrixXd::Zero(3, 1));
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "fit_pca: X columns (steps) must be >= 2, got 1");
  }
  Eigen::MatrixXd X = Eigen::MatrixXd::Zero(2, 3);
  X(0, 0) = std::nan("");
  EXPECT_THROW(fit_pca(X), InvalidInput);
}
