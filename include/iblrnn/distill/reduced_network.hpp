// The reduced models as ordinary networks (docs/distill.md eq. D10): an M-unit tanh map with
// a readout p(right) = σ(g z_u) is exactly a vanilla network in PyTorch's layout, W_hh = A,
// W_ih = B, b_ih = c, b_hh = 0, readout.weight rows (−g/2 e_u, +g/2 e_u), readout.bias 0,
// since softmax over (left, right) gives p(right) = σ(logit_R − logit_L) = σ(g z_u).
// Conversely a vanilla network's recurrence is the tanh map (W_hh, W_ih, b_ih + b_hh).
#pragma once

#include "iblrnn/distill/tanh_map.hpp"
#include "iblrnn/rnn/network.hpp"

namespace iblrnn::distill {

/// The vanilla network of map (M units, 3 inputs) reading out p(right) = σ(gain · z_unit).
/// Throws InvalidInput if the map is invalid, has other than 3 inputs, or unit is out of range.
rnn::Network network_of_map(const TanhMap& map, double gain, int unit);

/// The recurrence of a vanilla network as a tanh map. Throws InvalidInput for gru / lstm.
TanhMap map_of_network(const rnn::Network& net);

}  // namespace iblrnn::distill
