#include "iblrnn/train/checkpoint.hpp"

#include <nlohmann/json.hpp>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/rnn/network_files.hpp"

namespace iblrnn {
namespace {

void write_vector(const std::string& path, const Eigen::VectorXd& v) {
  write_npy(path, v.data(), {static_cast<std::size_t>(v.size())});
}

Eigen::VectorXd read_vector(const std::string& path) {
  const NpyArray a = read_npy(path);
  if (a.shape.size() != 1) throw InvalidInput(path + ": must be a 1-D array");
  return Eigen::Map<const Eigen::VectorXd>(a.data.data(), static_cast<Eigen::Index>(a.size()));
}

}  // namespace

void save_checkpoint(const std::string& dir, const Checkpoint& c) {
  StagedDir staged(dir);
  save_network(staged.path(), c.net);
  write_vector(staged.file("optimizer_m.npy"), c.opt_m);
  write_vector(staged.file("optimizer_v.npy"), c.opt_v);
  write_json(staged.file("state.json"), nlohmann::json{{"step", c.step},
                                                       {"optimizer_t", c.opt_t},
                                                       {"wall_seconds", c.wall_seconds},
                                                       {"extra", c.extra}});
  write_text_file(staged.file("train_log.csv"), c.log_csv);
  write_text_file(staged.file("config.toml"), c.config_toml);
  staged.commit();
}

Checkpoint load_checkpoint(const std::string& dir) {
  Checkpoint c;
  c.net = load_network(dir);
  c.opt_m = read_vector(dir + "/optimizer_m.npy");
  c.opt_v = read_vector(dir + "/optimizer_v.npy");
  const std::string state_path = dir + "/state.json";
  try {
    const auto state = nlohmann::json::parse(read_text_file(state_path));
    c.step = state.at("step").get<std::int64_t>();
    c.opt_t = state.at("optimizer_t").get<std::int64_t>();
    c.wall_seconds = state.at("wall_seconds").get<double>();
    if (state.contains("extra")) c.extra = state.at("extra");
  } catch (const nlohmann::json::exception& e) {
    throw InvalidInput(state_path + ": malformed checkpoint state: " + e.what());
  }
  c.log_csv = read_text_file(dir + "/train_log.csv");
  c.config_toml = read_text_file(dir + "/config.toml");
  return c;
}

}  // namespace iblrnn
