// Forward pass against PyTorch (fixture written by scripts/make_torch_fixture.py), under every
// kernel set this CPU runs.
#include <string>
#include <tuple>

#include <gtest/gtest.h>

#include "iblrnn/io/npy.hpp"
#include "iblrnn/rnn/bptt.hpp"
#include "iblrnn/io/network_files.hpp"
#include "../support/kernel_sets.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::rnn;

namespace iblrnn {
namespace {

Eigen::MatrixXd as_matrix_transposed(const NpyArray& a) {
  // (T, k) C order = (k × T) column-major.
  return Eigen::Map<const Eigen::MatrixXd>(a.data.data(), static_cast<Eigen::Index>(a.shape[1]),
                                           static_cast<Eigen::Index>(a.shape[0]));
}

class TorchFixture : public ::testing::TestWithParam<std::tuple<const char*, KernelSet>> {};

TEST_P(TorchFixture, ForwardMatchesPyTorch) {
  const auto [arch, set] = GetParam();
  IBLRNN_USE_KERNEL_SET(set);
  const std::string dir = std::string(IBLRNN_TEST_DATA_DIR) + "/rnn/" + arch;
  const Network net = load_network(dir);
  EXPECT_EQ(choice_name(net.arch), std::string(arch));
  const Eigen::MatrixXd x = as_matrix_transposed(read_npy(dir + "/inputs.npy"));
  const Eigen::MatrixXd h_ref = as_matrix_transposed(read_npy(dir + "/hidden.npy"));
  const Eigen::MatrixXd p_ref = as_matrix_transposed(read_npy(dir + "/probs.npy"));
  Eigen::MatrixXd cache, p;
  forward_sequence(net, x, cache, p);
  const int H = net.n_hidden;
  EXPECT_LT((cache.topRows(H) - h_ref).cwiseAbs().maxCoeff(), 1e-13);
  EXPECT_LT((p - p_ref).cwiseAbs().maxCoeff(), 1e-13);
  if (net.arch == Arch::lstm) {
    const NpyArray c = read_npy(dir + "/cell_last.npy");
    const Eigen::Map<const Eigen::VectorXd> c_ref(c.data.data(), H);
    EXPECT_LT((cache.col(x.cols() - 1).segment(H, H) - c_ref).cwiseAbs().maxCoeff(), 1e-13);
  }
}

INSTANTIATE_TEST_SUITE_P(Cells, TorchFixture,
                         ::testing::Combine(::testing::Values("rnn", "gru", "lstm"),
                                            ::testing::ValuesIn(testing::all_kernel_sets())),
                         [](const auto& info) {  // e.g. gru_avx2
                           return std::string(std::get<0>(info.param)) + "_" +
                                  kernel_set_name(std::get<1>(info.param));
                         });

}  // namespace
}  // namespace iblrnn
