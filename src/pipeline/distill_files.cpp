#include "iblrnn/pipeline/distill_files.hpp"

#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/network_files.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::distill;
using namespace iblrnn::io;
using namespace iblrnn::rnn;

namespace iblrnn::pipeline {
namespace {

// An M × T matrix as a C-order (T, M) array: column-major M × T is C-order T × M.
ArrayOutput columns_array(const std::string& name, const Eigen::MatrixXd& m) {
  return {name, {std::size_t(m.cols()), std::size_t(m.rows())},
          std::vector<double>(m.data(), m.data() + m.size())};
}

// A matrix (rows × cols) as a C-order (rows, cols) array.
ArrayOutput rows_array(const std::string& name, const Eigen::MatrixXd& m) {
  return columns_array(name, m.transpose());
}

// The flow of one portrait as a C-order (n, n, 2) array: [i, j] = change at (axis_i, axis_j).
ArrayOutput flow_array(const std::string& name, const PortraitFlow& flow) {
  const std::size_t n = static_cast<std::size_t>(flow.axis.size());
  ArrayOutput a{name, {n, n, 2}, std::vector<double>(n * n * 2)};
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      a.data[(i * n + j) * 2 + 0] = flow.d0(i, j);
      a.data[(i * n + j) * 2 + 1] = flow.d1(i, j);
    }
  return a;
}

}  // namespace

std::vector<ArrayOutput> distill_arrays(const DistillResult& result) {
  const RaddResult& radd = result.radd;
  std::vector<ArrayOutput> arrays = {
      columns_array("radd_z.npy", radd.Z),
      columns_array("radd_z_free.npy", radd.Z_free),
      {"radd_free_run_error.npy",
       {std::size_t(radd.free_run.error.size())},
       std::vector<double>(radd.free_run.error.data(),
                           radd.free_run.error.data() + radd.free_run.error.size())},
      rows_array("radd_projection.npy", radd.coordinates.P)};
  if (result.conventional) {
    const std::vector<double>& loss = result.conventional->result.loss;
    arrays.push_back({"conventional_loss.npy", {loss.size()}, loss});
  }
  for (const auto& [model, portrait] : result.portraits.models)
    for (const InputPortrait& p : portrait.by_input)
      arrays.push_back(flow_array("portraits/" + model + "_" + p.input + "_flow.npy", p.flow));
  return arrays;
}

void write_network_folder(const std::string& dir, const Network& net, StudyConfig config) {
  make_dirs(dir);
  save_network(dir, net);
  config.network.arch = net.arch;
  config.network.n_hidden = net.n_hidden;
  write_text_file(dir + "/config.toml", to_toml(config));
}

void write_distill_files(const std::string& dir, const DistillResult& result,
                         StudyConfig run_config) {
  make_dirs(dir + "/portraits");
  write_text_file(dir + "/config.toml", to_toml(run_config));
  write_network_folder(dir + "/radd", result.radd.network, run_config);
  if (result.conventional)
    write_network_folder(dir + "/conventional", result.conventional->result.student, run_config);
  for (const ArrayOutput& a : distill_arrays(result)) write_npy(dir + "/" + a.name, a.data, a.shape);
}

}  // namespace iblrnn::pipeline
