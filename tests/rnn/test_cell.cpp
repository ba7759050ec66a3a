// The vanilla cell's forward and backward step against plain Eigen expressions of eq. N1, N4
// and N7, over sizes that exercise every register-blocked product path: one to several
// 64-row chunks, partial vectors, one and two right-hand columns, and the GEMM path (n > 16);
// under every kernel set this CPU runs.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"
#include "iblrnn/rnn/cell.hpp"
#include "../support/kernel_sets.hpp"
#include "../support/random_matrices.hpp"

using namespace iblrnn::core;
using namespace iblrnn::rnn;

namespace iblrnn {
using iblrnn::testing::all_kernel_sets;
using iblrnn::testing::random_normal;

namespace {

class CellSizes : public ::testing::TestWithParam<std::tuple<int, int, KernelSet>> {};

TEST_P(CellSizes, VanillaStepMatchesPlainEigen) {
  const auto [H, n, set] = GetParam();
  IBLRNN_USE_KERNEL_SET(set);
  NetworkConfig c;
  c.arch = Arch::rnn;
  c.n_hidden = H;
  const Network net = Network::init(c, 5);
  const Eigen::MatrixXd x = random_normal(3, n, 1), h = random_normal(H, n, 2);
  CellKernel kernel(net, n);
  Eigen::MatrixXd cache(H, n), p(2, n);
  kernel.forward(net, x, h, cache, p);

  const Eigen::MatrixXd a =
      (net.W_ih * x + net.W_hh * h).colwise() + (net.b_ih + net.b_hh);
  const Eigen::MatrixXd expected = a.array().tanh().matrix();
  EXPECT_LT((cache - expected).cwiseAbs().maxCoeff(), 1e-13);
  const Eigen::MatrixXd logits = (net.W_out * expected).colwise() + net.b_out;
  for (int j = 0; j < n; ++j) {
    const double d = logits(1, j) - logits(0, j);
    EXPECT_NEAR(p(1, j), 1.0 / (1.0 + std::exp(-d)), 1e-14);
    EXPECT_NEAR(p(0, j), 1.0 / (1.0 + std::exp(d)), 1e-14);
  }

  Eigen::MatrixXd dh = random_normal(H, n, 3);
  const Eigen::MatrixXd dh_in = dh;
  Eigen::MatrixXd dc(H, n), d_ah(H, n), d_ai(H, n);
  kernel.backward(net, cache, h, dh, dc, d_ah, d_ai);
  const Eigen::MatrixXd da = dh_in.array() * (1.0 - cache.array().square());
  EXPECT_LT((d_ah - da).cwiseAbs().maxCoeff(), 1e-13);
  EXPECT_LT((dh - net.W_hh.transpose() * da).cwiseAbs().maxCoeff(), 1e-12);
}

INSTANTIATE_TEST_SUITE_P(Products, CellSizes,
                         ::testing::Combine(::testing::Values(1, 4, 8, 9, 50, 64, 65, 130),
                                            ::testing::Values(1, 2, 3, 16, 17),
                                            ::testing::ValuesIn(all_kernel_sets())),
                         [](const auto& info) {  // e.g. H50_cols3_avx512
                           return "H" + std::to_string(std::get<0>(info.param)) + "_cols" +
                                  std::to_string(std::get<1>(info.param)) + "_" +
                                  kernel_set_name(std::get<2>(info.param));
                         });

// The gated cells' fused one-column forward step (gated_step.hpp) against the general
// kernels on three columns (the same column three times), at sizes with partial and several
// 8-row chunks and GEMV row chunks; under every kernel set this CPU runs.
class GatedColumns : public ::testing::TestWithParam<KernelSet> {};

TEST_P(GatedColumns, SingleColumnEqualsTheGeneralKernels) {
  IBLRNN_USE_KERNEL_SET(GetParam());
  for (const char* arch : {"gru", "lstm"}) {
    for (int H : {1, 5, 8, 50, 70}) {
      NetworkConfig c;
      c.arch = parse_choice<Arch>(arch, "test", "arch");
      c.n_hidden = H;
      const Network net = Network::init(c, 6);
      const int S = net.state_size(), C = cache_rows(net.arch, H);
      const Eigen::VectorXd x = random_normal(3, 1, 1), s = random_normal(S, 1, 2);
      CellKernel kernel(net, 3);
      Eigen::MatrixXd cache1(C, 1), p1(2, 1), cache3(C, 3), p3(2, 3);
      kernel.forward(net, x, s, cache1, p1);
      kernel.forward(net, x.replicate(1, 3), s.replicate(1, 3), cache3, p3);
      EXPECT_LT((cache1.col(0) - cache3.col(1)).cwiseAbs().maxCoeff(), 1e-14) << arch << " " << H;
      EXPECT_LT((p1.col(0) - p3.col(1)).cwiseAbs().maxCoeff(), 1e-14) << arch << " " << H;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(CellKernel, GatedColumns, ::testing::ValuesIn(all_kernel_sets()),
                         [](const auto& info) { return std::string(kernel_set_name(info.param)); });

TEST(CellKernel, RequiresPrepareForTheNetworkItRuns) {
  NetworkConfig c;
  c.n_hidden = 5;
  const Network a = Network::init(c, 1), b = Network::init(c, 2);
  CellKernel kernel(a, 1);
  Eigen::MatrixXd cache(5, 1), p(2, 1);
  EXPECT_THROW(kernel.forward(b, Eigen::MatrixXd::Zero(3, 1), Eigen::MatrixXd::Zero(5, 1), cache, p),
               InternalError);
  kernel.prepare(b);
  EXPECT_NO_THROW(kernel.forward(b, Eigen::MatrixXd::Zero(3, 1), Eigen::MatrixXd::Zero(5, 1), cache, p));
}

}  // namespace
}  // namespace iblrnn
