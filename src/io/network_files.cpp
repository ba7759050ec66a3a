#include "iblrnn/io/network_files.hpp"

#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"

using namespace iblrnn::core;
using namespace iblrnn::rnn;

namespace iblrnn::io {
namespace {

// Eigen is column-major; .npy files are C order, so rows are written one after another.
void write_matrix(const std::string& path, const Eigen::MatrixXd& m, bool as_vector) {
  std::vector<double> data(static_cast<std::size_t>(m.size()));
  std::size_t o = 0;
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) data[o++] = m(i, j);
  if (as_vector) {
    write_npy(path, data, {data.size()});
  } else {
    write_npy(path, data, {static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols())});
  }
}

void read_matrix(const std::string& path, Eigen::MatrixXd& m, bool require_finite) {
  const NpyArray a = read_npy(path);
  const bool vector_ok = m.cols() == 1 && a.shape.size() == 1 &&
                         a.shape[0] == static_cast<std::size_t>(m.rows());
  const bool matrix_ok = a.shape.size() == 2 && a.shape[0] == static_cast<std::size_t>(m.rows()) &&
                         a.shape[1] == static_cast<std::size_t>(m.cols());
  if (!vector_ok && !matrix_ok) {
    std::string got = "(";
    for (std::size_t i = 0; i < a.shape.size(); ++i) got += (i ? ", " : "") + std::to_string(a.shape[i]);
    got += a.shape.size() == 1 ? ",)" : ")";
    throw InvalidInput(path + ": shape must be (" + std::to_string(m.rows()) +
                       (m.cols() == 1 ? ",)" : ", " + std::to_string(m.cols()) + ")") + ", got " +
                       got);
  }
  std::size_t o = 0;
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      const double v = a.data[o++];
      if (require_finite && !std::isfinite(v)) {
        throw InvalidInput(path + ": weights must be finite, got " + show_value(v) + " at index " +
                           std::to_string(o - 1));
      }
      m(i, j) = v;
    }
}

}  // namespace

void save_network(const std::string& dir, const Network& net) {
  make_dirs(dir);
  write_matrix(dir + "/rnn.weight_ih_l0.npy", net.W_ih, false);
  write_matrix(dir + "/rnn.weight_hh_l0.npy", net.W_hh, false);
  write_matrix(dir + "/rnn.bias_ih_l0.npy", net.b_ih, true);
  write_matrix(dir + "/rnn.bias_hh_l0.npy", net.b_hh, true);
  write_matrix(dir + "/readout.weight.npy", net.W_out, false);
  write_matrix(dir + "/readout.bias.npy", net.b_out, true);
  nlohmann::json meta = {{"arch", choice_name(net.arch)},
                         {"n_hidden", net.n_hidden},
                         {"n_inputs", 3},
                         {"n_outputs", 2},
                         {"state_dict_keys", state_dict_keys()}};
  write_text_file(dir + "/network.json", meta.dump(2) + "\n");
}

Network load_network(const std::string& dir, bool require_finite) {
  const std::string meta_path = dir + "/network.json";
  nlohmann::json meta;
  try {
    meta = nlohmann::json::parse(read_text_file(meta_path));
  } catch (const nlohmann::json::exception& e) {
    throw InvalidInput(meta_path + ": malformed JSON: " + e.what());
  }
  NetworkConfig config;
  if (!meta.contains("arch") || !meta["arch"].is_string() || !meta.contains("n_hidden") ||
      !meta["n_hidden"].is_number_integer()) {
    throw InvalidInput(meta_path + ": must hold \"arch\" (string) and \"n_hidden\" (integer)");
  }
  config.arch = parse_choice<Arch>(meta["arch"].get<std::string>(), meta_path, "arch");
  config.n_hidden = meta["n_hidden"].get<int>();
  config.validate();
  Network net = Network::zeros(config);
  Eigen::MatrixXd b_ih = net.b_ih, b_hh = net.b_hh, b_out = net.b_out;
  read_matrix(dir + "/rnn.weight_ih_l0.npy", net.W_ih, require_finite);
  read_matrix(dir + "/rnn.weight_hh_l0.npy", net.W_hh, require_finite);
  read_matrix(dir + "/rnn.bias_ih_l0.npy", b_ih, require_finite);
  read_matrix(dir + "/rnn.bias_hh_l0.npy", b_hh, require_finite);
  read_matrix(dir + "/readout.weight.npy", net.W_out, require_finite);
  read_matrix(dir + "/readout.bias.npy", b_out, require_finite);
  net.b_ih = b_ih;
  net.b_hh = b_hh;
  net.b_out = b_out;
  return net;
}

}  // namespace iblrnn::io
