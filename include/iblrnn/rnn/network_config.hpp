// NetworkConfig: the architecture of a recurrent network (docs/rnn.md eq. N1–N3): the cell
// (vanilla tanh `rnn`, `gru` or `lstm`, PyTorch's equations and gate layout) and the number
// of hidden units H. Inputs are always 3 (o^L, o^R, r) and outputs 2 (left, right).
#pragma once

#include <string>
#include <vector>

#include "iblrnn/core/fields.hpp"

namespace iblrnn::rnn {

/// The cell type of a network.
enum class Arch { rnn, gru, lstm };
constexpr std::array<std::string_view, 3> choice_names(Arch) { return {"rnn", "gru", "lstm"}; }

/// The architecture section [network] of a configuration.
struct NetworkConfig {
  Arch arch = Arch::rnn;     // rnn | gru | lstm
  int n_hidden = 50;         // hidden units H (>= 1)

  /// The field table (names, help, members) used for TOML, --set and help.
  std::vector<core::FieldRef> fields();

  /// Throws InvalidInput("NetworkConfig: field constraint, got value") on the first bad field.
  void validate() const;
};

/// Gates per cell: 1 (rnn), 3 (gru: r, z, n), 4 (lstm: i, f, g, o).
int n_gates(Arch arch);

}  // namespace iblrnn::rnn
