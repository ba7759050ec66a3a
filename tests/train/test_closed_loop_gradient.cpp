// Full BPTT through recorded closed-loop sessions against central finite differences of the
// same loss with the recorded inputs (and so the trial boundaries) held fixed.
#include <cmath>

#include <gtest/gtest.h>

#include "iblrnn/rnn/bptt.hpp"
#include "iblrnn/train/trainer.hpp"
#include "../support/gradient_check.hpp"
#include "../support/small_task.hpp"

using namespace iblrnn::core;
using namespace iblrnn::rnn;
using namespace iblrnn::task;
using namespace iblrnn::train;

namespace iblrnn {
namespace {

TaskConfig short_task() { return testing::small_task(2, 3, 4); }

Network acting_network(const char* arch, std::uint64_t seed) {
  NetworkConfig c;
  c.arch = parse_choice<Arch>(arch, "test", "arch");
  c.n_hidden = 5;
  Network net = Network::init(c, seed);
  // A readout strong enough that the network acts on some trials and times out on others.
  net.W_out *= 6.0;
  net.W_ih *= 3.0;
  return net;
}

// The loss of eq. L4 replayed open-loop on the recorded inputs of each session.
double replay_loss(const Network& net, const std::vector<RunRecord>& runs, LossKind kind) {
  double L = 0;
  int n_sessions = 0;
  for (const auto& r : runs) n_sessions += r.n_sessions;
  for (const auto& r : runs) {
    std::int64_t offset = 0;
    for (int s = 0; s < r.n_sessions; ++s) {
      std::int64_t T = 0;
      for (std::size_t i = 0; i < r.trials.size(); ++i)
        if (r.trials.session[i] == s) T += r.trials.n_steps[i];
      Eigen::Map<const Eigen::MatrixXd> x(r.steps.x.data() + 3 * offset, 3, T);
      Eigen::MatrixXd cache, p;
      forward_sequence(net, x, cache, p);
      for (std::int64_t t = 0; t < T; ++t) {
        const std::int64_t i = offset + t;
        if (r.steps.k[i] < r.config.n_blank_steps) continue;
        double d[2];
        L += step_loss(kind, p(0, t), p(1, t), r.trials.stim_side[r.steps.trial[i]],
                       1.0 / (double(T) * n_sessions), d);
      }
      offset += T;
    }
  }
  return L;
}

struct Case {
  const char* arch;
  LossKind loss;
};

// The case's name, for test names and failure messages (stable across builds).
std::string case_name(const Case& c) {
  return std::string(c.arch) + (c.loss == LossKind::xent ? "_xent" : "_neg_prob");
}
void PrintTo(const Case& c, std::ostream* os) { *os << case_name(c); }

class ClosedLoop : public ::testing::TestWithParam<Case> {};

TEST_P(ClosedLoop, GradientMatchesFiniteDifferencesWithTrialBoundariesFixed) {
  const Case c = GetParam();
  const TaskConfig task = short_task();
  const Network net = acting_network(c.arch, 4);
  const auto plans = make_sessions(task, 9, 3);
  ClosedLoopGradient engine(net, 2);
  Network grad = Network::zeros_like(net);
  std::vector<RunRecord> runs;
  const BatchStats stats = engine.run(task, plans, c.loss, 0, grad, &runs);
  // With the fused steps (vanilla or gated): a pair, then a single session; otherwise two
  // lock-step thread groups, one session and two.
  ASSERT_EQ(runs.size(), 2u);
  const bool fused = fused_single_sequence(net) || fused_gated_sequence(net);
  EXPECT_EQ(runs[0].n_sessions, fused ? 2 : 1);
  EXPECT_GT(stats.n_timeouts, 0);
  EXPECT_LT(stats.n_timeouts, stats.n_trials);
  EXPECT_NEAR(stats.loss, replay_loss(net, runs, c.loss), 1e-12);

  EXPECT_LT(iblrnn::testing::fd_relative_error(
                net, grad, [&](const Network& n) { return replay_loss(n, runs, c.loss); }),
            1e-6);
}

INSTANTIATE_TEST_SUITE_P(CellsAndLosses, ClosedLoop,
                         ::testing::Values(Case{"rnn", LossKind::neg_prob}, Case{"rnn", LossKind::xent},
                                           Case{"gru", LossKind::neg_prob}, Case{"lstm", LossKind::xent}),
                         [](const ::testing::TestParamInfo<Case>& info) { return case_name(info.param); });

TEST(ClosedLoopGradient, IsBitIdenticalForAGivenThreadCount) {
  const TaskConfig task = short_task();
  const Network net = acting_network("rnn", 5);
  const auto plans = make_sessions(task, 2, 5);
  Eigen::VectorXd g1, g2, g3;
  for (auto [threads, out] : {std::pair{2, &g1}, std::pair{2, &g2}, std::pair{1, &g3}}) {
    ClosedLoopGradient engine(net, threads);
    Network grad = Network::zeros_like(net);
    engine.run(task, plans, LossKind::neg_prob, 0, grad);
    grad.pack(*out);
  }
  EXPECT_EQ(g1, g2);
  // Another thread count sums in another order: equal up to rounding.
  EXPECT_LT((g1 - g3).cwiseAbs().maxCoeff(), 1e-12 * g1.cwiseAbs().maxCoeff());
}

}  // namespace
}  // namespace iblrnn
