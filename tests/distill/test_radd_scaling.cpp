// RADD's scaling choices (docs/distill.md eq. D2–D2b): the shared scale of the 2020 code
// recovers a known 2-unit tanh system embedded in a 5-unit state exactly, where the
// per-coordinate scale does not; the scales by hand; option and name validation.
#include <gtest/gtest.h>

#include <cmath>

#include "../support/random_matrices.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"
#include "iblrnn/distill/radd_scaling.hpp"

using namespace iblrnn::core;
using namespace iblrnn::distill;

namespace iblrnn {
namespace {

TanhMap known_map() {
  TanhMap map;
  map.A = (Eigen::Matrix2d() << 0.6, 0.2, 0.1, 0.9).finished();
  map.B = (Eigen::Matrix<double, 2, 3>() << -0.5, 0.5, 0.02, -0.1, 0.1, 0.05).finished();
  map.c = Eigen::Vector2d::Zero();  // odd map: inputs −x give states −u
  return map;
}

// Two sessions of T steps, the second the mirror image (inputs −x) of the first, so that the
// states have mean exactly 0. At step t_peak of the first session the right observation is
// chosen so that unit 0 reaches 1/1.01 exactly: the shared scale 1.01 · max|z| is then the
// system's own unit and z = u.
struct KnownRun {
  Eigen::MatrixXd U, X;
  std::vector<std::uint8_t> session_start;
};

KnownRun known_run(const TanhMap& map, Eigen::Index T, Eigen::Index t_peak) {
  Rng rng(7, Stream::fit);
  Eigen::MatrixXd x(3, T), u(2, T);
  Eigen::Vector2d prev = Eigen::Vector2d::Zero();
  for (Eigen::Index t = 0; t < T; ++t) {
    x.col(t) << 0.4 * rng.normal(), 0.4 * rng.normal(), 0.1 * rng.normal();
    if (t == t_peak) {
      const double target = std::atanh(1.0 / 1.01);
      const double rest = map.A.row(0).dot(prev) + map.B(0, 0) * x(0, t) + map.B(0, 2) * x(2, t);
      x(1, t) = (target - rest) / map.B(0, 1);
    }
    prev = map.step(prev, x.col(t));
    u.col(t) = prev;
  }
  KnownRun r;
  r.U.resize(2, 2 * T);
  r.X.resize(3, 2 * T);
  r.U << u, -u;
  r.X << x, -x;
  r.session_start.assign(static_cast<std::size_t>(2 * T), 0);
  r.session_start[0] = r.session_start[T] = 1;
  return r;
}

}  // namespace

TEST(RaddScaling, SharedScaleRecoversKnownTwoUnitSystem) {
  const TanhMap map = known_map();
  const KnownRun run = known_run(map, 400, 50);
  const double peak = run.U.cwiseAbs().maxCoeff();
  ASSERT_NEAR(peak, 1.0 / 1.01, 1e-12);
  ASSERT_NEAR(run.U.row(0).cwiseAbs().maxCoeff(), peak, 1e-15);  // the peak is unit 0's
  ASSERT_LT(run.U.row(1).cwiseAbs().maxCoeff(), 0.9 * peak);     // so per-coordinate differs
  // Embed in 5 units: h = Q (λ u) + h0 with orthonormal Q (5 × 2); RADD projects on P = Qᵀ.
  const Eigen::MatrixXd Q = testing::random_orthogonal(5, 3).leftCols(2);
  const Eigen::VectorXd h0 = testing::random_normal(5, 1, 4);
  Eigen::MatrixXd hidden = Q * (2.5 * run.U);
  hidden.colwise() += h0;
  const Eigen::MatrixXd P = Q.transpose();

  RaddScalingOptions shared;
  const RaddScaledFit fit = fit_radd_scaled(P, hidden, run.X, run.session_start, shared);
  EXPECT_NEAR(fit.projection.scale(0), 2.5, 1e-12);
  EXPECT_NEAR(fit.projection.scale(1), 2.5, 1e-12);
  EXPECT_LT((fit.fit.map.A - map.A).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_LT((fit.fit.map.B - map.B).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_LT(fit.fit.map.c.cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_NEAR(fit.time_constants(0), 2.5, 1e-7);
  EXPECT_NEAR(fit.time_constants(1), 10.0, 1e-6);
  EXPECT_NEAR(fit.input_drive_ratio, 5.0, 1e-7);
  EXPECT_TRUE(fit.block_integrates_slower);

  // Per-coordinate scaling stretches the block coordinate to ±0.95: a different (wrong) map.
  RaddScalingOptions per;
  per.scaling = RaddScaling::per_coordinate;
  const RaddScaledFit other = fit_radd_scaled(P, hidden, run.X, run.session_start, per);
  EXPECT_NEAR(other.projection.scale(0), 2.5 / 1.01 / 0.95, 1e-12);
  EXPECT_GT((other.fit.map.A - map.A).cwiseAbs().maxCoeff(), 0.02);
}

TEST(RaddScaling, ScalesByHand) {
  Eigen::MatrixXd Zc(2, 3);
  Zc << 1, -4, 2,  //
      0.5, 0.25, -1;
  RaddScalingOptions o;
  EXPECT_TRUE(radd_scale(Zc, o).isApprox(Eigen::Vector2d(4.04, 4.04)));
  o.scaling = RaddScaling::per_coordinate;
  o.scale_max = 0.5;
  EXPECT_TRUE(radd_scale(Zc, o).isApprox(Eigen::Vector2d(8, 2)));
  Zc.row(1).setZero();
  EXPECT_THROW(radd_scale(Zc, o), InvalidInput);
}

TEST(RaddScaling, NamesAndOptionsAreValidated) {
  EXPECT_EQ(parse_choice<RaddScaling>("shared", "distill", "radd_scaling"), RaddScaling::shared);
  EXPECT_EQ(choice_name(RaddScaling::per_coordinate), "per_coordinate");
  try {
    parse_choice<RaddScaling>("both", "distill", "radd_scaling");
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "distill: radd_scaling must be one of shared | per_coordinate, got \"both\"");
  }
  RaddScalingOptions o;
  o.shared_factor = 1.0;
  EXPECT_THROW(o.validate(), InvalidInput);
  o.shared_factor = 1.01;
  o.scale_max = 1.0;
  EXPECT_THROW(o.validate(), InvalidInput);
}

}  // namespace iblrnn
