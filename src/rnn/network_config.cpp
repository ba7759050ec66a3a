#include "iblrnn/rnn/network_config.hpp"

#include "iblrnn/core/error.hpp"

namespace iblrnn {

std::vector<FieldRef> NetworkConfig::fields() {
  return {
      {"arch", "recurrent cell: rnn (vanilla tanh) | gru | lstm (PyTorch equations)", &arch},
      {"n_hidden", "hidden units H", &n_hidden},
  };
}

void NetworkConfig::validate() const {
  parse_arch(arch, "NetworkConfig");
  require(n_hidden >= 1 && n_hidden <= 4096, "NetworkConfig", "n_hidden", "must be in [1, 4096]",
          n_hidden);
}

Arch NetworkConfig::cell() const { return parse_arch(arch, "NetworkConfig"); }

Arch parse_arch(const std::string& name, const std::string& where) {
  if (name == "rnn") return Arch::rnn;
  if (name == "gru") return Arch::gru;
  if (name == "lstm") return Arch::lstm;
  require(false, where, "arch", "must be rnn, gru or lstm", name);
  return Arch::rnn;
}

const char* arch_name(Arch arch) {
  switch (arch) {
    case Arch::rnn: return "rnn";
    case Arch::gru: return "gru";
    case Arch::lstm: return "lstm";
  }
  return "?";
}

int n_gates(Arch arch) {
  switch (arch) {
    case Arch::rnn: return 1;
    case Arch::gru: return 3;
    case Arch::lstm: return 4;
  }
  return 1;
}

}  // namespace iblrnn
