// Tests of the phase-portrait tools (docs/distill.md eq. D12–D14) on maps whose fixed points
// are known in closed form or by one-dimensional bisection.
#include <gtest/gtest.h>

#include <cmath>

#include "iblrnn/core/error.hpp"
#include "iblrnn/distill/phase_portrait.hpp"

using namespace iblrnn::core;
using namespace iblrnn::distill;

namespace iblrnn {
namespace {

// The positive root of z = tanh(a z) for a > 1, by bisection (independent of Newton).
double bistable_root(double a) {
  double lo = 1e-3, hi = 1.0;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (std::tanh(a * mid) - mid > 0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

TanhMap diagonal_map(double a0, double a1) {
  TanhMap map;
  map.A = Eigen::Vector2d(a0, a1).asDiagonal();
  map.B = Eigen::MatrixXd::Zero(2, 3);
  map.c = Eigen::Vector2d::Zero();
  return map;
}

TEST(FixedPoints, BistableUnitGivesTwoStablePointsAndOneSaddle) {
  const TanhMap map = diagonal_map(2.0, 0.5);
  const auto points = portrait_fixed_points(map, Eigen::Vector3d::Zero());
  ASSERT_EQ(points.size(), 3u);
  const double root = bistable_root(2.0);
  EXPECT_NEAR(points[0].z(0), -root, 1e-10);
  EXPECT_NEAR(points[1].z(0), 0.0, 1e-10);
  EXPECT_NEAR(points[2].z(0), root, 1e-10);
  for (const auto& p : points) EXPECT_NEAR(p.z(1), 0.0, 1e-10);
  EXPECT_EQ(points[0].kind, "stable");
  EXPECT_EQ(points[1].kind, "saddle");
  EXPECT_EQ(points[2].kind, "stable");
  EXPECT_NEAR(std::abs(points[1].eigenvalues(0)), 2.0, 1e-10);
  EXPECT_NEAR(std::abs(points[0].eigenvalues(0)), 0.5, 1e-10);
  EXPECT_NEAR(std::abs(points[0].eigenvalues(1)), 2.0 * (1 - root * root), 1e-8);
  const auto sig = portrait_signature(points);
  EXPECT_EQ(sig.at("stable"), 2);
  EXPECT_EQ(sig.at("saddle"), 1);
}

TEST(FixedPoints, TwoBistableUnitsGiveNinePoints) {
  const auto points = portrait_fixed_points(diagonal_map(3.0, 2.0), Eigen::Vector3d::Zero());
  const auto sig = portrait_signature(points);
  EXPECT_EQ(points.size(), 9u);
  EXPECT_EQ(sig.at("stable"), 4);
  EXPECT_EQ(sig.at("saddle"), 4);
  EXPECT_EQ(sig.at("unstable"), 1);
}

TEST(FixedPoints, StrongInputLeavesOneStablePoint) {
  TanhMap map = diagonal_map(2.0, 0.5);
  map.B(0, 1) = 1.0;  // o^R drives unit 0
  const auto points = portrait_fixed_points(map, Eigen::Vector3d(0.0, 2.0, 0.0));
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0].kind, "stable");
  EXPECT_GT(points[0].z(0), 0.9);
  EXPECT_LT(points[0].residual, 1e-12);
}

TEST(FixedPoints, MarginalKindAndValidation) {
  EXPECT_EQ(fixed_point_kind(Eigen::Vector2cd(1.0, 0.5)), "marginal");
  EXPECT_EQ(fixed_point_kind(Eigen::Vector2cd(std::complex<double>(0.0, 1.2), 0.5)), "saddle");
  TanhMap three;
  three.A = Eigen::MatrixXd::Identity(4, 4) * 0.5;
  three.B = Eigen::MatrixXd::Zero(4, 3);
  three.c = Eigen::VectorXd::Zero(4);
  EXPECT_THROW(portrait_fixed_points(three, Eigen::Vector3d::Zero()), InvalidInput);
  EXPECT_THROW(portrait_fixed_points(diagonal_map(1, 1), Eigen::Vector2d::Zero()), InvalidInput);
}

TEST(PortraitFlow, EqualsOneStepChange) {
  TanhMap map = diagonal_map(0.9, 0.8);
  map.A(0, 1) = 0.3;
  map.B(1, 2) = 0.5;
  map.c(0) = 0.1;
  const Eigen::Vector3d x(0.2, 1.2, -0.05);
  const PortraitFlow f = portrait_flow(map, x, -1.0, 1.0, 5);
  EXPECT_DOUBLE_EQ(f.axis(1), -0.5);
  const Eigen::Vector2d z(f.axis(1), f.axis(3));
  const Eigen::VectorXd next = map.step(z, x);
  EXPECT_DOUBLE_EQ(f.d0(1, 3), next(0) - z(0));
  EXPECT_DOUBLE_EQ(f.d1(1, 3), next(1) - z(1));
  EXPECT_THROW(portrait_flow(map, x, 1.0, -1.0, 5), InvalidInput);
}

}  // namespace
}  // namespace iblrnn
