// Hand-written BPTT against central finite differences, for each cell (eq. N6–N10), under
// every kernel set this CPU runs.
#include <cmath>
#include <functional>
#include <string>
#include <tuple>

#include <gtest/gtest.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"
#include "iblrnn/rnn/bptt.hpp"
#include "iblrnn/rnn/dynamics.hpp"
#include "../support/gradient_check.hpp"
#include "../support/kernel_sets.hpp"
#include "../support/random_matrices.hpp"

using namespace iblrnn::core;
using namespace iblrnn::rnn;

namespace iblrnn {
using iblrnn::testing::fd_relative_error;
using iblrnn::testing::all_kernel_sets;
using iblrnn::testing::random_normal;

namespace {

Network test_network(const char* arch, int H, std::uint64_t seed) {
  NetworkConfig c;
  c.arch = parse_choice<Arch>(arch, "test", "arch");
  c.n_hidden = H;
  Network net = Network::init(c, seed);
  // Larger weights than the default so that every nonlinearity is exercised off its linear part.
  Eigen::VectorXd flat;
  net.pack(flat);
  net.unpack(3.0 * flat);
  return net;
}

// A loss with both kinds of readout terms: L = Σ_t a_t p_R,t + b_t log p_R,t.
// Runs the forward pass step by step; with truncate k > 0, the state entering step t
// (t % k == 0) is replaced by `frozen` (the states of the unperturbed run), so that the
// finite differences see the truncated objective.
double loss_of(const Network& net, const Eigen::MatrixXd& x, const Eigen::VectorXd& a,
               const Eigen::VectorXd& b, int truncate = 0, const Eigen::MatrixXd* frozen = nullptr,
               Eigen::MatrixXd* states = nullptr) {
  const Eigen::Index T = x.cols();
  const int S = net.state_size();
  CellKernel kernel(net, 1);
  Eigen::MatrixXd cache(cache_rows(net.arch, net.n_hidden), T), p(2, T);
  Eigen::VectorXd s = Eigen::VectorXd::Zero(S);
  double L = 0;
  for (Eigen::Index t = 0; t < T; ++t) {
    if (truncate > 0 && t > 0 && t % truncate == 0 && frozen) s = frozen->col(t - 1);
    kernel.forward(net, x.col(t), s, cache.col(t), p.col(t));
    s = cache.col(t).head(S);
    if (states) states->col(t) = s;
    L += a(t) * p(1, t) + b(t) * std::log(p(1, t));
  }
  return L;
}

void d_logits_of(const Eigen::MatrixXd& p, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                 Eigen::MatrixXd& dl) {
  dl.resize(2, p.cols());
  for (Eigen::Index t = 0; t < p.cols(); ++t) {
    // d p_R / d logit_R = p_R p_L; d log p_R / d logit_R = p_L; opposite for logit_L.
    const double g = a(t) * p(1, t) * p(0, t) + b(t) * p(0, t);
    dl(0, t) = -g;
    dl(1, t) = g;
  }
}


// Sequences run forward from random inputs (seeds seed + k), with dL/dlogits of loss_of's
// form (weights from seeds seed + 10 + k and seed + 20 + k).
struct Recorded {
  std::vector<int> lengths;
  std::vector<Eigen::MatrixXd> xs, caches, dls;
  SequenceRef ref(std::size_t k) const {
    return {xs[k].data(), caches[k].data(), dls[k].data(), lengths[k]};
  }
};

Recorded record_sequences(const Network& net, const std::vector<int>& lengths, std::uint64_t seed) {
  Recorded r;
  r.lengths = lengths;
  for (std::size_t k = 0; k < lengths.size(); ++k) {
    Eigen::MatrixXd cache, p, dl;
    r.xs.push_back(random_normal(3, lengths[k], seed + k));
    forward_sequence(net, r.xs.back(), cache, p);
    d_logits_of(p, random_normal(lengths[k], 1, seed + 10 + k), random_normal(lengths[k], 1, seed + 20 + k), dl);
    r.caches.push_back(cache);
    r.dls.push_back(dl);
  }
  return r;
}

// The gradient summed over the sequences one at a time, and over all of them as one batch.
struct SumAndBatch {
  Network sum, batch;
};

SumAndBatch sum_and_batch(const Network& net, const Recorded& rec) {
  SumAndBatch g{Network::zeros_like(net), Network::zeros_like(net)};
  std::vector<SequenceRef> seqs;
  Backprop bp;
  for (std::size_t k = 0; k < rec.lengths.size(); ++k) {
    seqs.push_back(rec.ref(k));
    bp.accumulate(net, {seqs.back()}, g.sum);
  }
  bp.accumulate(net, seqs, g.batch);
  return g;
}

// max |a − b| over all parameters.
double max_abs_difference(const Network& a, const Network& b) {
  Eigen::VectorXd fa, fb;
  a.pack(fa);
  b.pack(fb);
  return (fa - fb).cwiseAbs().maxCoeff();
}

double max_abs(const Network& a) { return max_abs_difference(a, Network::zeros_like(a)); }

// Parameters: the cell and the kernel set; the set is active for the test's body.
class CellGradient : public ::testing::TestWithParam<std::tuple<const char*, KernelSet>> {
 protected:
  const char* arch() const { return std::get<0>(GetParam()); }
  KernelSet kernel_set() const { return std::get<1>(GetParam()); }
};

std::string arch_and_set_name(const ::testing::TestParamInfo<std::tuple<const char*, KernelSet>>& info) {
  return std::string(std::get<0>(info.param)) + "_" + kernel_set_name(std::get<1>(info.param));
}

std::string set_name(const ::testing::TestParamInfo<KernelSet>& info) {
  return kernel_set_name(info.param);
}

TEST_P(CellGradient, BpttMatchesCentralDifferences) {
  IBLRNN_USE_KERNEL_SET(kernel_set());
  const Network net = test_network(arch(), 4, 21);
  const int T = 9;
  const Eigen::MatrixXd x = random_normal(3, T, 1);
  const Eigen::VectorXd a = random_normal(T, 1, 2), b = random_normal(T, 1, 3);
  Eigen::MatrixXd cache, p, dl;
  forward_sequence(net, x, cache, p);
  EXPECT_NEAR(loss_of(net, x, a, b), (a.array() * p.row(1).transpose().array() +
                                      b.array() * p.row(1).transpose().array().log()).sum(),
              1e-12);
  d_logits_of(p, a, b, dl);
  Network grad = Network::zeros_like(net);
  Backprop bp;
  bp.accumulate(net, {{x.data(), cache.data(), dl.data(), T}}, grad);
  const double err = fd_relative_error(net, grad, [&](const Network& n) { return loss_of(n, x, a, b); });
  EXPECT_LT(err, 1e-6) << arch();
}

TEST_P(CellGradient, TruncatedBpttMatchesFrozenStateDifferences) {
  IBLRNN_USE_KERNEL_SET(kernel_set());
  const Network net = test_network(arch(), 3, 22);
  const int T = 10, k = 3;
  const Eigen::MatrixXd x = random_normal(3, T, 4);
  const Eigen::VectorXd a = random_normal(T, 1, 5), b = random_normal(T, 1, 6);
  Eigen::MatrixXd cache, p, dl, frozen(net.state_size(), T);
  forward_sequence(net, x, cache, p);
  loss_of(net, x, a, b, 0, nullptr, &frozen);
  d_logits_of(p, a, b, dl);
  Network grad = Network::zeros_like(net);
  Backprop bp;
  bp.accumulate(net, {{x.data(), cache.data(), dl.data(), T}}, grad, k);
  const double err = fd_relative_error(
      net, grad, [&](const Network& n) { return loss_of(n, x, a, b, k, &frozen); });
  EXPECT_LT(err, 1e-6) << arch();
  // And truncation changes the gradient (the recurrent paths are really cut).
  Network full = Network::zeros_like(net);
  bp.accumulate(net, {{x.data(), cache.data(), dl.data(), T}}, full);
  EXPECT_GT((full.W_hh - grad.W_hh).cwiseAbs().maxCoeff(), 1e-6);
}

TEST_P(CellGradient, LockStepBatchEqualsSumOfSingleSequences) {
  IBLRNN_USE_KERNEL_SET(kernel_set());
  const Network net = test_network(arch(), 5, 23);
  const SumAndBatch g = sum_and_batch(net, record_sequences(net, {4, 11, 1, 7}, 10));
  EXPECT_LT(max_abs_difference(g.sum, g.batch), 1e-12 * max_abs(g.sum));
}

TEST_P(CellGradient, JacobianMatchesCentralDifferences) {
  IBLRNN_USE_KERNEL_SET(kernel_set());
  const Network net = test_network(arch(), 4, 24);
  const int S = net.state_size();
  const Eigen::VectorXd s = 0.5 * random_normal(S, 1, 7);
  const Eigen::VectorXd x = random_normal(3, 1, 8);
  const Eigen::MatrixXd J = step_jacobian(net, s, x);
  ASSERT_EQ(J.rows(), S);
  Eigen::MatrixXd fd(S, S);
  const double eps = 1e-6;
  for (int i = 0; i < S; ++i) {
    Eigen::VectorXd sp = s, sm = s;
    sp(i) += eps;
    sm(i) -= eps;
    fd.col(i) = (step_map(net, sp, x) - step_map(net, sm, x)) / (2 * eps);
  }
  EXPECT_LT((J - fd).cwiseAbs().maxCoeff() / fd.cwiseAbs().maxCoeff(), 1e-7) << arch();
}

INSTANTIATE_TEST_SUITE_P(Cells, CellGradient,
                         ::testing::Combine(::testing::Values("rnn", "gru", "lstm"),
                                            ::testing::ValuesIn(all_kernel_sets())),
                         arch_and_set_name);

// The vanilla cell at sizes where the products run over several register tiles (H = 50:
// seven 8-row vectors; H = 70: two row chunks; H = 130: three, the last of two rows), against
// BPTT written in plain Eigen (eq. N6, N7, N10), for one sequence (processed in place), a
// pair (the fused paired steps) and a batch (gathered in lock-step). The lengths cross the
// 64-step chunks in which the weight gradients are added (65: a chunk of one).
class VanillaBptt : public ::testing::TestWithParam<KernelSet> {};

TEST_P(VanillaBptt, MatchesPlainEigenAtTheTrainedSizes) {
  IBLRNN_USE_KERNEL_SET(GetParam());
  for (int H : {50, 70, 130}) {
    const Network net = test_network("rnn", H, 31);
    // The avx512 set takes every vanilla size up to 512 through its fused steps.
    EXPECT_EQ(fused_single_sequence(net), GetParam() == KernelSet::avx512) << "H = " << H;
    const Recorded rec = record_sequences(net, {37, 1, 90, 65}, 40);
    Network expected = Network::zeros_like(net);
    for (std::size_t k = 0; k < rec.lengths.size(); ++k) {
      const Eigen::MatrixXd &x = rec.xs[k], &cache = rec.caches[k], &dl = rec.dls[k];
      Eigen::VectorXd dh_next = Eigen::VectorXd::Zero(H);
      for (int t = rec.lengths[k] - 1; t >= 0; --t) {
        const Eigen::VectorXd h = cache.col(t);
        const Eigen::VectorXd h_prev = t > 0 ? Eigen::VectorXd(cache.col(t - 1)) : Eigen::VectorXd::Zero(H);
        const Eigen::VectorXd dh = net.W_out.transpose() * dl.col(t) + dh_next;
        const Eigen::VectorXd da = dh.array() * (1.0 - h.array().square());
        expected.W_hh += da * h_prev.transpose();
        expected.W_ih += da * x.col(t).transpose();
        expected.b_hh += da;
        expected.b_ih += da;
        expected.W_out += dl.col(t) * h.transpose();
        expected.b_out += dl.col(t);
        dh_next = net.W_hh.transpose() * da;
      }
    }
    const SumAndBatch g = sum_and_batch(net, rec);
    const double scale = max_abs(expected);
    EXPECT_LT(max_abs_difference(g.sum, expected), 1e-12 * scale) << "H = " << H;
    EXPECT_LT(max_abs_difference(g.batch, expected), 1e-12 * scale) << "H = " << H;
    // A pair of sequences (the paired fused step while both run), in either order and also
    // truncated (the cut applies to each sequence at its own steps): equals the sum of the
    // single-sequence gradients.
    for (int truncate : {0, 5}) {
      Backprop bp;
      for (const auto& pair : {std::vector<SequenceRef>{rec.ref(0), rec.ref(2)}, std::vector<SequenceRef>{rec.ref(2), rec.ref(0)}}) {
        Network single = Network::zeros_like(net), paired = Network::zeros_like(net);
        bp.accumulate(net, {pair[0]}, single, truncate);
        bp.accumulate(net, {pair[1]}, single, truncate);
        bp.accumulate(net, pair, paired, truncate);
        EXPECT_LT(max_abs_difference(single, paired), 1e-12 * scale) << "H = " << H << " truncate " << truncate;
      }
    }
  }
}

// The gated cells at sizes with several 8-row chunks and a partial one (H = 50) and with
// products over more than one 64-row chunk (H = 70): one sequence and a pair (the fused
// single-sequence steps of gated_step.hpp) against the batch of all four sequences in
// lock-step (the general kernels), whose agreement with finite differences is tested above;
// the lengths cross the 64-step weight-gradient chunks; also truncated.
class GatedBptt : public ::testing::TestWithParam<KernelSet> {};

TEST_P(GatedBptt, FusedSingleSequencesEqualTheLockStepBatch) {
  IBLRNN_USE_KERNEL_SET(GetParam());
  for (const char* arch : {"gru", "lstm"}) {
    for (int H : {50, 70}) {
      const Network net = test_network(arch, H, 33);
      const Recorded rec = record_sequences(net, {37, 1, 90, 65}, 41);
      const SumAndBatch g = sum_and_batch(net, rec);
      const double scale = max_abs(g.batch);
      EXPECT_LT(max_abs_difference(g.sum, g.batch), 1e-12 * scale) << arch << " H = " << H;
      for (int truncate : {0, 5}) {
        Backprop bp;
        Network paired = Network::zeros_like(net), lock = Network::zeros_like(net);
        bp.accumulate(net, {rec.ref(0), rec.ref(2)}, paired, truncate);
        bp.accumulate(net, {rec.ref(0), rec.ref(2), rec.ref(1)}, lock, truncate);
        bp.accumulate(net, {rec.ref(1)}, paired, truncate);
        EXPECT_LT(max_abs_difference(paired, lock), 1e-12 * scale)
            << arch << " H = " << H << " truncate " << truncate;
      }
    }
  }
}

// The float32 path (bptt_f32.cpp) against the double BPTT tested above, for each cell: the
// sequences run forward in float (cell_f32.hpp) from the same inputs and take the double run's
// dL/dlogits; one sequence, a pair in either order, and four (two pairs), full and truncated,
// at sizes with a partial 16-lane vector (H = 50) and, for the vanilla cell, two 128-row
// chunks (H = 130). The gradients agree within 1e-5 of their largest entry (float's rounding
// over ~100 steps; measured 1.0e-7 to 1.4e-7 for the vanilla cell, 4e-8 to 8e-8 gated).
TEST(Float32Bptt, AgreesWithDoubleWithinFloatRounding) {
  IBLRNN_USE_KERNEL_SET(KernelSet::avx512);
  for (const auto& [arch, H] : {std::pair{Arch::rnn, 50}, std::pair{Arch::rnn, 130}, std::pair{Arch::gru, 50},
                                std::pair{Arch::lstm, 50}}) {
    NetworkConfig config;
    config.arch = arch;
    config.n_hidden = H;
    const Network net = Network::init(config, 31);
    const int S = net.state_size(), C = cache_rows(arch, H);
    const Recorded rec = record_sequences(net, {37, 1, 90, 65}, 40);
    CellKernelF32 kernel;
    kernel.prepare(net);
    std::vector<Eigen::MatrixXf> caches;
    for (std::size_t k = 0; k < rec.lengths.size(); ++k) {
      Eigen::MatrixXf cache(C, rec.lengths[k]);
      const Eigen::VectorXf zero = Eigen::VectorXf::Zero(S);
      double p[2];
      for (int t = 0; t < rec.lengths[k]; ++t)
        kernel.forward(net, rec.xs[k].col(t).data(), t > 0 ? cache.col(t - 1).data() : zero.data(), cache.col(t).data(), p);
      caches.push_back(cache);
    }
    auto ref32 = [&](std::size_t k) {
      return SequenceRef{rec.xs[k].data(), nullptr, rec.dls[k].data(), rec.lengths[k], caches[k].data()};
    };
    Backprop bp;
    for (int truncate : {0, 5}) {
      for (const std::vector<std::size_t>& set : {std::vector<std::size_t>{2}, {0, 2}, {2, 0}, {0, 2, 1, 3}}) {
        std::vector<SequenceRef> s64, s32;
        for (std::size_t k : set) {
          s64.push_back(rec.ref(k));
          s32.push_back(ref32(k));
        }
        Network g64 = Network::zeros_like(net), g32 = Network::zeros_like(net);
        bp.accumulate(net, s64, g64, truncate);
        bp.accumulate(net, s32, g32, truncate);
        EXPECT_LT(max_abs_difference(g64, g32), 1e-5 * max_abs(g64))
            << choice_name(arch) << " H = " << H << " truncate " << truncate << " sequences " << set.size();
        EXPECT_GT(max_abs(g32), 0.0);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(KernelSets, VanillaBptt, ::testing::ValuesIn(all_kernel_sets()), set_name);
INSTANTIATE_TEST_SUITE_P(KernelSets, GatedBptt, ::testing::ValuesIn(all_kernel_sets()), set_name);

TEST(Dynamics, StepMapBatchEqualsColumnwiseStepMap) {
  const Network net = test_network("gru", 3, 25);
  const Eigen::MatrixXd s = random_normal(3, 4, 9);
  const Eigen::VectorXd x = random_normal(3, 1, 10);
  const Eigen::MatrixXd batch = step_map_batch(net, s, x);
  for (int j = 0; j < 4; ++j) EXPECT_LT((batch.col(j) - step_map(net, s.col(j), x)).norm(), 1e-14);
  EXPECT_THROW(step_map(net, Eigen::VectorXd::Zero(2), x), InvalidInput);
}

}  // namespace
}  // namespace iblrnn
