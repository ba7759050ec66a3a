// Network files: save/load round trips with PyTorch's names and shapes, and the errors of a
// malformed folder.
#include <filesystem>

#include <gtest/gtest.h>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/network_files.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/rnn/network.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::rnn;

namespace iblrnn {
namespace {

std::string temp_dir(const std::string& name) {
  auto p = std::filesystem::temp_directory_path() / ("iblrnn_test_io_network_" + name);
  std::filesystem::remove_all(p);
  return p.string();
}

TEST(NetworkFiles, SaveLoadRoundTripsWithPyTorchShapes) {
  for (const char* arch : {"rnn", "gru", "lstm"}) {
    NetworkConfig c;
    c.arch = parse_choice<Arch>(arch, "test", "arch");
    c.n_hidden = 4;
    const Network a = Network::init(c, 11);
    const std::string dir = temp_dir(std::string("files_") + arch);
    save_network(dir, a);
    const NpyArray w = read_npy(dir + "/rnn.weight_hh_l0.npy");
    ASSERT_EQ(w.shape.size(), 2u);
    EXPECT_EQ(w.shape[0], static_cast<std::size_t>(a.W_hh.rows()));
    // C order: entry (0, 1) is the second value in the file.
    EXPECT_EQ(w.data[1], a.W_hh(0, 1));
    EXPECT_EQ(read_npy(dir + "/readout.bias.npy").shape.size(), 1u);
    const Network b = load_network(dir);
    EXPECT_EQ(b.arch, a.arch);
    EXPECT_EQ(a.W_ih, b.W_ih);
    EXPECT_EQ(a.W_hh, b.W_hh);
    EXPECT_EQ(a.b_ih, b.b_ih);
    EXPECT_EQ(a.b_hh, b.b_hh);
    EXPECT_EQ(a.W_out, b.W_out);
    EXPECT_EQ(a.b_out, b.b_out);
    std::filesystem::remove_all(dir);
  }
}

TEST(NetworkFiles, LoadRejectsWrongShapeNamingTheFile) {
  NetworkConfig c;
  c.n_hidden = 4;
  const std::string dir = temp_dir("badshape");
  save_network(dir, Network::init(c, 1));
  std::vector<double> bad(5, 0.0);
  write_npy(dir + "/readout.bias.npy", bad);
  try {
    load_network(dir);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("readout.bias.npy: shape must be (2,), got (5,)"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(load_network(dir + "/missing"), IoError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace iblrnn
