// Training checkpoints (docs/train.md, "Run folder"): everything needed to continue a run
// bit-identically — the step counter, the weights, the optimiser's moments and counter — plus
// the training log so far and the accumulated wall time. A checkpoint is a folder written
// under a staging name and renamed into place, so an interrupted write leaves the previous
// checkpoint intact.
//   DIR/rnn.*.npy, readout.*.npy, network.json   weights (io/network_files.hpp)
//   DIR/optimizer_m.npy, DIR/optimizer_v.npy      optimiser moments (n_params,) (v empty for SGD)
//   DIR/state.json                                {"step", "optimizer_t", "wall_seconds", "extra"}
//   DIR/train_log.csv                             the log rows up to "step"
//   DIR/config.toml                               the run's configuration (a copy)
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "iblrnn/rnn/network.hpp"

namespace iblrnn::io {

struct Checkpoint {
  std::int64_t step = 0;
  rnn::Network net;
  Eigen::VectorXd opt_m, opt_v;
  std::int64_t opt_t = 0;
  double wall_seconds = 0;
  std::string log_csv;  // train_log.csv content (header included)
  std::string config_toml;  // the run's resolved configuration
  nlohmann::json extra = nlohmann::json::object();  // caller's resumable state (state.json "extra")
};

/// Writes the checkpoint folder `dir` atomically (replacing an older one). Throws IoError.
void save_checkpoint(const std::string& dir, const Checkpoint& checkpoint);

/// Reads a checkpoint folder. Throws IoError if missing, InvalidInput if malformed.
Checkpoint load_checkpoint(const std::string& dir);

}  // namespace iblrnn::io
