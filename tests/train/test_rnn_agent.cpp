#include <gtest/gtest.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/rnn/bptt.hpp"
#include "iblrnn/train/rnn_agent.hpp"

using namespace iblrnn::core;
using namespace iblrnn::rnn;
using namespace iblrnn::task;
using namespace iblrnn::train;

namespace iblrnn {
namespace {

// A tiny closed loop without the task module: the input of a step depends on the previous
// output, and sessions end at different steps, so three, two, then one session run (for the
// vanilla cell: the general, the paired fused and the single fused step).
class LockStep : public ::testing::TestWithParam<std::tuple<std::string, int>> {};

TEST_P(LockStep, WithEndingSessionsEqualsOpenLoopReplay) {
  NetworkConfig c;
  c.arch = parse_choice<Arch>(std::get<0>(GetParam()), "test", "arch");
  c.n_hidden = std::get<1>(GetParam());
  const int H = c.n_hidden;
  const Network net = Network::init(c, 5);
  const int B = 3;
  const std::vector<int> length = {5, 9, 2};
  RnnAgent agent(net, RnnAgent::Record::cache);
  agent.begin(B);
  std::vector<Eigen::MatrixXd> xs(B, Eigen::MatrixXd(3, 9)), ps(B, Eigen::MatrixXd(2, 9));
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(3, B), p(2, B);
  std::vector<int> k(B, 0), trial(B, 0);
  std::vector<unsigned char> active(B, 1);
  for (int t = 0; t < 9; ++t) {
    for (int b = 0; b < B; ++b) {
      active[b] = t < length[b];
      x.col(b) = active[b] ? Eigen::Vector3d(0.1 * t - b, 0.3 * b, t > 0 ? ps[b](1, t - 1) : 0.0)
                           : Eigen::Vector3d::Zero();
      if (active[b]) xs[b].col(t) = x.col(b);
    }
    agent.step(x, StepContext{k.data(), trial.data(), active.data(), 2}, p);
    for (int b = 0; b < B; ++b)
      if (active[b]) ps[b].col(t) = p.col(b);
  }
  for (int b = 0; b < B; ++b) {
    ASSERT_EQ(agent.n_steps(b), length[b]);
    Eigen::MatrixXd cache, pr;
    forward_sequence(net, xs[b].leftCols(length[b]), cache, pr);
    EXPECT_LT((cache - agent.record(b).leftCols(length[b])).cwiseAbs().maxCoeff(), 1e-14);
    EXPECT_LT((pr - ps[b].leftCols(length[b])).cwiseAbs().maxCoeff(), 1e-14);
  }
  const std::vector<double> hs = agent.hidden_states();
  ASSERT_EQ(hs.size(), static_cast<std::size_t>(16 * H));
  EXPECT_EQ(hs[5 * H + 2], agent.record(1)(2, 0));  // session-major: session 1 after 5 steps

  // Record::hidden keeps the state: h, and an LSTM's c, equal to the cache's rows.
  RnnAgent light(net, RnnAgent::Record::hidden);
  light.begin(B);
  for (int t = 0; t < 9; ++t) {
    for (int b = 0; b < B; ++b) {
      active[b] = t < length[b];
      x.col(b) = active[b] ? Eigen::Vector3d(xs[b].col(t)) : Eigen::Vector3d::Zero();
    }
    light.step(x, StepContext{k.data(), trial.data(), active.data(), 2}, p);
  }
  // (Record::hidden takes the general kernels, Record::cache the fused ones for the vanilla
  // cell: equal up to rounding.)
  const std::vector<double> hl = light.hidden_states();
  ASSERT_EQ(hl.size(), hs.size());
  for (std::size_t i = 0; i < hs.size(); ++i) EXPECT_NEAR(hl[i], hs[i], 1e-14);
  if (net.arch == Arch::lstm) {
    const std::vector<double> cs = light.cell_states();
    ASSERT_EQ(cs.size(), hs.size());
    EXPECT_EQ(cs[5 * H + 2], agent.record(1)(H + 2, 0));
    EXPECT_EQ(cs[0], agent.record(0)(H, 0));
  } else {
    EXPECT_THROW(light.cell_states(), InvalidInput);
  }
}

INSTANTIATE_TEST_SUITE_P(Cells, LockStep,
                         ::testing::Values(std::make_tuple(std::string("lstm"), 6),
                                           std::make_tuple(std::string("gru"), 6),
                                           std::make_tuple(std::string("rnn"), 6),
                                           std::make_tuple(std::string("rnn"), 50),
                                           std::make_tuple(std::string("rnn"), 70)),
                         [](const ::testing::TestParamInfo<std::tuple<std::string, int>>& info) {
                           return std::get<0>(info.param) + "_H" + std::to_string(std::get<1>(info.param));
                         });

TEST(RnnAgent, HiddenStatesNeedARecord) {
  NetworkConfig c;
  c.n_hidden = 2;
  const Network net = Network::init(c, 1);
  RnnAgent agent(net, RnnAgent::Record::none);
  agent.begin(1);
  EXPECT_THROW(agent.hidden_states(), InvalidInput);
  EXPECT_THROW(agent.begin(0), InvalidInput);
}

}  // namespace
}  // namespace iblrnn
