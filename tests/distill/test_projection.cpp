// RADD's projections (docs/distill.md eq. D1) on states with a known geometry: the principal
// axes of a known covariance, and readout rows that point along the constructed stimulus and
// block directions, with their signs (stimulus → right, block → right block).
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>

#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"
#include "iblrnn/distill/projection.hpp"
#include "../support/random_matrices.hpp"

using namespace iblrnn::core;
using namespace iblrnn::distill;

namespace iblrnn {
using iblrnn::testing::random_orthogonal;

namespace {

TEST(PrincipalAxes, FindsAxesOfKnownCovariance) {
  Rng rng(2, Stream::fit);
  const Eigen::MatrixXd Q = random_orthogonal(4, 1);
  Eigen::MatrixXd H(4, 5000);
  for (Eigen::Index t = 0; t < H.cols(); ++t)
    H.col(t) = 3.0 * rng.normal() * Q.col(0) + rng.normal() * Q.col(1) +
               0.01 * rng.normal() * Q.col(2) + Eigen::Vector4d(1, 2, 3, 4);
  const Eigen::MatrixXd axes = principal_axes(H, 2);
  EXPECT_NEAR(std::abs(axes.row(0).dot(Q.col(0))), 1.0, 1e-3);
  EXPECT_NEAR(std::abs(axes.row(1).dot(Q.col(1))), 1.0, 1e-3);
  EXPECT_NEAR((axes * axes.transpose() - Eigen::Matrix2d::Identity()).norm(), 0.0, 1e-12);
  EXPECT_THROW(principal_axes(H, 5), InvalidInput);
}

TEST(ReadoutProjection, RowsFollowStimulusAndBlockDirections) {
  // States in a plane spanned by orthonormal e_s (stimulus belief) and e_b (block belief),
  // plus small noise off the plane; the block coordinate carries the block side.
  const Eigen::MatrixXd Q = random_orthogonal(6, 3);
  const Eigen::VectorXd e_s = Q.col(0), e_b = Q.col(1);
  Rng rng(4, Stream::fit);
  const int N = 4000;
  Eigen::MatrixXd H(6, N);
  std::vector<std::int8_t> side(N);
  for (int t = 0; t < N; ++t) {
    side[t] = (t / 200) % 2 ? 1 : -1;
    if (t % 1000 == 999) side[t] = 0;  // a few unlabelled steps
    const double b = 0.5 * side[t] + 0.3 * rng.normal();
    const double s = 1.5 * rng.normal();
    H.col(t) = s * e_s + b * e_b + 0.01 * rng.normal() * Q.col(2) + 0.5 * Eigen::VectorXd::Ones(6);
  }
  Eigen::MatrixXd W_out(2, 6);
  W_out.row(0) = -0.7 * e_s.transpose() + 0.2 * e_b.transpose() + 0.05 * Q.col(3).transpose();
  W_out.row(1) = 0.7 * e_s.transpose() + 0.2 * e_b.transpose();
  const Eigen::MatrixXd P = readout_projection(H, W_out, side);
  ASSERT_EQ(P.rows(), 2);
  EXPECT_NEAR(P.row(0).norm(), 1.0, 1e-12);
  EXPECT_NEAR(P.row(1).norm(), 1.0, 1e-12);
  EXPECT_GT(P.row(0).dot(e_s), 0.999);  // W_out[R] − W_out[L] ∝ e_s (+ tiny off-plane part)
  EXPECT_GT(P.row(1).dot(e_b), 0.99);   // the decoder separates blocks along e_b
  EXPECT_THROW(readout_projection(H, W_out, std::vector<std::int8_t>(N - 1, 1)), InvalidInput);
  EXPECT_THROW(readout_projection(H, W_out, std::vector<std::int8_t>(N, 0)), InvalidInput);
}

}  // namespace
}  // namespace iblrnn
