// Network files (docs/rnn.md, "Files"): one .npy per PyTorch state_dict key, C order with
// PyTorch's shapes (rnn.weight_ih_l0.npy (G·H, 3), rnn.weight_hh_l0.npy (G·H, H),
// rnn.bias_ih_l0.npy (G·H,), rnn.bias_hh_l0.npy (G·H,), readout.weight.npy (2, H),
// readout.bias.npy (2,)), plus network.json {"arch", "n_hidden", "n_inputs", "n_outputs"}.
// In PyTorch: `model.rnn.weight_ih_l0.data = torch.from_numpy(np.load(...))`, and back.
#pragma once

#include <string>

#include "iblrnn/rnn/network.hpp"

namespace iblrnn::io {

/// Writes the six .npy files and network.json into `dir` (created if missing), atomically
/// per file. Throws IoError if a file cannot be written.
void save_network(const std::string& dir, const rnn::Network& net);

/// Reads a network written by save_network (or exported from PyTorch with the same names and
/// a network.json). Throws IoError if a file is missing or unreadable, InvalidInput naming
/// the file if network.json is malformed, an array's shape does not match, or (with
/// `require_finite`) a weight is NaN or infinite. Training checkpoints are read with
/// require_finite = false, so that a diverged state is reported as a divergence.
rnn::Network load_network(const std::string& dir, bool require_finite = true);

}  // namespace iblrnn::io
