// libFuzzer target: the training checkpoint reader (io/checkpoint_files.hpp) with a valid
// checkpoint whose state.json is replaced by the input.
#include "fuzz_input.hpp"
#include "iblrnn/io/checkpoint_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string dir = [] {
    const std::string d = iblrnn::fuzz::work_dir() + "/checkpoint";
    iblrnn::rnn::NetworkConfig nc;
    nc.n_hidden = 3;
    iblrnn::io::Checkpoint c;
    c.net = iblrnn::rnn::Network::zeros(nc);
    c.opt_m = Eigen::VectorXd::Zero(c.net.n_params());
    c.opt_v = Eigen::VectorXd::Zero(c.net.n_params());
    iblrnn::io::save_checkpoint(d, c);
    return d;
  }();
  iblrnn::fuzz::write_bytes(dir + "/state.json", data, size);
  iblrnn::fuzz::expect_clean([&] { iblrnn::io::load_checkpoint(dir); });
  return 0;
}
