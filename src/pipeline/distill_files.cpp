#include "iblrnn/pipeline/distill_files.hpp"

#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/network_files.hpp"

namespace iblrnn {
namespace {

// Writes an M × T matrix as a C-order (T, M) array.
void write_columns(const std::string& path, const Eigen::MatrixXd& m) {
  write_npy(path, m.data(),
            {static_cast<std::size_t>(m.cols()), static_cast<std::size_t>(m.rows())});
}

// Writes a matrix (rows × cols) as a C-order (rows, cols) array.
void write_rows(const std::string& path, const Eigen::MatrixXd& m) {
  const Eigen::MatrixXd t = m.transpose();  // column-major cols × rows is C-order rows × cols
  write_npy(path, t.data(),
            {static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols())});
}

// The flow of one portrait as a C-order (n, n, 2) array: [i, j] = change at (axis_i, axis_j).
void write_flow(const std::string& path, const PortraitFlow& flow) {
  const std::size_t n = static_cast<std::size_t>(flow.axis.size());
  std::vector<double> data(n * n * 2);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      data[(i * n + j) * 2 + 0] = flow.d0(i, j);
      data[(i * n + j) * 2 + 1] = flow.d1(i, j);
    }
  write_npy(path, data, {n, n, 2});
}

}  // namespace

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
  const RaddResult& radd = result.radd;
  write_network_folder(dir + "/radd", radd.network, run_config);
  write_columns(dir + "/radd_z.npy", radd.Z);
  write_columns(dir + "/radd_z_free.npy", radd.Z_free);
  write_npy(dir + "/radd_free_run_error.npy", radd.free_run.error.data(),
            {static_cast<std::size_t>(radd.free_run.error.size())});
  write_rows(dir + "/radd_projection.npy", radd.coordinates.P);
  if (result.conventional) {
    write_network_folder(dir + "/conventional", result.conventional->result.student, run_config);
    write_npy(dir + "/conventional_loss.npy", result.conventional->result.loss);
  }
  for (const auto& [model, portrait] : result.portraits.models)
    for (const InputPortrait& p : portrait.by_input)
      write_flow(dir + "/portraits/" + model + "_" + p.input + "_flow.npy", p.flow);
}

}  // namespace iblrnn
