#include "iblrnn/rnn/network_config.hpp"

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::rnn {

std::vector<FieldRef> NetworkConfig::fields() {
  return {
      choice_field("arch", "recurrent cell: rnn (vanilla tanh) | gru | lstm (PyTorch equations)", &arch),
      {"n_hidden", "hidden units H", &n_hidden},
  };
}

void NetworkConfig::validate() const {
  require(n_hidden >= 1 && n_hidden <= 4096, "NetworkConfig", "n_hidden", "must be in [1, 4096]",
          n_hidden);
}

int n_gates(Arch arch) {
  switch (arch) {
    case Arch::rnn: return 1;
    case Arch::gru: return 3;
    case Arch::lstm: return 4;
  }
  return 1;
}

}  // namespace iblrnn::rnn
