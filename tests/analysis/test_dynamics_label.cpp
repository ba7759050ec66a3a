// The dynamics label (docs/analysis.md eq. A17–A19) on constructed 2-D systems with known
// answers: a line of fixed points (line attractor), a weakly bistable tanh unit whose saddle's
// unstable manifold is a slow channel (bistable with a slow channel, not a line attractor), a
// strongly bistable one (no slow channel), a contracting affine map (monostable) and four
// attractors (other); the manifold angles by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "iblrnn/analysis/dynamics_label.hpp"
#include "iblrnn/core/error.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::core;


namespace {

// A 2-D map given by its two coordinate functions f0(h0), f1(h1) (separable, so the Jacobian
// is diagonal).
class SeparableMap : public StepMap {
 public:
  using Fn = std::function<double(double)>;
  SeparableMap(Fn f0, Fn d0, Fn f1, Fn d1)
      : f0_(std::move(f0)), d0_(std::move(d0)), f1_(std::move(f1)), d1_(std::move(d1)) {}
  int n_state() const override { return 2; }
  Eigen::VectorXd step(const Eigen::VectorXd& h, const Eigen::Vector3d&) const override {
    return Eigen::Vector2d(f0_(h(0)), f1_(h(1)));
  }
  Eigen::MatrixXd jacobian(const Eigen::VectorXd& h, const Eigen::Vector3d&) const override {
    return Eigen::Vector2d(d0_(h(0)), d1_(h(1))).asDiagonal();
  }

 private:
  Fn f0_, d0_, f1_, d1_;
};

SeparableMap::Fn tanh_gain(double a) {
  return [a](double u) { return std::tanh(a * u); };
}
SeparableMap::Fn tanh_gain_slope(double a) {
  return [a](double u) {
    const double t = std::tanh(a * u);
    return a * (1 - t * t);
  };
}
SeparableMap::Fn linear(double a, double b = 0) {
  return [a, b](double u) { return a * u + b; };
}
SeparableMap::Fn constant(double a) {
  return [a](double) { return a; };
}

// An 8 × 8 grid of visited states over [−r, r]².
Eigen::MatrixXd grid(double r) {
  Eigen::MatrixXd g(2, 64);
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j) g.col(8 * i + j) << -r + 2 * r * i / 7.0, -r + 2 * r * j / 7.0;
  return g;
}

// Relaxation to speed_tol; the speed scale (a typical recorded step) is 20 × speed_tol, so a
// slow channel moves by at most 2 × speed_tol per step.
DynamicsClass classify(const StepMap& map, double r, double speed_tol) {
  const Eigen::MatrixXd starts = grid(r);
  FixedPointOptions fo;
  const Eigen::Vector3d x = Eigen::Vector3d::Zero();
  const FixedPointSet fixed = find_fixed_points(map, x, starts, fo);
  const FixedPointSet slow = relax_to_slow_points(map, x, starts, speed_tol, 5000, fo);
  return label_dynamics(map, x, fixed, slow, starts, 20 * speed_tol);
}

}  // namespace

TEST(DynamicsLabel, LineOfFixedPointsIsALineAttractor) {
  const SeparableMap map(linear(1.0), constant(1.0), linear(0.5), constant(0.5));
  const DynamicsClass c = classify(map, 1.0, 1e-3);
  EXPECT_EQ(c.kind, DynamicsKind::line_attractor) << c.reason;
  EXPECT_EQ(c.stable.size(), 0u);  // |λ| = 1 exactly: marginal, not stable
  EXPECT_GT(c.n_marginal, 5);
  EXPECT_GT(c.manifold.coverage, 0.9);
  EXPECT_GT(c.manifold.fraction_1d, 0.99);
  ASSERT_EQ(c.direction.size(), 2);
  EXPECT_NEAR(std::abs(c.direction(0)), 1.0, 1e-6);
}

TEST(DynamicsLabel, WeakBistableUnitIsBistableWithSlowChannel) {
  // u' = tanh(1.05 u): stable points ±u* (u* ≈ 0.36, λ ≈ 0.91), saddle at 0 (λ = 1.05); the
  // drift between them stays below 0.01 (the speed scale is 0.2).
  const SeparableMap map(tanh_gain(1.05), tanh_gain_slope(1.05), linear(0.5), constant(0.5));
  const DynamicsClass c = classify(map, 0.5, 1e-2);
  EXPECT_EQ(c.kind, DynamicsKind::bistable) << c.reason;
  EXPECT_TRUE(c.slow_channel) << c.reason;
  ASSERT_EQ(c.stable.size(), 2u);
  EXPECT_NEAR(std::abs(c.stable[0](0)), std::abs(c.stable[1](0)), 1e-8);
  EXPECT_NEAR(std::tanh(1.05 * c.stable[0](0)), c.stable[0](0), 1e-8);
  ASSERT_EQ(c.saddles.size(), 1u);
  // q < 1e-12 bounds |F(u) − u| = 0.05|u| near 0 by 1.4e-6, so |u| < 2.9e-5.
  EXPECT_NEAR(c.saddles[0].norm(), 0.0, 3e-5);
  // The slow set alone would pass as a line: the saddle between two stable points decides.
  EXPECT_TRUE(c.manifold.connected_1d);
  EXPECT_NEAR(std::abs(c.direction(0)), 1.0, 1e-3);
  EXPECT_TRUE(c.channel.joins);
  EXPECT_NEAR(c.channel.saddle_lambda, 1.05, 1e-8);  // 1.05 (1 − tanh²(1.05 u)), |u| < 3e-5
  // The largest step along u ← tanh(1.05 u) between 0 and u*, by a fine scan.
  double largest = 0;
  for (double u = 0; u <= std::abs(c.stable[0](0)); u += 1e-5)
    largest = std::max(largest, std::abs(std::tanh(1.05 * u) - u));
  EXPECT_NEAR(c.channel.max_step, largest, 1e-4);
  EXPECT_LT(c.channel.max_step_relative, 0.1);
}

TEST(DynamicsLabel, StrongBistableUnitHasNoSlowChannel) {
  const SeparableMap map(tanh_gain(3.0), tanh_gain_slope(3.0), linear(0.5), constant(0.5));
  const DynamicsClass c = classify(map, 1.0, 1e-3);
  EXPECT_EQ(c.kind, DynamicsKind::bistable) << c.reason;
  EXPECT_FALSE(c.slow_channel) << c.reason;
  EXPECT_EQ(c.saddles.size(), 1u);
  EXPECT_TRUE(c.channel.joins);  // it joins them, but fast: no slow channel
  EXPECT_GT(c.channel.max_step_relative, 1.0);
  // The direction is the line through the two stable points.
  ASSERT_EQ(c.direction.size(), 2);
  EXPECT_NEAR(std::abs(c.direction(0)), 1.0, 1e-6);
}

TEST(DynamicsLabel, ContractingMapIsMonostable) {
  const SeparableMap map(linear(0.5, 0.1), constant(0.5), linear(0.5, -0.2), constant(0.5));
  const DynamicsClass c = classify(map, 1.0, 1e-4);
  EXPECT_EQ(c.kind, DynamicsKind::monostable) << c.reason;
  ASSERT_EQ(c.stable.size(), 1u);
  EXPECT_TRUE(c.stable[0].isApprox(Eigen::Vector2d(0.2, -0.4), 1e-6));
  EXPECT_EQ(c.direction.size(), 0);
}

TEST(DynamicsLabel, FourAttractorsAreOther) {
  const SeparableMap map(tanh_gain(3.0), tanh_gain_slope(3.0), tanh_gain(3.0),
                         tanh_gain_slope(3.0));
  const DynamicsClass c = classify(map, 1.0, 1e-3);
  EXPECT_EQ(c.kind, DynamicsKind::other) << c.reason;
  EXPECT_EQ(c.stable.size(), 4u);
  EXPECT_LT(c.manifold.fraction_1d, 0.9);
}

TEST(DynamicsLabel, NamesOptionsAndSizes) {
  EXPECT_EQ(dynamics_kind_name(DynamicsKind::line_attractor), "line_attractor");
  EXPECT_EQ(dynamics_kind_name(DynamicsKind::monostable), "monostable");
  DynamicsLabelOptions o;
  o.lambda_tol = 0;
  EXPECT_THROW(o.validate(), InvalidInput);
  o = {};
  o.min_line_points = 1;
  EXPECT_THROW(o.validate(), InvalidInput);
  const SeparableMap map(linear(0.5), constant(0.5), linear(0.5), constant(0.5));
  const Eigen::Vector3d x = Eigen::Vector3d::Zero();
  FixedPointSet empty;
  EXPECT_THROW(label_dynamics(map, x, empty, empty, Eigen::MatrixXd::Zero(2, 1), 1.0),
               InvalidInput);
  EXPECT_THROW(label_dynamics(map, x, empty, empty, grid(1.0), 0.0), InvalidInput);
  FixedPointSet wrong;
  wrong.points.resize(1);
  wrong.points[0].h = Eigen::Vector3d::Zero();
  EXPECT_THROW(label_dynamics(map, x, wrong, empty, grid(1.0), 1.0), InvalidInput);
}

TEST(DynamicsLabel, ManifoldAnglesByHand) {
  Eigen::MatrixXd V = Eigen::MatrixXd::Zero(3, 2);
  V(0, 0) = V(1, 1) = 1;
  const ManifoldAngles a =
      manifold_angles(Eigen::Vector3d(1, 1, 0), V, {0, 1}, {1, 0}, Eigen::Vector3d(0, 0, 1),
                      Eigen::Vector3d(0, -1, 0));
  EXPECT_NEAR(a.in_plane_fraction, 1.0, 1e-15);
  EXPECT_NEAR(a.block_plane_deg, 45.0, 1e-12);
  EXPECT_NEAR(a.stimulus_plane_deg, 45.0, 1e-12);
  EXPECT_NEAR(a.block_full_ours_deg, 90.0, 1e-12);
  EXPECT_NEAR(a.block_full_paper2020_deg, 45.0, 1e-12);  // a line's sign does not matter
  EXPECT_THROW(manifold_angles(Eigen::Vector3d(0, 0, 1), V, {0, 1}, {1, 0},
                               Eigen::Vector3d(0, 0, 1), Eigen::Vector3d(0, 1, 0)),
               InvalidInput);  // orthogonal to the plane
}
