#include "iblrnn/io/checkpoint_files.hpp"

#include <limits>

#include <nlohmann/json.hpp>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/json_fields.hpp"
#include "iblrnn/io/output_folder.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/io/network_files.hpp"

using namespace iblrnn::core;

namespace iblrnn::io {
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
  // The run folder around it is locked by its writer, so any earlier checkpoint is replaced.
  OutputFolder staged(dir, "checkpoint", {}, Replace::any);
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
  c.net = load_network(dir, false);
  c.opt_m = read_vector(dir + "/optimizer_m.npy");
  c.opt_v = read_vector(dir + "/optimizer_v.npy");
  const std::string state_path = dir + "/state.json";
  const auto state = parse_json_file_text(read_text_file(state_path), state_path);
  if (!state.is_object()) throw InvalidInput(state_path + ": must hold a JSON object");
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  c.step = json_count(state, "step", state_path, kMax);
  c.opt_t = json_count(state, "optimizer_t", state_path, kMax);
  c.wall_seconds = json_finite(state, "wall_seconds", state_path);
  if (state.contains("extra")) {
    if (!state.at("extra").is_object()) throw InvalidInput(state_path + ": extra must be an object");
    c.extra = state.at("extra");
  }
  c.log_csv = read_text_file(dir + "/train_log.csv");
  c.config_toml = read_text_file(dir + "/config.toml");
  return c;
}

}  // namespace iblrnn::io
