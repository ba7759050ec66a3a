// Network: the parameters of a one-layer recurrent network and its readout in PyTorch's
// layout (docs/rnn.md eq. N1–N4), so that arrays move to and from torch.nn.RNN/GRU/LSTM and
// torch.nn.Linear unchanged: W_ih (G·H × 3), W_hh (G·H × H), b_ih, b_hh (G·H), W_out (2 × H),
// b_out (2), G = 1 (rnn), 3 (gru: r, z, n), 4 (lstm: i, f, g, o), gates stacked by rows.
// The same struct holds gradients (same shapes). Initialisation as PyTorch's default (eq. N5).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "iblrnn/rnn/network_config.hpp"

namespace iblrnn::rnn {

/// Parameters (or gradients) of a network; rows of W_out: 0 = left, 1 = right.
struct Network {
  Arch arch = Arch::rnn;
  int n_hidden = 0;
  Eigen::MatrixXd W_ih;   // (G·H × 3)  PyTorch rnn.weight_ih_l0
  Eigen::MatrixXd W_hh;   // (G·H × H)  rnn.weight_hh_l0
  Eigen::VectorXd b_ih;   // (G·H)      rnn.bias_ih_l0
  Eigen::VectorXd b_hh;   // (G·H)      rnn.bias_hh_l0
  Eigen::MatrixXd W_out;  // (2 × H)    readout.weight
  Eigen::VectorXd b_out;  // (2)        readout.bias

  /// All-zero parameters of the given architecture. Throws InvalidInput if config is invalid.
  static Network zeros(const NetworkConfig& config);
  /// All-zero parameters shaped like `other` (e.g. a gradient accumulator).
  static Network zeros_like(const Network& other);
  /// PyTorch's default initialisation: every entry U(−1/√H, 1/√H) from Rng(seed, Stream::init),
  /// drawn in the order W_ih, W_hh, b_ih, b_hh, W_out, b_out, each in C (row-major) order.
  static Network init(const NetworkConfig& config, std::uint64_t seed);

  /// The architecture as a config.
  NetworkConfig config() const;
  /// Gates G of the cell.
  int n_gates() const { return iblrnn::rnn::n_gates(arch); }
  /// Size of the recurrent state: H (rnn, gru) or 2H (lstm: h stacked over c).
  int state_size() const { return arch == Arch::lstm ? 2 * n_hidden : n_hidden; }
  /// Total number of scalar parameters.
  Eigen::Index n_params() const;

  /// Copies all parameters into one vector (order W_ih, W_hh, b_ih, b_hh, W_out, b_out,
  /// each column-major); `flat` is resized to n_params().
  void pack(Eigen::VectorXd& flat) const;
  /// Inverse of pack(). Throws InvalidInput if flat.size() != n_params().
  void unpack(const Eigen::Ref<const Eigen::VectorXd>& flat);
  /// Sets every entry to zero (keeps shapes).
  void set_zero();
  /// this += scale · other (same shapes).
  void add_scaled(const Network& other, double scale);
  /// True if every entry is finite.
  bool all_finite() const;
};

/// The PyTorch state_dict keys in file order: rnn.weight_ih_l0, rnn.weight_hh_l0,
/// rnn.bias_ih_l0, rnn.bias_hh_l0, readout.weight, readout.bias.
const std::vector<std::string>& state_dict_keys();

}  // namespace iblrnn::rnn
