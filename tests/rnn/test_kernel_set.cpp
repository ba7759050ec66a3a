// The kernel sets (include/iblrnn/rnn/kernel_set.hpp): which set a CPU gets, what is refused,
// and every set this CPU runs against the generic set on whole sequences, forward and BPTT,
// for each cell at sizes that take the fused and the general paths.
#include <cstdint>
#include <cstring>
#include <string>
#include <tuple>

#include <Eigen/Core>
#include <gtest/gtest.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/rnn/bptt.hpp"
#include "iblrnn/rnn/kernel_set.hpp"
#include "../support/kernel_sets.hpp"
#include "../support/random_matrices.hpp"
#include "../support/validation.hpp"

using namespace iblrnn::core;
using namespace iblrnn::rnn;
using iblrnn::testing::all_kernel_sets;
using iblrnn::testing::random_normal;
using iblrnn::testing::ScopedKernelSet;

namespace {

constexpr const char* kAvx512Cpu = "avx512f avx512dq avx512bw avx512vl avx512cd avx2 fma";

TEST(KernelSet, TheBestSetTheCpuRunsUnlessOneIsNamed) {
  EXPECT_EQ(choose_kernel_set("", kAvx512Cpu, "IBLRNN_KERNELS"), KernelSet::avx512);
  EXPECT_EQ(choose_kernel_set("", "avx2 fma", "IBLRNN_KERNELS"), KernelSet::avx2);
  EXPECT_EQ(choose_kernel_set("", "avx2", "IBLRNN_KERNELS"), KernelSet::generic);  // no FMA
  EXPECT_EQ(choose_kernel_set("", "", "IBLRNN_KERNELS"), KernelSet::generic);
  // AVX-512 F alone (no DQ/BW/VL, as on the first Xeon Phi) is not enough for avx512.
  EXPECT_EQ(choose_kernel_set("", "avx512f avx2 fma", "IBLRNN_KERNELS"), KernelSet::avx2);
  EXPECT_EQ(choose_kernel_set("avx2", kAvx512Cpu, "IBLRNN_KERNELS"), KernelSet::avx2);
  EXPECT_EQ(choose_kernel_set("generic", kAvx512Cpu, "IBLRNN_KERNELS"), KernelSet::generic);
  EXPECT_EQ(choose_kernel_set("generic", "", "IBLRNN_KERNELS"), KernelSet::generic);
}

TEST(KernelSet, ASetTheCpuLacksOrAnUnknownNameIsRefused) {
  auto message = [](const char* requested, const char* cpu) {
    return iblrnn::testing::invalid_input_message([&] { choose_kernel_set(requested, cpu, "IBLRNN_KERNELS"); });
  };
  EXPECT_EQ(message("avx512", "avx2 fma"),
            "IBLRNN_KERNELS: kernel set must be one this CPU runs (generic, avx2; cpu: avx2 fma), "
            "got \"avx512\"");
  EXPECT_EQ(message("avx2", ""),
            "IBLRNN_KERNELS: kernel set must be one this CPU runs (generic; cpu: none), got \"avx2\"");
  EXPECT_EQ(message("AVX512", kAvx512Cpu),
            "IBLRNN_KERNELS: kernel set must be one of generic, avx2, avx512, got \"AVX512\"");
}

TEST(KernelSet, ThisCpuRunsTheGenericSetAndWhatItReports) {
  const auto sets = supported_kernel_sets();
  ASSERT_FALSE(sets.empty());
  EXPECT_EQ(sets.front(), KernelSet::generic);
  for (KernelSet set : all_kernel_sets())
    EXPECT_EQ(kernel_set_supported(set), kernel_set_runs_on(set, cpu_kernel_features())) << kernel_set_name(set);
  // A set this CPU cannot run is refused by use_kernel_set too, and the active set stays.
  const KernelSet before = active_kernel_set();
  for (KernelSet set : all_kernel_sets()) {
    if (kernel_set_supported(set)) continue;
    EXPECT_THROW(use_kernel_set(set), InvalidInput) << kernel_set_name(set);
    EXPECT_EQ(active_kernel_set(), before);
  }
  const std::string description = kernel_set_description();
  EXPECT_EQ(description.rfind(kernel_set_name(active_kernel_set()), 0), 0u) << description;
}

// One sequence's forward pass and its BPTT gradient, alone, as a pair and in a batch of three.
struct SequenceRun {
  Eigen::MatrixXd cache, p;
  Eigen::VectorXd single, pair, batch;
};

SequenceRun run_sequences(const Network& net) {
  SequenceRun r;
  const int T = 70;
  std::vector<Eigen::MatrixXd> xs, caches, dls;
  std::vector<SequenceRef> seqs;
  for (int k = 0; k < 3; ++k) {
    xs.push_back(random_normal(3, T - 20 * k, 50 + k));
    Eigen::MatrixXd cache, p;
    forward_sequence(net, xs.back(), cache, p);
    if (k == 0) {
      r.cache = cache;
      r.p = p;
    }
    caches.push_back(cache);
    dls.push_back(random_normal(2, xs.back().cols(), 60 + k));
  }
  for (int k = 0; k < 3; ++k) seqs.push_back({xs[k].data(), caches[k].data(), dls[k].data(), static_cast<int>(xs[k].cols())});
  Backprop bp;
  Network single = Network::zeros_like(net), pair = Network::zeros_like(net), batch = Network::zeros_like(net);
  bp.accumulate(net, {seqs[0]}, single);
  bp.accumulate(net, {seqs[0], seqs[1]}, pair);
  bp.accumulate(net, seqs, batch);
  single.pack(r.single);
  pair.pack(r.pair);
  batch.pack(r.batch);
  return r;
}

double max_relative_difference(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return (a - b).cwiseAbs().maxCoeff() / std::max(1.0, b.cwiseAbs().maxCoeff());
}

bool bit_equal(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * a.size()) == 0;
}

class KernelSetsAgree : public ::testing::TestWithParam<std::tuple<const char*, int, KernelSet>> {};

TEST_P(KernelSetsAgree, WithTheGenericSetOnWholeSequences) {
  const auto [arch, H, set] = GetParam();
  if (!kernel_set_supported(set)) GTEST_SKIP() << "this CPU does not run kernel set " << kernel_set_name(set);
  NetworkConfig c;
  c.arch = parse_choice<Arch>(arch, "test", "arch");
  c.n_hidden = H;
  const Network net = Network::init(c, 9);
  SequenceRun expected, got, again;
  {
    const ScopedKernelSet scoped(KernelSet::generic);
    expected = run_sequences(net);
  }
  {
    const ScopedKernelSet scoped(set);
    got = run_sequences(net);
    again = run_sequences(net);
  }
  // Different instruction sets round differently (FMA, vector widths, the polynomial exp):
  // agreement to a few ulps per operation, over 70 steps.
  EXPECT_LT(max_relative_difference(got.cache, expected.cache), 1e-12);
  EXPECT_LT(max_relative_difference(got.p, expected.p), 1e-12);
  EXPECT_LT(max_relative_difference(got.single, expected.single), 1e-11);
  EXPECT_LT(max_relative_difference(got.pair, expected.pair), 1e-11);
  EXPECT_LT(max_relative_difference(got.batch, expected.batch), 1e-11);
  // The same set twice: the same bits.
  EXPECT_TRUE(bit_equal(got.cache, again.cache) && bit_equal(got.p, again.p));
  EXPECT_TRUE(bit_equal(got.single, again.single) && bit_equal(got.pair, again.pair) &&
              bit_equal(got.batch, again.batch));
}

INSTANTIATE_TEST_SUITE_P(Cells, KernelSetsAgree,
                         ::testing::Combine(::testing::Values("rnn", "gru", "lstm"),
                                            ::testing::Values(5, 50, 70, 130),
                                            ::testing::Values(KernelSet::avx2, KernelSet::avx512)),
                         [](const auto& info) {  // e.g. gru_H50_avx512
                           return std::string(std::get<0>(info.param)) + "_H" +
                                  std::to_string(std::get<1>(info.param)) + "_" +
                                  kernel_set_name(std::get<2>(info.param));
                         });

}  // namespace

// The kernels want matrices on cache lines (kernels/small_gemv.hpp); this file is compiled for
// plain x86-64, where Eigen's own choice would be 16 bytes (CMakeLists.txt sets 64).
TEST(KernelSets, EigenAllocatesOnCacheLines) {
  for (Eigen::Index n : {1, 3, 7, 50, 129}) {
    const Eigen::MatrixXd m(n, 3);
    const Eigen::VectorXd v(n);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(m.data()) % 64, 0u) << n;
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(v.data()) % 64, 0u) << n;
  }
}
