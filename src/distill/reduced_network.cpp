#include "iblrnn/distill/reduced_network.hpp"

#include <cmath>
#include <string>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;
using namespace iblrnn::rnn;

namespace iblrnn::distill {

Network network_of_map(const TanhMap& map, double gain, int unit) {
  const char* w = "network_of_map";
  map.validate(w);
  require(map.n_inputs() == 3, w, "B", "must have 3 columns (o^L, o^R, r)", map.n_inputs());
  require(unit >= 0 && unit < map.n_units(), w, "unit",
          "must index a unit in [0, " + std::to_string(map.n_units()) + ")", unit);
  require(std::isfinite(gain), w, "gain", "must be finite", gain);
  NetworkConfig config;
  config.arch = Arch::rnn;
  config.n_hidden = map.n_units();
  Network net = Network::zeros(config);
  net.W_hh = map.A;
  net.W_ih = map.B;
  net.b_ih = map.c;
  net.W_out(0, unit) = -0.5 * gain;
  net.W_out(1, unit) = 0.5 * gain;
  return net;
}

TanhMap map_of_network(const Network& net) {
  require(net.arch == Arch::rnn, "map_of_network", "arch", "must be rnn (vanilla tanh)",
          choice_name(net.arch));
  return TanhMap{net.W_hh, net.W_ih, net.b_ih + net.b_hh};
}

}  // namespace iblrnn::distill
