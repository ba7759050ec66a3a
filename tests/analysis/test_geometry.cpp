// Readout geometry, task coordinates, evidence velocities and the block belief comparison on
// constructed data with known answers; AnalysisConfig validation messages.
#include <gtest/gtest.h>

#include <cmath>

#include "iblrnn/analysis/analysis_config.hpp"
#include "iblrnn/analysis/block_belief.hpp"
#include "iblrnn/analysis/evidence_velocity.hpp"
#include "iblrnn/analysis/readout.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::core;


TEST(Readout, StimulusReadoutModes) {
  Eigen::MatrixXd W(2, 3);
  W << 1, 0, 2,  //
      1, 3, 6;
  EXPECT_TRUE(stimulus_readout(W, Readout::difference).isApprox(Eigen::Vector3d(0, 0.6, 0.8)));
  EXPECT_TRUE(stimulus_readout(W, Readout::right).isApprox(Eigen::Vector3d(1, 3, 6) / std::sqrt(46.0)));
  EXPECT_THROW(stimulus_readout(Eigen::MatrixXd::Zero(2, 3), Readout::difference), InvalidInput);
}

TEST(Readout, InPlaneFractionAndAngles) {
  Eigen::MatrixXd plane = Eigen::MatrixXd::Zero(3, 2);
  plane(0, 0) = 1;
  plane(1, 1) = 1;
  EXPECT_NEAR(in_plane_fraction(Eigen::Vector3d(3, 0, 4), plane), 0.6, 1e-15);
  EXPECT_NEAR(in_plane_fraction(Eigen::Vector3d(1, 1, 0), plane), 1.0, 1e-15);
  EXPECT_NEAR(angle_deg(Eigen::Vector2d(1, 0), Eigen::Vector2d(1, 1)), 45.0, 1e-12);
  EXPECT_NEAR(angle_deg(Eigen::Vector2d(1, 0), Eigen::Vector2d(-1, 0)), 180.0, 1e-12);
  EXPECT_THROW(angle_deg(Eigen::Vector2d(0, 0), Eigen::Vector2d(1, 0)), InvalidInput);
}

TEST(Readout, OrientPlaneFollowsSignConvention) {
  Pca pca;
  pca.mean = Eigen::Vector3d::Zero();
  pca.components = Eigen::MatrixXd::Identity(3, 3);
  const int flipped = orient_plane(pca, Eigen::Vector3d(-1, 0.2, 0), Eigen::Vector3d(0.1, 0.5, 1));
  EXPECT_EQ(flipped, 1);
  EXPECT_GT(pca.components.col(0).dot(Eigen::Vector3d(-1, 0.2, 0)), 0);
  EXPECT_GT(pca.components.col(1).dot(Eigen::Vector3d(0.1, 0.5, 1)), 0);
  // PC1 is now −e0, so (−1, 0, 0) already points to +PC1; only PC2 flips.
  EXPECT_EQ(orient_plane(pca, Eigen::Vector3d(-1, 0, 0), Eigen::Vector3d(0, -1, 0)), 2);
}

TEST(Readout, TaskCoordinatesProjectOnUnitAxes) {
  TaskAxes axes{unit_in_plane({1, 0}, "s"), unit_in_plane({1, 1}, "b")};
  Eigen::MatrixXd z(2, 2);
  z << 2, 0,  //
      1, 3;
  const Eigen::MatrixXd Q = task_coordinates(axes, z);
  EXPECT_NEAR(Q(0, 0), 2, 1e-15);
  EXPECT_NEAR(Q(1, 0), 3 / std::sqrt(2.0), 1e-15);
  EXPECT_NEAR(Q(1, 1), 3 / std::sqrt(2.0), 1e-15);
  EXPECT_THROW(unit_in_plane({0, 0}, "block readout"), InvalidInput);
}

TEST(EvidenceVelocity, RecoversConstructedSlopes) {
  // Q_t = Q_{t−1} + (0.8 d_t + 0.05, 0.2 d_t) + noise on used steps.
  Rng rng(3, Stream::fit);
  const int n = 20000;
  Eigen::MatrixXd Q(2, n);
  Eigen::VectorXd d(n);
  std::vector<std::uint8_t> use(n, 0);
  Q.col(0).setZero();
  d(0) = 0;
  for (int t = 1; t < n; ++t) {
    use[t] = (t % 12) >= 2;  // blank steps are not used
    d(t) = use[t] ? rng.normal() * 1.5 : 0.0;
    const double e1 = 0.01 * rng.normal(), e2 = 0.01 * rng.normal();
    Q(0, t) = Q(0, t - 1) + (use[t] ? 0.8 * d(t) + 0.05 : -0.3) + e1;
    Q(1, t) = Q(1, t - 1) + (use[t] ? 0.2 * d(t) : 0.1) + e2;
  }
  const EvidenceVelocity v = evidence_velocities(Q, d, use);
  // Standard error of a slope ≈ σ / (sd(d) √n) ≈ 0.01 / (1.5 · 129) ≈ 5e−5.
  EXPECT_NEAR(v.stimulus.slope, 0.8, 3e-4);
  EXPECT_NEAR(v.stimulus.intercept, 0.05, 3e-4);
  EXPECT_NEAR(v.block.slope, 0.2, 3e-4);
  EXPECT_LT(v.block.p, 1e-100);
  EXPECT_GT(v.block.r, 0.99);
  std::vector<std::uint8_t> bad(n, 0);
  bad[0] = 1;
  EXPECT_THROW(evidence_velocities(Q, d, bad), InvalidInput);
}

TEST(BlockBelief, RecoversScaleAndTrialMeans) {
  const int n = 6;
  Eigen::VectorXd bayes(n), q(n), ev(n);
  bayes << -0.5, -0.2, 0.4, 0.9, 0.1, -0.7;
  ev << 1, -1, 2, 0.5, -2, 0;
  q = 0.3 * bayes + 0.01 * ev;  // residual proportional to the evidence
  const std::vector<std::int32_t> tib = {0, 1, 0, 1, 0, 0};
  const std::vector<std::int8_t> side = {-1, -1, 1, 1, 0, -1};
  const BlockBelief b = compare_block_belief(q, bayes, tib, side, ev);
  EXPECT_NEAR(b.scale.scale, 0.3 + 0.01 * bayes.dot(ev) / bayes.squaredNorm(), 1e-14);
  ASSERT_EQ(b.by_trial.size(), 4u);  // (−1, 0), (−1, 1), (+1, 0), (+1, 1); side 0 left out
  EXPECT_EQ(b.by_trial[0].block_side, -1);
  EXPECT_EQ(b.by_trial[0].trial_in_block, 0);
  EXPECT_EQ(b.by_trial[0].n, 2);
  EXPECT_NEAR(b.by_trial[0].q_block_mean, 0.5 * (q(0) + q(5)), 1e-15);
  EXPECT_NEAR(b.by_trial[0].q_block_sem, std::fabs(q(0) - q(5)) / 2.0, 1e-15);
  EXPECT_NEAR(b.by_trial[3].bayes_mean, b.scale.scale * 0.9, 1e-15);
  EXPECT_GT(b.residual_vs_evidence.slope, 0.0);
}

TEST(AnalysisConfig, DefaultsValidateAndMessagesNameTheField) {
  AnalysisConfig c;
  EXPECT_NO_THROW(c.validate());
  const auto expect_message = [](AnalysisConfig bad, const char* message) {
    try {
      bad.validate();
      FAIL() << message;
    } catch (const InvalidInput& e) {
      EXPECT_STREQ(e.what(), message);
    }
  };
  AnalysisConfig b2;
  b2.train_fraction = 1.0;
  expect_message(b2, "AnalysisConfig: train_fraction must be in (0, 1), got 1");
  AnalysisConfig b3;
  b3.n_grid = 1;
  expect_message(b3, "AnalysisConfig: n_grid must be in [2, 1000], got 1");
  AnalysisConfig b4;
  b4.slow_point_q_max = 1e-20;
  expect_message(b4, "AnalysisConfig: slow_point_q_max must be finite and >= fixed_point_q_tol, got 9.9999999999999995e-21");
  AnalysisConfig b5;
  b5.n_fixed_point_starts = 0;
  expect_message(b5, "AnalysisConfig: n_fixed_point_starts must be in [1, 100000], got 0");
  AnalysisConfig b6;
  b6.line_attractor_lambda = 1.0;
  expect_message(b6, "AnalysisConfig: line_attractor_lambda must be in (0, 1), got 1");
  AnalysisConfig b7;
  b7.slow_speed_fraction = 0;
  expect_message(b7, "AnalysisConfig: slow_speed_fraction must be in (0, 1), got 0");
  EXPECT_EQ(c.fields().size(), 16u);
}
