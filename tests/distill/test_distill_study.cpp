// The distillation study's named steps checked by value (docs/distill.md eq. D1–D18): RADD
// through the whole composition (PCA projection, shared scaling, fit, free run, gain) recovers
// a constructed teacher whose reduction is known; an agent's accuracy on the common session
// equals a recount of the trials it played; a readout that cannot act is reported as such.
#include <gtest/gtest.h>

#include <cmath>

#include "constructed_reduction.hpp"
#include "iblrnn/core/random.hpp"
#include "iblrnn/distill/distill_study.hpp"
#include "iblrnn/distill/reduced_network.hpp"
#include "iblrnn/task/engine.hpp"
#include "iblrnn/train/rnn_agent.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::core;
using namespace iblrnn::distill;
using namespace iblrnn::rnn;
using namespace iblrnn::task;
using namespace iblrnn::train;

namespace iblrnn {

using constructed::known_map;
using constructed::known_recording;
using constructed::two_unit_teacher;

TEST(DistillRadd, RecoversAConstructedTeachersReductionThroughTheWholeComposition) {
  const TanhMap map = known_map();
  const double lambda = 2.5, g = 4.0;
  // The teacher starts at h = 0 (= u = 0), which RADD maps to z_init, so no offset is added.
  const Eigen::Vector2d h0 = Eigen::Vector2d::Zero();
  const Eigen::Index T = 400;
  const NetworkRecording rec = known_recording(map, lambda, h0, T, 50);
  // The construction holds: u0 carries the peak and more variance; unit 1 flipped alone.
  const Eigen::MatrixXd U = (rec.hidden.colwise() - h0) / lambda;
  ASSERT_NEAR(U.cwiseAbs().maxCoeff(), 1.0 / 1.01, 1e-12);
  ASSERT_NEAR(U.row(0).cwiseAbs().maxCoeff(), 1.0 / 1.01, 1e-15);
  ASSERT_GT(U.row(0).squaredNorm(), 1.5 * U.row(1).squaredNorm());
  ASSERT_LT((U.block(0, 2 * T, 1, T) - U.block(0, 0, 1, T)).cwiseAbs().maxCoeff(), 1e-15);
  ASSERT_LT((U.block(1, 2 * T, 1, T) + U.block(1, 0, 1, T)).cwiseAbs().maxCoeff(), 1e-12);
  // The teacher's probabilities read unit 0 with gain g (eq. D8).
  const Eigen::MatrixXd probs = constructed::unit0_probs(rec, lambda, g);
  DistillConfig cfg;
  cfg.projection = Projection::pca;
  cfg.heldout_fraction = 0.25;
  const RaddResult r = distill_radd(two_unit_teacher(), rec, probs, cfg, AnalysisConfig{});

  EXPECT_LT((r.P - Eigen::Matrix2d::Identity()).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_LT((r.coordinates.mean - h0).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_NEAR(r.coordinates.scale(0), lambda, 1e-9);
  EXPECT_NEAR(r.coordinates.scale(1), lambda, 1e-9);
  EXPECT_LT((r.Z - U).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_LT(r.z_init.cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_LT((r.map.A - map.A).cwiseAbs().maxCoeff(), 1e-8);
  EXPECT_LT((r.map.B - map.B).cwiseAbs().maxCoeff(), 1e-8);
  EXPECT_LT(r.map.c.cwiseAbs().maxCoeff(), 1e-8);
  EXPECT_NEAR(r.closed_form.r2_heldout, 1.0, 1e-10);
  EXPECT_EQ(r.closed_form.n_train + r.closed_form.n_heldout, 4 * (T - 1));
  EXPECT_LT(r.free_run.rmse, 1e-7);
  EXPECT_NEAR(r.gain, g, 1e-6);
  EXPECT_NEAR(r.time_constants(0), 2.5, 1e-6);   // 1 / (1 − 0.6)
  EXPECT_NEAR(r.time_constants(1), 10.0, 1e-5);  // 1 / (1 − 0.9)
  ASSERT_TRUE(r.input_drive_ratio.has_value());
  EXPECT_NEAR(*r.input_drive_ratio, 5.0, 1e-6);  // (0.5 + 0.5) / (0.1 + 0.1)
  EXPECT_FALSE(r.refine.has_value());
  // The shared closed form is the one above; the reduced network reads out σ(g z0).
  ASSERT_EQ(r.by_scaling.size(), 2u);
  EXPECT_EQ(r.by_scaling[0].scaling, RaddScaling::shared);
  EXPECT_EQ(r.by_scaling[0].fit.map.A, r.closed_form.map.A);
  EXPECT_EQ(r.by_scaling[1].scaling, RaddScaling::per_coordinate);
  EXPECT_LT((map_of_network(r.network).A - r.map.A).cwiseAbs().maxCoeff(), 1e-15);
}

TEST(CompareAgent, AccuracyEqualsARecountOfThePlayedTrials) {
  NetworkConfig nc;
  nc.arch = Arch::rnn;
  nc.n_hidden = 4;
  Rng rng(3, Stream::init);
  Network net = Network::zeros(nc);
  for (Eigen::Index i = 0; i < net.W_hh.size(); ++i) net.W_hh.data()[i] = 0.4 * rng.normal();
  for (Eigen::Index i = 0; i < net.W_ih.size(); ++i) net.W_ih.data()[i] = rng.normal();
  for (Eigen::Index i = 0; i < net.W_out.size(); ++i) net.W_out.data()[i] = 3.0 * rng.normal();
  TaskConfig task;
  task.n_blocks = 6;
  const auto plans = make_sessions(task, 5, 1);
  const AgentComparison c = compare_agent("net", net, task, plans);
  // The same sessions played again, counted by hand.
  RnnAgent agent(net, RnnAgent::Record::none);
  PlayOptions po;
  po.record_steps = false;
  const TrialTable trials = play(task, plans, agent, po).trials;
  const auto n = trials.stim_side.size();
  ASSERT_GT(n, 0u);
  std::size_t correct = 0, timeouts = 0, concordant = 0, correct_concordant = 0;
  for (std::size_t i = 0; i < n; ++i) {
    correct += trials.choice[i] == trials.stim_side[i];
    timeouts += trials.choice[i] == 0;
    if (trials.block_side[i] != 0 && trials.block_side[i] == trials.stim_side[i]) {
      ++concordant;
      correct_concordant += trials.choice[i] == trials.stim_side[i];
    }
  }
  EXPECT_DOUBLE_EQ(c.accuracy.accuracy, double(correct) / double(n));
  EXPECT_DOUBLE_EQ(c.timeout_rate, double(timeouts) / double(n));
  ASSERT_GT(concordant, 0u);
  EXPECT_DOUBLE_EQ(c.accuracy.accuracy_concordant, double(correct_concordant) / double(concordant));
  EXPECT_EQ(c.name, "net");
  EXPECT_EQ(c.never_acts, c.reach.cannot_act || timeouts == n);
}

TEST(CompareAgent, AReadoutThatCannotReachTheThresholdNeverActs) {
  const TanhMap map = known_map();
  const Network net = network_of_map(map, 0.5, 0);  // max p ≤ σ(0.5) < 0.9 (eq. D18)
  TaskConfig task;
  task.n_blocks = 2;
  const AgentComparison c = compare_agent("radd", net, task, make_sessions(task, 9, 1));
  EXPECT_TRUE(c.reach.cannot_act);
  EXPECT_TRUE(c.never_acts);
  EXPECT_DOUBLE_EQ(c.timeout_rate, 1.0);
  EXPECT_DOUBLE_EQ(c.accuracy.accuracy, 0.0);
}

}  // namespace iblrnn
