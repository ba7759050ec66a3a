#include <cmath>

#include <gtest/gtest.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/rnn/network.hpp"

using namespace iblrnn::core;
using namespace iblrnn::rnn;

namespace iblrnn {
namespace {

TEST(NetworkConfig, ValidateRejectsBadFieldsWithMessages) {
  NetworkConfig c;
  c.n_hidden = 0;
  try {
    c.validate();
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "NetworkConfig: n_hidden must be in [1, 4096], got 0");
  }
  c = NetworkConfig{};
  try {
    assign_from_string(c.fields()[0], "transformer", "NetworkConfig");
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "NetworkConfig: arch must be one of rnn | gru | lstm, got \"transformer\"");
  }
  NetworkConfig ok;
  EXPECT_NO_THROW(ok.validate());
  EXPECT_EQ(ok.fields().size(), 2u);
}

TEST(Network, ShapesFollowPyTorchLayout) {
  for (auto [arch, G] : {std::pair{"rnn", 1}, std::pair{"gru", 3}, std::pair{"lstm", 4}}) {
    NetworkConfig c;
    c.arch = parse_choice<Arch>(arch, "test", "arch");
    c.n_hidden = 5;
    const Network net = Network::init(c, 1);
    EXPECT_EQ(net.W_ih.rows(), 5 * G);
    EXPECT_EQ(net.W_ih.cols(), 3);
    EXPECT_EQ(net.W_hh.rows(), 5 * G);
    EXPECT_EQ(net.W_hh.cols(), 5);
    EXPECT_EQ(net.b_ih.size(), 5 * G);
    EXPECT_EQ(net.b_hh.size(), 5 * G);
    EXPECT_EQ(net.W_out.rows(), 2);
    EXPECT_EQ(net.W_out.cols(), 5);
    EXPECT_EQ(net.n_params(), 5 * G * (3 + 5 + 2) + 2 * 5 + 2);
  }
}

TEST(Network, InitIsUniformInPyTorchRangeAndSeeded) {
  NetworkConfig c;
  c.n_hidden = 50;
  const Network a = Network::init(c, 7), b = Network::init(c, 7), d = Network::init(c, 8);
  Eigen::VectorXd fa, fb, fd;
  a.pack(fa);
  b.pack(fb);
  d.pack(fd);
  EXPECT_EQ(fa, fb);
  EXPECT_NE(fa, fd);
  const double k = 1.0 / std::sqrt(50.0);
  EXPECT_LE(fa.cwiseAbs().maxCoeff(), k);
  // Mean 0 and variance k²/3 of U(−k, k), within 5 standard errors.
  const double n = static_cast<double>(fa.size());
  EXPECT_NEAR(fa.mean(), 0.0, 5 * k / std::sqrt(3 * n));
  const double var = (fa.array() - fa.mean()).square().mean();
  EXPECT_NEAR(var, k * k / 3, 5 * k * k * std::sqrt(4.0 / 45.0 / n));
}

TEST(Network, PackUnpackRoundTrips) {
  NetworkConfig c;
  c.arch = Arch::lstm;
  c.n_hidden = 3;
  const Network a = Network::init(c, 3);
  Eigen::VectorXd flat;
  a.pack(flat);
  Network b = Network::zeros(c);
  b.unpack(flat);
  EXPECT_EQ(a.W_hh, b.W_hh);
  EXPECT_EQ(a.b_out, b.b_out);
  EXPECT_THROW(b.unpack(Eigen::VectorXd::Zero(3)), InvalidInput);
}

}  // namespace
}  // namespace iblrnn
