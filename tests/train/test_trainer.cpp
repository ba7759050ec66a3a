#include <cmath>

#include <gtest/gtest.h>

#include "iblrnn/pipeline/presets.hpp"

#include "iblrnn/core/error.hpp"
#include "iblrnn/train/trainer.hpp"
#include "../support/small_task.hpp"

using namespace iblrnn::core;
using namespace iblrnn::pipeline;
using namespace iblrnn::rnn;
using namespace iblrnn::task;
using namespace iblrnn::train;

namespace iblrnn {
namespace {

TEST(TrainConfig, ValidateMessagesNameFieldAndValue) {
  TrainConfig c;
  c.batch_size = 0;
  try {
    c.validate();
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "TrainConfig: batch_size must be in [1, 100000], got 0");
  }
  c = TrainConfig{};
  c.lr = -1;
  EXPECT_THROW(c.validate(), InvalidInput);
  EXPECT_NO_THROW(TrainConfig{}.validate());
}

TEST(TrainConfig, Paper2020PresetIsTheSpecTraining) {
  TrainConfig c = preset_config("paper2020").train;
  EXPECT_EQ(c.loss, LossKind::neg_prob);
  EXPECT_EQ(c.optimizer, OptimizerKind::sgd);
  EXPECT_EQ(c.lr, 1e-3);
  EXPECT_EQ(c.momentum, 0.1);
  EXPECT_EQ(c.batch_size, 1);
  EXPECT_EQ(c.n_steps, 100001);
  EXPECT_EQ(c.seed, 1);
  EXPECT_EQ(c.clip_norm, 0.0);
  EXPECT_EQ(c.lr_at(50000), 1e-3);
  // The other presets keep the default trainer (fast), or set the 2-unit one.
  EXPECT_EQ(preset_config("iblrig").train.preset, "fast");
  EXPECT_EQ(preset_config("fast").train.optimizer, OptimizerKind::adam);
  EXPECT_EQ(preset_labels("train.preset"), (std::vector<std::string>{"paper2020", "fast", "two_unit"}));
  EXPECT_EQ(preset_labels("task.preset"), (std::vector<std::string>{"paper2020", "iblrig"}));
}

TEST(TrainConfig, TwoUnitPresetIsFastWithItsOwnRate) {
  TrainConfig c = preset_config("two_unit").train;
  EXPECT_EQ(preset_config("two_unit").network.n_hidden, 2);
  EXPECT_EQ(c.preset, "two_unit");
  EXPECT_EQ(c.optimizer, OptimizerKind::adam);
  EXPECT_EQ(c.lr, kTwoUnitLr);
  EXPECT_EQ(c.n_steps, kTwoUnitSteps);
  EXPECT_EQ(c.batch_size, TrainConfig{}.batch_size);
  EXPECT_NO_THROW(c.validate());
}

TEST(TrainConfig, CosineScheduleRunsFromLrToFinalRatio) {
  TrainConfig c;
  c.lr = 2e-3;
  c.lr_schedule = LrSchedule::cosine;
  c.lr_final_ratio = 0.1;
  c.n_steps = 101;
  EXPECT_DOUBLE_EQ(c.lr_at(0), 2e-3);
  EXPECT_DOUBLE_EQ(c.lr_at(100), 2e-4);
  EXPECT_NEAR(c.lr_at(50), 2e-3 * (0.1 + 0.9 * 0.5), 1e-15);
}

TEST(Optimizer, SgdMomentumFollowsTorchRule) {
  TrainConfig c;
  c.optimizer = OptimizerKind::sgd;
  c.momentum = 0.5;
  Optimizer opt(c, 2);
  Eigen::VectorXd theta(2), g(2);
  theta << 1.0, -1.0;
  g << 0.2, 0.4;
  opt.step(theta, g, 0.1);  // b = g
  EXPECT_NEAR(theta(0), 1.0 - 0.02, 1e-15);
  opt.step(theta, g, 0.1);  // b = 0.5 g + g = 1.5 g
  EXPECT_NEAR(theta(0), 1.0 - 0.02 - 0.03, 1e-15);
  EXPECT_NEAR(theta(1), -1.0 - 0.04 - 0.06, 1e-15);
}

TEST(Optimizer, AdamFirstStepMovesEachParameterByLr) {
  TrainConfig c;
  c.optimizer = OptimizerKind::adam;
  Optimizer opt(c, 3);
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(3), g(3);
  g << 0.5, -2.0, 1e-3;
  opt.step(theta, g, 0.01);
  // m̂ = g, v̂ = g² after bias correction: Δ = −lr g/(|g| + ε).
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(theta(i), -0.01 * g(i) / (std::abs(g(i)) + 1e-8), 1e-15);
  Eigen::VectorXd m1 = 0.1 * g, v1 = 0.001 * g.cwiseAbs2();
  opt.step(theta, g, 0.01);
  const Eigen::VectorXd m2 = 0.9 * m1 + 0.1 * g, v2 = 0.999 * v1 + 0.001 * g.cwiseAbs2();
  EXPECT_LT((opt.m - m2).norm(), 1e-15);
  EXPECT_LT((opt.v - v2).norm(), 1e-15);
}

TEST(Optimizer, ClipScalesToMaxNorm) {
  Eigen::VectorXd g(2);
  g << 3.0, 4.0;
  EXPECT_DOUBLE_EQ(clip_grad_norm(g, 1.0), 5.0);
  EXPECT_NEAR(g.norm(), 1.0, 1e-6);
  Eigen::VectorXd h(2);
  h << 0.3, 0.4;
  clip_grad_norm(h, 1.0);
  EXPECT_EQ(h(0), 0.3);
}

TaskConfig tiny_task() { return testing::small_task(1, 4, 6); }

// A vanilla network of n_hidden units and a training config of `batch` sessions per step.
Network small_network(int n_hidden, std::uint64_t seed) {
  NetworkConfig nc;
  nc.n_hidden = n_hidden;
  return Network::init(nc, seed);
}

TrainConfig small_config(int batch) {
  TrainConfig c;
  c.batch_size = batch;
  return c;
}

TEST(Trainer, SameConfigGivesBitIdenticalWeights) {
  const TrainConfig c = small_config(3);
  const Network init = small_network(6, 1);
  Trainer a(tiny_task(), c, init), b(tiny_task(), c, init);
  for (int i = 0; i < 4; ++i) {
    const BatchStats sa = a.step(), sb = b.step();
    EXPECT_EQ(sa.loss, sb.loss);
    EXPECT_TRUE(sa.finite);
  }
  EXPECT_EQ(a.network().W_hh, b.network().W_hh);
  EXPECT_NE(a.network().W_hh, init.W_hh);
  EXPECT_EQ(a.n_done(), 4);
}

TEST(Trainer, PairedVanillaTrainingDoesNotDependOnTheThreadCount) {
  // Plays of pairs have their own gradient slots summed in play order (trainer.hpp).
  TrainConfig c = small_config(5);
  const Network init = small_network(6, 2);
  std::vector<Network> results;
  for (int threads : {1, 2, 3}) {
    c.n_threads = threads;
    Trainer t(tiny_task(), c, init);
    for (int i = 0; i < 3; ++i) t.step();
    results.push_back(t.network());
  }
  if (!fused_single_sequence(init)) GTEST_SKIP() << "no fused kernels on this CPU (no AVX-512)";
  EXPECT_EQ(results[0].W_hh, results[1].W_hh);
  EXPECT_EQ(results[0].W_hh, results[2].W_hh);
  EXPECT_EQ(results[0].b_out, results[2].b_out);
  EXPECT_NE(results[0].W_hh, init.W_hh);
}

// train.precision = float32 (docs/rnn.md, "Float32 training"), for each cell: the same
// sessions give the loss and the gradient step of float64 within float rounding (SGD, so the
// step is linear in the gradient), the weights stay double, and the result does not depend on
// the thread count.
TEST(Trainer, Float32TrainingFollowsFloat64) {
  for (Arch arch : {Arch::rnn, Arch::gru, Arch::lstm}) {
    TrainConfig c = small_config(5);
    c.optimizer = OptimizerKind::sgd;
    c.lr = 0.05;
    NetworkConfig nc;
    nc.arch = arch;
    nc.n_hidden = 50;
    const Network init = Network::init(nc, 4);
    if (!float32_supported(init)) GTEST_SKIP() << "float32 training needs the avx512 kernel set, not on this CPU";
    const std::string where = choice_name(arch);
    Trainer t64(tiny_task(), c, init);
    c.precision = Precision::float32;
    std::vector<Network> results;
    for (int threads : {1, 2}) {
      c.n_threads = threads;
      Trainer t32(tiny_task(), c, init);
      for (int i = 0; i < 3; ++i) {
        const BatchStats s32 = t32.step();
        if (threads == 1) {
          const BatchStats s64 = t64.step();
          EXPECT_NEAR(s32.loss, s64.loss, 1e-5 * std::abs(s64.loss)) << where << " step " << i;
          EXPECT_NEAR(s32.grad_norm, s64.grad_norm, 1e-4 * s64.grad_norm) << where << " step " << i;
          EXPECT_EQ(s32.n_rnn_steps, s64.n_rnn_steps) << where;
        }
      }
      results.push_back(t32.network());
    }
    EXPECT_LT((results[0].W_hh - t64.network().W_hh).cwiseAbs().maxCoeff(), 1e-6) << where;
    EXPECT_LT((results[0].W_out - t64.network().W_out).cwiseAbs().maxCoeff(), 1e-6) << where;
    EXPECT_GT((results[0].W_hh - init.W_hh).cwiseAbs().maxCoeff(), 1e-5) << where;
    EXPECT_NE(results[0].W_hh, t64.network().W_hh) << where;  // the float path did run
    EXPECT_EQ(results[0].W_hh, results[1].W_hh) << where;
    EXPECT_EQ(results[0].b_ih, results[1].b_ih) << where;
  }
}

TEST(Trainer, Float32RefusesWhatItDoesNotCover) {
  TrainConfig c = small_config(2);
  c.precision = Precision::float32;
  NetworkConfig nc;
  nc.n_hidden = 513;
  try {
    Trainer t(tiny_task(), c, Network::init(nc, 1));
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("train: precision float32 needs the avx512 kernel set and, for "
                                         "network.arch = rnn, network.n_hidden <= 512"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("got \"arch = rnn, n_hidden = 513, kernels = "), std::string::npos) << e.what();
  }
}

TEST(Trainer, SessionsOfAStepAreFreshAndReproducible) {
  Trainer t(tiny_task(), small_config(2), small_network(3, 1));
  const auto s0 = t.sessions_of_step(0), s1 = t.sessions_of_step(1), s0b = t.sessions_of_step(0);
  EXPECT_EQ(s0[1].stim_side, s0b[1].stim_side);
  EXPECT_NE(s0[0].session, s1[0].session);
  EXPECT_EQ(s1[0].session, 2u);
}

TEST(Trainer, NonFiniteLossLeavesWeightsUnchanged) {
  TrainConfig c = small_config(1);
  c.optimizer = OptimizerKind::sgd;
  c.clip_norm = 0;
  Network bad = small_network(3, 1);
  bad.W_out(0, 0) = std::nan("");
  Trainer t(tiny_task(), c, bad);
  const BatchStats s = t.step();
  EXPECT_FALSE(s.finite);
  EXPECT_EQ(t.n_done(), 0);
}

}  // namespace
}  // namespace iblrnn
