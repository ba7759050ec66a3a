// Tests of RADD (docs/distill.md eq. D1–D11): exact recovery of a known tanh system,
// the split never crossing session starts, the gain fit, the refinement's gradient against
// central differences, and the projection's scaling.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>

#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"
#include "iblrnn/distill/radd.hpp"

using namespace iblrnn::core;
using namespace iblrnn::distill;

namespace iblrnn {
namespace {

// Task-like inputs: observations ~ N(±μ, 1) and feedback in {−1, −0.05, 0, 1}.
Eigen::MatrixXd make_inputs(Eigen::Index T, std::uint64_t seed) {
  Rng rng(seed, Stream::fit);
  Eigen::MatrixXd X(3, T);
  const double r_values[4] = {-1.0, -0.05, 0.0, 1.0};
  for (Eigen::Index t = 0; t < T; ++t) {
    X(0, t) = rng.normal() + 0.5 * double(rng.below(4));
    X(1, t) = rng.normal();
    X(2, t) = r_values[rng.below(4)];
  }
  return X;
}

TanhMap paper_map() {
  TanhMap map;
  map.A = (Eigen::Matrix2d() << 0.54, 0.31, 0.19, 0.84).finished();
  map.B = (Eigen::Matrix<double, 2, 3>() << -0.20, 0.20, 0.005, -0.04, 0.04, 0.02).finished();
  map.c = Eigen::Vector2d(0.03, -0.02);
  return map;
}

std::vector<std::uint8_t> starts_every(Eigen::Index T, Eigen::Index period) {
  std::vector<std::uint8_t> s(static_cast<std::size_t>(T), 0);
  for (Eigen::Index t = 0; t < T; t += period) s[t] = 1;
  return s;
}

TEST(RaddFit, RecoversKnownTwoUnitSystemTo1e8) {
  const TanhMap truth = paper_map();
  const Eigen::Index T = 3000;
  const Eigen::MatrixXd X = make_inputs(T, 3);
  const auto starts = starts_every(T, 700);
  const Eigen::Vector2d z_init(0.1, -0.2);
  const Eigen::MatrixXd Z = run_free(truth, z_init, X, starts);
  const RaddFit fit = fit_radd_dynamics(Z, X, starts);
  EXPECT_LT((fit.map.A - truth.A).cwiseAbs().maxCoeff(), 1e-8);
  EXPECT_LT((fit.map.B - truth.B).cwiseAbs().maxCoeff(), 1e-8);
  EXPECT_LT((fit.map.c - truth.c).cwiseAbs().maxCoeff(), 1e-8);
  EXPECT_NEAR(fit.r2_heldout, 1.0, 1e-12);
  EXPECT_EQ(fit.n_train + fit.n_heldout, T - 5);  // five session starts are not transitions
  EXPECT_GT(fit.n_heldout, T / 4);
  EXPECT_LT(fit.n_heldout, T / 2);
  EXPECT_EQ(fit.n_clipped, 0);
}

TEST(RaddFit, RecoversThreeUnitSystem) {
  TanhMap truth;
  truth.A = (Eigen::Matrix3d() << 0.5, 0.1, -0.2, 0.0, 0.9, 0.1, 0.3, -0.1, 0.4).finished();
  truth.B = (Eigen::Matrix3d() << -0.3, 0.3, 0.1, 0.1, 0.2, -0.3, 0.05, 0.0, 0.2).finished();
  truth.c = Eigen::Vector3d(0.1, 0.0, -0.1);
  const Eigen::MatrixXd X = make_inputs(2000, 4);
  const auto starts = starts_every(2000, 2000);
  const Eigen::MatrixXd Z = run_free(truth, Eigen::Vector3d::Zero(), X, starts);
  const RaddFit fit = fit_radd_dynamics(Z, X, starts, {1.0 - 1e-6, 0.0, 1});
  EXPECT_LT((fit.map.A - truth.A).cwiseAbs().maxCoeff(), 1e-8);
  EXPECT_LT((fit.map.B - truth.B).cwiseAbs().maxCoeff(), 1e-8);
  EXPECT_TRUE(std::isnan(fit.r2_heldout));
}

TEST(RaddFit, NeverRegressesAcrossSessionStarts) {
  // Two sessions whose junction is inconsistent with the dynamics (the second starts from a
  // far-away state): exact recovery is only possible if the junction is skipped.
  const TanhMap truth = paper_map();
  const Eigen::MatrixXd X = make_inputs(1000, 5);
  auto starts = starts_every(1000, 1000);
  Eigen::MatrixXd Z = run_free(truth, Eigen::Vector2d::Zero(), X, starts);
  Eigen::MatrixXd Z2 =
      run_free(truth, Eigen::Vector2d(0.9, -0.9), X.rightCols(500), starts_every(500, 500));
  Z.rightCols(500) = Z2;
  starts[500] = 1;
  const RaddFit fit = fit_radd_dynamics(Z, X, starts);
  EXPECT_LT((fit.map.A - truth.A).cwiseAbs().maxCoeff(), 1e-8);
  starts[500] = 0;  // now the junction is (wrongly) a transition
  const RaddFit wrong = fit_radd_dynamics(Z, X, starts, {1.0 - 1e-6, 0.0, 1});
  EXPECT_GT((wrong.map.A - truth.A).cwiseAbs().maxCoeff(), 1e-6);
}

TEST(RaddFit, HeldOutSplitIsSeeded) {
  const TanhMap truth = paper_map();
  const Eigen::MatrixXd X = make_inputs(500, 6);
  const auto starts = starts_every(500, 500);
  Eigen::MatrixXd Z = run_free(truth, Eigen::Vector2d::Zero(), X, starts);
  Rng rng(9, Stream::fit);
  for (Eigen::Index i = 0; i < Z.size(); ++i) Z.data()[i] += 0.01 * rng.normal();
  const RaddFit a = fit_radd_dynamics(Z, X, starts, {1.0 - 1e-6, 0.33, 7});
  const RaddFit b = fit_radd_dynamics(Z, X, starts, {1.0 - 1e-6, 0.33, 7});
  const RaddFit c = fit_radd_dynamics(Z, X, starts, {1.0 - 1e-6, 0.33, 8});
  EXPECT_EQ(a.map.A, b.map.A);
  EXPECT_EQ(a.r2_heldout, b.r2_heldout);
  EXPECT_NE(a.map.A, c.map.A);
  EXPECT_GT(a.r2_heldout, 0.9);
  EXPECT_LT(a.r2_heldout, 1.0);
}

TEST(RaddFit, ClipsTargetsBeforeArctanh) {
  const Eigen::MatrixXd X = make_inputs(200, 7);
  Eigen::MatrixXd Z = Eigen::MatrixXd::Constant(2, 200, 0.5);
  Z(0, 10) = 1.0;  // arctanh(1) = inf without the clip
  const RaddFit fit = fit_radd_dynamics(Z, X, starts_every(200, 200));
  EXPECT_EQ(fit.n_clipped, 1);
  EXPECT_TRUE(fit.map.A.allFinite());
}

TEST(RaddFit, RejectsBadShapesAndOptions) {
  const Eigen::MatrixXd X = make_inputs(50, 8);
  const Eigen::MatrixXd Z = Eigen::MatrixXd::Zero(2, 49);
  try {
    fit_radd_dynamics(Z, X, starts_every(49, 49));
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "fit_radd_dynamics: X must have as many columns (steps) as Z, got 50");
  }
  const Eigen::MatrixXd Z50 = Eigen::MatrixXd::Zero(2, 50);
  EXPECT_THROW(fit_radd_dynamics(Z50, X, starts_every(50, 50), {1.5, 0.3, 1}), InvalidInput);
  EXPECT_THROW(fit_radd_dynamics(Z50, X, starts_every(50, 50), {0.9, 1.0, 1}), InvalidInput);
  std::vector<std::uint8_t> no_start(50, 0);
  EXPECT_THROW(fit_radd_dynamics(Z50, X, no_start), InvalidInput);
  EXPECT_THROW(fit_radd_dynamics(Z50, X, starts_every(50, 1)), InvalidInput);  // no transitions
}

TEST(RaddProjection, ScalesPeakToScaleMaxAndMapsZeroState) {
  Rng rng(1, Stream::fit);
  Eigen::MatrixXd H(5, 300);
  for (Eigen::Index i = 0; i < H.size(); ++i) H.data()[i] = 0.3 + rng.normal();
  Eigen::MatrixXd P = Eigen::MatrixXd::Zero(2, 5);
  P(0, 1) = 2.0;
  P(1, 3) = -1.0;
  const RaddProjection proj = make_radd_projection(P, H, 0.9);
  const Eigen::MatrixXd Z = proj.apply(H);
  EXPECT_NEAR(Z.row(0).cwiseAbs().maxCoeff(), 0.9, 1e-14);
  EXPECT_NEAR(Z.row(1).cwiseAbs().maxCoeff(), 0.9, 1e-14);
  const Eigen::VectorXd z0 = proj.apply(Eigen::VectorXd::Zero(5)).col(0);
  EXPECT_LT((proj.initial_state() - z0).norm(), 1e-14);
  EXPECT_NEAR(Z(0, 7), 2.0 * (H(1, 7) - H.row(1).mean()) / proj.scale(0), 1e-12);
  EXPECT_THROW(make_radd_projection(P, H, 1.0), InvalidInput);
  EXPECT_THROW(make_radd_projection(Eigen::MatrixXd::Zero(2, 5), H, 0.9), InvalidInput);
  EXPECT_THROW(make_radd_projection(Eigen::MatrixXd::Zero(2, 4), H, 0.9), InvalidInput);
}

TEST(ReadoutGain, IsExactOnSyntheticTeacher) {
  Rng rng(3, Stream::fit);
  const double g0 = 4.7;
  Eigen::VectorXd z(400);
  Eigen::MatrixXd probs(2, 400);
  for (Eigen::Index t = 0; t < z.size(); ++t) {
    z(t) = rng.uniform(-0.9, 0.9);
    probs(1, t) = 1.0 / (1.0 + std::exp(-g0 * z(t)));
    probs(0, t) = 1.0 - probs(1, t);
  }
  EXPECT_NEAR(fit_readout_gain(probs, z), g0, 1e-10);
  EXPECT_THROW(fit_readout_gain(probs, Eigen::VectorXd::Zero(400)), InvalidInput);
  EXPECT_THROW(fit_readout_gain(probs.leftCols(3), z), InvalidInput);
}

TEST(FreeRun, TrueMapReproducesTrajectoryWithZeroError) {
  const TanhMap truth = paper_map();
  const Eigen::MatrixXd X = make_inputs(600, 9);
  const auto starts = starts_every(600, 200);
  const Eigen::Vector2d z_init(0.2, 0.1);
  const Eigen::MatrixXd Z = run_free(truth, z_init, X, starts);
  EXPECT_DOUBLE_EQ(
      Z(0, 200), std::tanh(0.54 * 0.2 + 0.31 * 0.1 + truth.B.row(0).dot(X.col(200)) + truth.c(0)));
  const FreeRunError e = free_run_error(run_free(truth, z_init, X, starts), Z);
  EXPECT_EQ(e.rmse, 0.0);
  EXPECT_EQ(e.r2, 1.0);
  TanhMap off = truth;
  off.c(1) += 0.1;
  const FreeRunError e2 = free_run_error(run_free(off, z_init, X, starts), Z);
  EXPECT_GT(e2.rmse, 0.01);
  EXPECT_EQ(e2.error.size(), 600);
}

TEST(Refinement, GradientMatchesCentralDifferences) {
  TanhMap map = paper_map();
  map.A(0, 1) = 0.9;  // a stronger coupling so every entry matters
  const Eigen::MatrixXd X = make_inputs(300, 10);
  const auto starts = starts_every(300, 120);
  Rng rng(4, Stream::fit);
  Eigen::MatrixXd Z(2, 300);
  for (Eigen::Index i = 0; i < Z.size(); ++i) Z.data()[i] = 0.5 * rng.uniform(-1, 1);
  const Eigen::Vector2d z_init(0.3, -0.1);
  TanhMap grad;
  free_run_loss(map, z_init, Z, X, starts, &grad);
  auto check = [&](Eigen::MatrixXd& param, const Eigen::MatrixXd& analytic) {
    for (Eigen::Index i = 0; i < param.size(); ++i) {
      const double keep = param.data()[i], h = 1e-6;
      param.data()[i] = keep + h;
      const double up = free_run_loss(map, z_init, Z, X, starts);
      param.data()[i] = keep - h;
      const double down = free_run_loss(map, z_init, Z, X, starts);
      param.data()[i] = keep;
      const double numeric = (up - down) / (2 * h);
      EXPECT_NEAR(analytic.data()[i], numeric, 1e-6 * std::max(1.0, std::abs(numeric)));
      EXPECT_GT(std::abs(numeric), 1e-5);
    }
  };
  check(map.A, grad.A);
  check(map.B, grad.B);
  Eigen::MatrixXd c = map.c;
  auto check_c = [&]() {
    for (Eigen::Index i = 0; i < 2; ++i) {
      const double keep = map.c(i), h = 1e-6;
      map.c(i) = keep + h;
      const double up = free_run_loss(map, z_init, Z, X, starts);
      map.c(i) = keep - h;
      const double down = free_run_loss(map, z_init, Z, X, starts);
      map.c(i) = keep;
      EXPECT_NEAR(grad.c(i), (up - down) / (2 * h), 1e-8);
    }
  };
  check_c();
}

TEST(Refinement, LowersLossAndApproachesTruthFromPerturbedStart) {
  const TanhMap truth = paper_map();
  const Eigen::MatrixXd X = make_inputs(2000, 11);
  const auto starts = starts_every(2000, 500);
  const Eigen::Vector2d z_init = Eigen::Vector2d::Zero();
  const Eigen::MatrixXd Z = run_free(truth, z_init, X, starts);
  TanhMap start = truth;
  start.A(1, 1) -= 0.1;
  start.B(0, 1) += 0.05;
  const RaddRefineResult r = refine_radd(start, z_init, Z, X, starts, {300, 1.0, 0.0});
  EXPECT_LT(r.loss_end, 0.01 * r.loss_start);
  EXPECT_LT((r.map.A - truth.A).cwiseAbs().maxCoeff(), std::abs(0.1) * 0.5);
  EXPECT_GT(r.n_steps_taken, 10);
  const RaddRefineResult none = refine_radd(start, z_init, Z, X, starts, {0, 1.0, 0.0});
  EXPECT_EQ(none.loss_end, none.loss_start);
  EXPECT_THROW(refine_radd(start, z_init, Z, X, starts, {-1, 1.0, 0.0}), InvalidInput);
}

TEST(RaddSummaries, TimeConstantsAndDriveRatioOfPaperCircuit) {
  const TanhMap paper = paper_map();
  const Eigen::VectorXd tau = effective_time_constants(paper.A);
  EXPECT_NEAR(tau(0), 1.0 / 0.46, 1e-12);
  EXPECT_NEAR(tau(1), 1.0 / 0.16, 1e-12);
  EXPECT_NEAR(input_drive_ratio(paper.B, 0, 1), 5.0, 1e-12);
  EXPECT_TRUE(std::isinf(effective_time_constants(Eigen::MatrixXd::Identity(1, 1))(0)));
}

}  // namespace
}  // namespace iblrnn
