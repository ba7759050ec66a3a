// TrainConfig: the [train] section — loss, optimiser, batch, schedule, seeds, checkpoints
// (SPEC §2; docs/train.md eq. L1–L4, O1–O3), with the presets `fast` (default, chosen by
// measurement, docs/train.md "The fast preset"), `paper2020` (the published training) and
// `two_unit` (the 2-unit task-trained baseline, docs/train.md "The two_unit preset").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "iblrnn/core/fields.hpp"
#include "iblrnn/rnn/network_config.hpp"
#include "iblrnn/rnn/precision.hpp"
#include "iblrnn/train/losses.hpp"

namespace iblrnn::train {

/// The gradient step: Adam, or SGD with momentum.
enum class OptimizerKind { adam, sgd };
constexpr std::array<std::string_view, 2> choice_names(OptimizerKind) {
  return {"adam", "sgd"};
}

/// The learning rate over training: constant, or cosine from lr down to lr·lr_final_ratio.
enum class LrSchedule { constant, cosine };
constexpr std::array<std::string_view, 2> choice_names(LrSchedule) {
  return {"constant", "cosine"};
}

// The two_unit preset's learning rate and steps (docs/train.md "The two_unit preset").
inline constexpr double kTwoUnitLr = 3e-3;
inline constexpr std::int64_t kTwoUnitSteps = 1000;

struct TrainConfig {
  std::string preset = "fast";        // fast | paper2020 | two_unit: the preset these values started from
  LossKind loss = LossKind::neg_prob;  // neg_prob (−p(correct)) | xent (−log p(correct))
  OptimizerKind optimizer = OptimizerKind::adam;
  double lr = 1e-3;                   // learning rate (peak of the schedule)
  LrSchedule lr_schedule = LrSchedule::cosine;  // constant | cosine (from lr down to lr·lr_final_ratio)
  double lr_final_ratio = 0.1;        // final lr / lr for the cosine schedule
  double momentum = 0.1;              // SGD momentum
  double adam_beta1 = 0.9;            // Adam β1
  double adam_beta2 = 0.999;          // Adam β2
  double adam_eps = 1e-8;             // Adam ε
  int batch_size = 8;                 // sessions per gradient step
  std::int64_t n_steps = 500;         // gradient steps
  std::int64_t seed = 1;              // network initialisation and training sessions
  double clip_norm = 1.0;             // clip the gradient's 2-norm to this (0 = off)
  int truncate_steps = 0;             // truncated BPTT window in RNN steps (0 = full BPTT)
  int n_threads = 2;                  // threads over the sessions of a batch
  rnn::Precision precision = rnn::Precision::float64;  // float64 | float32 (the training steps' arithmetic)
  std::int64_t checkpoint_every = 1000;  // gradient steps between checkpoints (0 = only at end)
  std::int64_t log_every = 10;        // gradient steps per train_log.csv row

  /// The field table (names, help, members) used for TOML, --set and help.
  std::vector<core::FieldRef> fields();
  /// Throws InvalidInput("TrainConfig: field constraint, got value") on the first bad field.
  void validate() const;
  /// Throws InvalidInput naming train.precision when it is float32 and float32_supported()
  /// (rnn/cell_f32.hpp) is false for `network` under the active kernel set.
  void require_precision_runs(const rnn::NetworkConfig& network) const;
  /// The learning rate of gradient step `step` (0-based) under the schedule (eq. O3).
  double lr_at(std::int64_t step) const;
};

}  // namespace iblrnn::train
