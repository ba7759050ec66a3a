#include "iblrnn/rnn/network.hpp"

#include <cmath>

#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"

using namespace iblrnn::core;

namespace iblrnn::rnn {

Network Network::zeros(const NetworkConfig& config) {
  config.validate();
  Network net;
  net.arch = config.arch;
  net.n_hidden = config.n_hidden;
  const int H = config.n_hidden, GH = net.n_gates() * H;
  net.W_ih = Eigen::MatrixXd::Zero(GH, 3);
  net.W_hh = Eigen::MatrixXd::Zero(GH, H);
  net.b_ih = Eigen::VectorXd::Zero(GH);
  net.b_hh = Eigen::VectorXd::Zero(GH);
  net.W_out = Eigen::MatrixXd::Zero(2, H);
  net.b_out = Eigen::VectorXd::Zero(2);
  return net;
}

Network Network::zeros_like(const Network& other) { return zeros(other.config()); }

Network Network::init(const NetworkConfig& config, std::uint64_t seed) {
  Network net = zeros(config);
  Rng rng(seed, Stream::init);
  const double k = 1.0 / std::sqrt(static_cast<double>(config.n_hidden));
  // Row-major draw order, as a C-order array of the PyTorch tensor would be filled.
  auto fill = [&](auto& m) {
    for (Eigen::Index i = 0; i < m.rows(); ++i)
      for (Eigen::Index j = 0; j < m.cols(); ++j) m(i, j) = rng.uniform(-k, k);
  };
  fill(net.W_ih);
  fill(net.W_hh);
  fill(net.b_ih);
  fill(net.b_hh);
  fill(net.W_out);
  fill(net.b_out);
  return net;
}

NetworkConfig Network::config() const {
  NetworkConfig c;
  c.arch = arch;
  c.n_hidden = n_hidden;
  return c;
}

Eigen::Index Network::n_params() const {
  return W_ih.size() + W_hh.size() + b_ih.size() + b_hh.size() + W_out.size() + b_out.size();
}

void Network::pack(Eigen::VectorXd& flat) const {
  flat.resize(n_params());
  Eigen::Index o = 0;
  auto put = [&](const auto& m) {
    flat.segment(o, m.size()) = Eigen::Map<const Eigen::VectorXd>(m.data(), m.size());
    o += m.size();
  };
  put(W_ih);
  put(W_hh);
  put(b_ih);
  put(b_hh);
  put(W_out);
  put(b_out);
}

void Network::unpack(const Eigen::Ref<const Eigen::VectorXd>& flat) {
  require(flat.size() == n_params(), "Network::unpack", "flat", "must have n_params() entries",
          flat.size());
  Eigen::Index o = 0;
  auto get = [&](auto& m) {
    Eigen::Map<Eigen::VectorXd>(m.data(), m.size()) = flat.segment(o, m.size());
    o += m.size();
  };
  get(W_ih);
  get(W_hh);
  get(b_ih);
  get(b_hh);
  get(W_out);
  get(b_out);
}

void Network::set_zero() {
  W_ih.setZero();
  W_hh.setZero();
  b_ih.setZero();
  b_hh.setZero();
  W_out.setZero();
  b_out.setZero();
}

void Network::add_scaled(const Network& o, double s) {
  W_ih += s * o.W_ih;
  W_hh += s * o.W_hh;
  b_ih += s * o.b_ih;
  b_hh += s * o.b_hh;
  W_out += s * o.W_out;
  b_out += s * o.b_out;
}

bool Network::all_finite() const {
  return W_ih.allFinite() && W_hh.allFinite() && b_ih.allFinite() && b_hh.allFinite() &&
         W_out.allFinite() && b_out.allFinite();
}

const std::vector<std::string>& state_dict_keys() {
  static const std::vector<std::string> keys = {"rnn.weight_ih_l0", "rnn.weight_hh_l0",
                                                "rnn.bias_ih_l0",   "rnn.bias_hh_l0",
                                                "readout.weight",   "readout.bias"};
  return keys;
}

}  // namespace iblrnn::rnn
