// pipeline::run_train: the `iblrnn train` job (docs/train.md, "Run folder"): trains a network
// on closed-loop sessions and writes the run folder RUN:
//   config.toml            the resolved configuration ([task], [network], [train], ...)
//   rnn.*.npy readout.*.npy network.json   final weights (PyTorch state_dict names)
//   train_log.csv          step, loss, accuracy, timeout_rate, mean_n_obs, wall_seconds
//   checkpoint/            atomic checkpoint at the start, every train.checkpoint_every steps,
//                          every checkpoint_seconds of wall time, and at the end
//   .iblrnn-output         marker: "complete": false until the run ends (io/output_folder.hpp)
//   summary.json           steps done, finished, wall time, RNN steps/s, last log row
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "iblrnn/core/progress.hpp"
#include "iblrnn/pipeline/study_config.hpp"

namespace iblrnn::pipeline {

struct TrainOptions {
  StudyConfig config;           // resolved configuration (task, network, train); unused on resume
  std::string out;              // run folder
  bool resume = false;          // continue from out/checkpoint with out/config.toml
  std::int64_t stop_after = 0;  // stop (checkpointed) once this many steps are done; 0 = n_steps
  double checkpoint_seconds = 30;  // also checkpoint when this much wall time passed since the
                                   // last one (0 = by steps only); results do not depend on it
  core::ProgressFn progress;

  /// Throws InvalidInput naming the bad option.
  void validate() const;
};

/// Trains and writes the run folder; returns the summary written to summary.json.
/// Throws InvalidInput on bad options, on a folder that already holds a run (without
/// resume), and when the loss diverges (the last good checkpoint is kept); IoError on files.
nlohmann::json run_train(TrainOptions options);

}  // namespace iblrnn::pipeline
