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

// The gated cells' fused paired steps against the fused one-sequence steps on each
// sequence of the pair (two different sequences; the shared readout gradients o0, o1 are the
// sum of both) under the avx512 set; the other sets have none and refuse the call.
TEST_P(GatedColumns, PairedStepsEqualOneSequenceAtATime) {
  IBLRNN_USE_KERNEL_SET(GetParam());
  for (const char* arch : {"gru", "lstm"}) {
    for (int H : {1, 5, 50, 70}) {
      NetworkConfig c;
      c.arch = parse_choice<Arch>(arch, "test", "arch");
      c.n_hidden = H;
      const Network net = Network::init(c, 7);
      const int S = net.state_size(), C = cache_rows(net.arch, H), GH = static_cast<int>(net.W_hh.rows());
      const Eigen::MatrixXd x = random_normal(3, 2, 3), s = random_normal(S, 2, 4);
      const Eigen::MatrixXd g = random_normal(2, 2, 5), dh_in = random_normal(H, 2, 6),
                            dc_in = random_normal(H, 2, 7);
      CellKernel kernel(net, 2);
      // One sequence at a time.
      Eigen::MatrixXd cache1(C, 2), p1(2, 2), dh1 = dh_in, dc1 = dc_in, d_ah1(GH, 2), d_ai1(GH, 2);
      const long P = (H + 7) / 8 * 8;
      Eigen::MatrixXd o1 = Eigen::MatrixXd::Zero(P, 2);
      for (int k = 0; k < 2; ++k) {
        kernel.forward(net, x.col(k), s.col(k), cache1.col(k), p1.col(k));
        if (!fused_gated_sequence(net)) continue;
        ASSERT_TRUE(kernel.backward_gated(net, cache1.col(k).data(), s.col(k).data(), g.col(k).data(),
                                          dh1.col(k).data(), dc1.col(k).data(), o1.col(0).data(),
                                          o1.col(1).data(), d_ah1.col(k).data(), d_ai1.col(k).data()));
      }
      // The pair.
      Eigen::MatrixXd cache2(C, 2), p2(2, 2), dh2 = dh_in, dc2 = dc_in, d_ah2(GH, 2), d_ai2(GH, 2);
      Eigen::MatrixXd o2 = Eigen::MatrixXd::Zero(P, 2);
      const double* xs[2] = {x.col(0).data(), x.col(1).data()};
      const double* sp[2] = {s.col(0).data(), s.col(1).data()};
      double* cs[2] = {cache2.col(0).data(), cache2.col(1).data()};
      double* ps[2] = {p2.col(0).data(), p2.col(1).data()};
      if (!fused_gated_sequence(net)) {
        // Sets without fused gated steps (generic, avx2) refuse the paired call.
        EXPECT_THROW(kernel.forward_gated_pair(net, xs, sp, cs, ps), InternalError);
        continue;
      }
      kernel.forward_gated_pair(net, xs, sp, cs, ps);
      const double* cc[2] = {cache2.col(0).data(), cache2.col(1).data()};
      const double* gs[2] = {g.col(0).data(), g.col(1).data()};
      double* dh[2] = {dh2.col(0).data(), dh2.col(1).data()};
      double* dc[2] = {dc2.col(0).data(), dc2.col(1).data()};
      double* da[2] = {d_ah2.col(0).data(), d_ah2.col(1).data()};
      double* di[2] = {d_ai2.col(0).data(), d_ai2.col(1).data()};
      kernel.backward_gated_pair(net, cc, sp, gs, dh, dc, o2.col(0).data(), o2.col(1).data(), da, di);
      const std::string at = std::string(arch) + " H = " + std::to_string(H);
      EXPECT_LT((cache1 - cache2).cwiseAbs().maxCoeff(), 1e-13) << at;
      EXPECT_LT((p1 - p2).cwiseAbs().maxCoeff(), 1e-14) << at;
      EXPECT_LT((dh1 - dh2).cwiseAbs().maxCoeff(), 1e-12) << at;
      EXPECT_LT((d_ah1 - d_ah2).cwiseAbs().maxCoeff(), 1e-12) << at;
      EXPECT_LT((o1 - o2).cwiseAbs().maxCoeff(), 1e-12) << at;
      if (net.arch == Arch::gru) EXPECT_LT((d_ai1 - d_ai2).cwiseAbs().maxCoeff(), 1e-12) << at;
      if (net.arch == Arch::lstm) EXPECT_LT((dc1 - dc2).cwiseAbs().maxCoeff(), 1e-12) << at;
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

// Which sizes take the fused vanilla steps (docs/rnn.md, "Kernels"): every H from 1 to 512
// under the avx512 set, none above (the general kernels then) and none under the others.
class FusedVanillaSizes : public ::testing::TestWithParam<KernelSet> {};

TEST_P(FusedVanillaSizes, EveryHUpTo512UnderTheAvx512Set) {
  IBLRNN_USE_KERNEL_SET(GetParam());
  const bool avx512 = GetParam() == KernelSet::avx512;
  for (int H : {1, 64, 65, 256, 512, 513}) {
    NetworkConfig c;
    c.n_hidden = H;
    EXPECT_EQ(fused_single_sequence(Network::init(c, 1)), avx512 && H <= 512) << "H = " << H;
  }
  NetworkConfig c;
  c.arch = Arch::gru;
  c.n_hidden = 50;
  EXPECT_FALSE(fused_single_sequence(Network::init(c, 1)));
}

INSTANTIATE_TEST_SUITE_P(CellKernel, FusedVanillaSizes, ::testing::ValuesIn(all_kernel_sets()),
                         [](const auto& info) { return std::string(kernel_set_name(info.param)); });

}  // namespace
}  // namespace iblrnn
