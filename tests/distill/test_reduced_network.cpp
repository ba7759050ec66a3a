// Reduced models as networks (docs/distill.md eq. D10) and the comparison's accuracy table
// (eq. D17), checked against direct evaluation and hand counts.
#include <gtest/gtest.h>

#include <cmath>

#include "iblrnn/core/error.hpp"
#include "iblrnn/distill/comparison.hpp"
#include "iblrnn/distill/reduced_network.hpp"
#include "iblrnn/rnn/dynamics.hpp"

using namespace iblrnn::core;
using namespace iblrnn::distill;
using namespace iblrnn::rnn;
using namespace iblrnn::task;

namespace iblrnn {
namespace {

TanhMap some_map() {
  TanhMap map;
  map.A = (Eigen::Matrix2d() << 0.54, 0.31, 0.19, 0.84).finished();
  map.B = (Eigen::Matrix<double, 2, 3>() << -0.2, 0.2, 0.005, -0.04, 0.04, 0.02).finished();
  map.c = Eigen::Vector2d(0.01, -0.03);
  return map;
}

TEST(NetworkOfMap, StepsLikeTheMapAndReadsOutSigmoidOfGainTimesUnit) {
  const TanhMap map = some_map();
  const double gain = 7.5;
  const Network net = network_of_map(map, gain, 0);
  const Eigen::Vector2d z(0.3, -0.6);
  const Eigen::Vector3d x(0.2, 1.2, -0.05);
  EXPECT_LT((step_map(net, z, x) - map.step(z, x)).norm(), 1e-15);
  const Eigen::MatrixXd p = readout_probs(net, z);
  EXPECT_NEAR(p(1, 0), 1.0 / (1.0 + std::exp(-gain * z(0))), 1e-15);
  EXPECT_NEAR(p(0, 0) + p(1, 0), 1.0, 1e-15);
  const Network on_unit1 = network_of_map(map, gain, 1);
  EXPECT_NEAR(readout_probs(on_unit1, z)(1, 0), 1.0 / (1.0 + std::exp(-gain * z(1))), 1e-15);
  EXPECT_THROW(network_of_map(map, gain, 2), InvalidInput);
}

TEST(MapOfNetwork, InvertsNetworkOfMapAndSumsBiases) {
  const TanhMap map = some_map();
  Network net = network_of_map(map, 2.0, 0);
  net.b_hh = Eigen::Vector2d(0.5, 0.25);
  net.b_ih -= net.b_hh;
  const TanhMap back = map_of_network(net);
  EXPECT_EQ(back.A, map.A);
  EXPECT_EQ(back.B, map.B);
  EXPECT_LT((back.c - map.c).norm(), 1e-15);
  NetworkConfig gru;
  gru.arch = Arch::gru;
  gru.n_hidden = 2;
  EXPECT_THROW(map_of_network(Network::zeros(gru)), InvalidInput);
}

TEST(AccuracyBySignal, CountsConcordantAndDiscordantTrialsBySignedSignal) {
  TrialTable t;
  t.has_agent = true;
  // (stim side, signal, block side, correct)
  const int rows[][4] = {{1, 1, 1, 1},  {1, 1, 1, 0}, {1, 1, -1, 1}, {-1, 1, -1, 1},
                         {-1, 0, 1, 0}, {1, 0, 1, 1}, {1, 0, 0, 1}};
  for (const auto& r : rows) {
    t.stim_side.push_back(static_cast<std::int8_t>(r[0]));
    t.signal.push_back(r[1] * 0.5);
    t.block_side.push_back(static_cast<std::int8_t>(r[2]));
    t.concordant.push_back(r[2] != 0 && r[0] == r[2]);
    t.correct.push_back(static_cast<std::uint8_t>(r[3]));
  }
  const SignalAccuracy a = accuracy_by_signal(t);
  ASSERT_EQ(a.signed_signal, (std::vector<double>{-0.5, 0.0, 0.5}));
  EXPECT_EQ(a.n_all, (std::vector<std::int64_t>{1, 3, 3}));
  EXPECT_DOUBLE_EQ(a.all[1], 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(a.concordant[2], 0.5);
  EXPECT_DOUBLE_EQ(a.discordant[2], 1.0);
  EXPECT_TRUE(std::isnan(a.discordant[0]));
  EXPECT_EQ(a.n_concordant[1], 1);
  EXPECT_EQ(a.n_discordant[1], 1);  // the unbiased-block trial is in neither group
  EXPECT_DOUBLE_EQ(a.accuracy, 5.0 / 7.0);
  EXPECT_DOUBLE_EQ(a.accuracy_concordant, 3.0 / 4.0);
  EXPECT_DOUBLE_EQ(a.accuracy_discordant, 1.0 / 2.0);
  t.has_agent = false;
  EXPECT_THROW(accuracy_by_signal(t), InvalidInput);
}

}  // namespace
}  // namespace iblrnn
