// The float32 steps (cell_f32.hpp) against the double steps (cell.hpp) and std::tanh: one
// step from the same state, at sizes with one, several and a partial 16-lane vector and more
// than one 128-row chunk, for each cell; the pairs against two single steps; the refusals.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/rnn/cell.hpp"
#include "iblrnn/rnn/cell_f32.hpp"
#include "../support/kernel_sets.hpp"
#include "../support/random_matrices.hpp"

using namespace iblrnn::core;
using namespace iblrnn::rnn;

namespace iblrnn {
namespace {

Network vanilla(int H, std::uint64_t seed) {
  NetworkConfig c;
  c.n_hidden = H;
  return Network::init(c, seed);
}

// tanh on 16 lanes (simd_math.hpp, tanh_ps) seen through a one-unit network whose
// pre-activation is its first input: W_hh = 0, W_ih = (1, 0, 0), biases 0, so h = tanh(x0).
TEST(CellF32, TanhIsWithinTwoToTheMinus22OfStdTanh) {
  IBLRNN_USE_KERNEL_SET(KernelSet::avx512);
  Network net = vanilla(1, 1);
  net.W_hh.setZero();
  net.W_ih << 1.0, 0.0, 0.0;
  net.b_ih.setZero();
  net.b_hh.setZero();
  CellKernelF32 kernel;
  kernel.prepare(net);
  double worst = 0;
  std::vector<double> as;
  for (int i = -40000; i <= 40000; ++i) as.push_back(i * 6.25e-4);  // [−25, 25]
  for (double a : {1e-30, -1e-20, 1e-8, 3e-5, 87.0, -1e4, 1e30}) as.push_back(a);
  for (double a : as) {
    const double x[3] = {a, 0.0, 0.0};
    const float h_prev = 0.0f;
    float h = 0.0f;
    double p[2];
    kernel.forward(net, x, &h_prev, &h, p);
    worst = std::max(worst, std::abs(static_cast<double>(h) - std::tanh(static_cast<double>(static_cast<float>(a)))));
  }
  EXPECT_LE(worst, std::ldexp(1.0, -22));
  const double nan_x[3] = {std::nan(""), 0.0, 0.0};
  const float h_prev = 0.0f;
  float h = 0.0f;
  double p[2];
  kernel.forward(net, nan_x, &h_prev, &h, p);
  EXPECT_TRUE(std::isnan(h));
}

// One step from the same state in float and in double: h within 2e-6, p within 2e-6
// (float's 6e-8 rounding over an H-term sum of terms up to 1 in size, and tanh's 2^-22).
TEST(CellF32, OneStepAgreesWithDoubleAtEverySize) {
  IBLRNN_USE_KERNEL_SET(KernelSet::avx512);
  for (int H : {1, 7, 16, 50, 130, 300, 512}) {
    const Network net = vanilla(H, 3 + H);
    ASSERT_TRUE(float32_supported(net)) << "H = " << H;
    CellKernel k64(net, 1);
    CellKernelF32 k32;
    k32.prepare(net);
    const Eigen::MatrixXd X = iblrnn::testing::random_normal(3, 4, 5);
    const Eigen::VectorXf h_prev = (0.5 * iblrnn::testing::random_normal(H, 1, 7)).array().tanh().matrix().cast<float>();
    for (int j = 0; j < 4; ++j) {
      Eigen::VectorXd h64(H), p64(2);
      k64.forward(net, X.col(j), h_prev.cast<double>(), h64, p64);
      Eigen::VectorXf h32(H);
      double p32[2];
      k32.forward(net, X.col(j).data(), h_prev.data(), h32.data(), p32);
      EXPECT_LT((h32.cast<double>() - h64).cwiseAbs().maxCoeff(), 2e-6) << "H = " << H;
      EXPECT_NEAR(p32[0], p64(0), 2e-6) << "H = " << H;
      EXPECT_NEAR(p32[1], p64(1), 2e-6) << "H = " << H;
      EXPECT_DOUBLE_EQ(p32[0] + p32[1], 1.0);
    }
  }
}

// The paired steps against one sequence at a time: the same within float rounding (the pair
// sums the product in one chain per sequence, the single step in two).
TEST(CellF32, PairedStepsAgreeWithSingleSteps) {
  IBLRNN_USE_KERNEL_SET(KernelSet::avx512);
  for (int H : {5, 50, 200}) {
    const Network net = vanilla(H, 11);
    CellKernelF32 k;
    k.prepare(net);
    const long P = float32_padded(H);
    const Eigen::MatrixXd X = iblrnn::testing::random_normal(3, 2, 12);
    const Eigen::MatrixXf Hp = (iblrnn::testing::random_normal(H, 2, 13).array().tanh()).matrix().cast<float>();
    Eigen::MatrixXf single(H, 2), paired(H, 2);
    Eigen::Matrix2d ps_single, ps_paired;
    for (int s = 0; s < 2; ++s) k.forward(net, X.col(s).data(), Hp.col(s).data(), single.col(s).data(), ps_single.col(s).data());
    const double* xs[2] = {X.col(0).data(), X.col(1).data()};
    const float* hp[2] = {Hp.col(0).data(), Hp.col(1).data()};
    float* h[2] = {paired.col(0).data(), paired.col(1).data()};
    double* ps[2] = {ps_paired.col(0).data(), ps_paired.col(1).data()};
    k.forward_pair(net, xs, hp, h, ps);
    EXPECT_LT((single - paired).cwiseAbs().maxCoeff(), 1e-6) << "H = " << H;
    EXPECT_LT((ps_single - ps_paired).cwiseAbs().maxCoeff(), 1e-6) << "H = " << H;
    // Backward: dh, da and the readout sums.
    const Eigen::Matrix2d G = iblrnn::testing::random_normal(2, 2, 14);
    Eigen::MatrixXf dh1 = Eigen::MatrixXf::Zero(P, 2), da1 = Eigen::MatrixXf::Zero(P, 2), o1 = Eigen::MatrixXf::Zero(P, 2);
    dh1.topRows(H) = iblrnn::testing::random_normal(H, 2, 15).cast<float>();
    Eigen::MatrixXf dh2 = dh1, da2 = da1, o2 = o1;
    for (int s = 0; s < 2; ++s)
      ASSERT_TRUE(k.backward_vanilla(net, single.col(s).data(), G.col(s).data(), dh1.col(s).data(),
                                     da1.col(s).data(), o1.col(0).data(), o1.col(1).data()));
    const float* hs[2] = {single.col(0).data(), single.col(1).data()};
    const double* gs[2] = {G.col(0).data(), G.col(1).data()};
    float* dhs[2] = {dh2.col(0).data(), dh2.col(1).data()};
    float* das[2] = {da2.col(0).data(), da2.col(1).data()};
    k.backward_vanilla_pair(net, hs, gs, dhs, das, o2.col(0).data(), o2.col(1).data());
    EXPECT_LT((dh1 - dh2).cwiseAbs().maxCoeff(), 1e-5) << "H = " << H;
    EXPECT_EQ(da1, da2) << "H = " << H;  // elementwise: the same operations
    EXPECT_LT((o1 - o2).cwiseAbs().maxCoeff(), 1e-5) << "H = " << H;
    EXPECT_EQ(dh2.bottomRows(P - H).cwiseAbs().sum(), 0.0f) << "padding stays zero, H = " << H;
  }
}

// The gated cells: one step from the same state (h, and c for the lstm) in float and in
// double, every cache row (gates, state, tanh c) within 2e-6, p within 2e-6; one and two
// sequences; H with a partial 16-lane vector and gate blocks over several 128-row chunks.
TEST(CellF32, GatedStepsAgreeWithDouble) {
  IBLRNN_USE_KERNEL_SET(KernelSet::avx512);
  for (Arch arch : {Arch::gru, Arch::lstm}) {
    for (int H : {5, 50, 130}) {
      NetworkConfig c;
      c.arch = arch;
      c.n_hidden = H;
      const Network net = Network::init(c, 21 + H);
      ASSERT_TRUE(float32_supported(net));
      const int S = net.state_size(), C = cache_rows(arch, H);
      CellKernel k64(net, 2);
      CellKernelF32 k32;
      k32.prepare(net);
      const Eigen::MatrixXd X = iblrnn::testing::random_normal(3, 2, 22);
      const Eigen::MatrixXf Sp = (0.5 * iblrnn::testing::random_normal(S, 2, 23)).array().tanh().matrix().cast<float>();
      Eigen::MatrixXd c64(C, 2), p64(2, 2);
      k64.forward(net, X, Sp.cast<double>(), c64, p64);
      Eigen::MatrixXf single(C, 2), paired(C, 2);
      Eigen::Matrix2d ps_single, ps_paired;
      for (int s = 0; s < 2; ++s)
        k32.forward(net, X.col(s).data(), Sp.col(s).data(), single.col(s).data(), ps_single.col(s).data());
      const double* xs[2] = {X.col(0).data(), X.col(1).data()};
      const float* sp[2] = {Sp.col(0).data(), Sp.col(1).data()};
      float* cs[2] = {paired.col(0).data(), paired.col(1).data()};
      double* ps[2] = {ps_paired.col(0).data(), ps_paired.col(1).data()};
      k32.forward_pair(net, xs, sp, cs, ps);
      const std::string where = std::string(choice_name(arch)) + " H = " + std::to_string(H);
      EXPECT_LT((single.cast<double>() - c64).cwiseAbs().maxCoeff(), 2e-6) << where;
      EXPECT_LT((ps_single - p64).cwiseAbs().maxCoeff(), 2e-6) << where;
      EXPECT_LT((paired - single).cwiseAbs().maxCoeff(), 1e-6) << where;
      EXPECT_LT((ps_paired - ps_single).cwiseAbs().maxCoeff(), 1e-6) << where;
    }
  }
}

TEST(CellF32, RefusesWhatItDoesNotCover) {
  NetworkConfig c;
  c.arch = Arch::gru;
  c.n_hidden = 8;
  CellKernelF32 k;
  if (kernel_set_supported(KernelSet::avx512)) {
    const iblrnn::testing::ScopedKernelSet scoped(KernelSet::avx512);
    EXPECT_TRUE(float32_supported(Network::init(c, 1)));
    EXPECT_TRUE(float32_supported(vanilla(512, 1)));
    EXPECT_FALSE(float32_supported(vanilla(513, 1)));
    EXPECT_THROW(k.prepare(vanilla(513, 1)), InvalidInput);
  }
  for (KernelSet set : {KernelSet::generic, KernelSet::avx2}) {
    if (!kernel_set_supported(set)) continue;
    const iblrnn::testing::ScopedKernelSet scoped(set);
    EXPECT_FALSE(float32_supported(vanilla(8, 1))) << kernel_set_name(set);
    EXPECT_FALSE(float32_supported(Network::init(c, 1))) << kernel_set_name(set);
    EXPECT_THROW(k.prepare(vanilla(8, 1)), InvalidInput) << kernel_set_name(set);
  }
}

}  // namespace
}  // namespace iblrnn
