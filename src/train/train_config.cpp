#include "iblrnn/train/train_config.hpp"

#include <cmath>

#include "iblrnn/core/error.hpp"
#include "iblrnn/rnn/cell_f32.hpp"
#include "iblrnn/rnn/kernel_set.hpp"

using namespace iblrnn::core;

namespace iblrnn::train {

std::vector<FieldRef> TrainConfig::fields() {
  return {
      {"preset", "preset the training started from (fast | paper2020 | two_unit)", &preset},
      choice_field("loss", "neg_prob (-p(correct), the 2020 code) | xent (-log p(correct))", &loss),
      choice_field("optimizer", "adam | sgd (with momentum)", &optimizer),
      {"lr", "learning rate (peak of the schedule)", &lr},
      choice_field("lr_schedule", "constant | cosine (decay to lr * lr_final_ratio)", &lr_schedule),
      {"lr_final_ratio", "final learning rate / lr (cosine schedule)", &lr_final_ratio},
      {"momentum", "SGD momentum", &momentum},
      {"adam_beta1", "Adam beta1", &adam_beta1},
      {"adam_beta2", "Adam beta2", &adam_beta2},
      {"adam_eps", "Adam epsilon", &adam_eps},
      {"batch_size", "sessions per gradient step", &batch_size},
      {"n_steps", "gradient steps", &n_steps},
      {"seed", "seed of the initial weights and of the training sessions", &seed},
      {"clip_norm", "clip the gradient 2-norm to this value (0 = off)", &clip_norm},
      {"truncate_steps", "truncated BPTT window in RNN steps (0 = full BPTT)", &truncate_steps},
      {"n_threads", "threads over the sessions of a batch (results depend on it)", &n_threads},
      choice_field("precision",
                   "float64 | float32 (training steps in float; avx512 kernels, and n_hidden <= "
                   "512 for rnn; docs/rnn.md)",
                   &precision),
      {"checkpoint_every", "gradient steps between checkpoints (0 = only at the end)",
       &checkpoint_every},
      {"log_every", "gradient steps per train_log.csv row", &log_every},
  };
}

void TrainConfig::validate() const {
  const std::string w = "TrainConfig";
  require(lr > 0 && std::isfinite(lr), w, "lr", "must be finite and > 0", lr);
  require(lr_final_ratio >= 0 && lr_final_ratio <= 1, w, "lr_final_ratio", "must be in [0, 1]",
          lr_final_ratio);
  require(momentum >= 0 && momentum < 1, w, "momentum", "must be in [0, 1)", momentum);
  require(adam_beta1 >= 0 && adam_beta1 < 1, w, "adam_beta1", "must be in [0, 1)", adam_beta1);
  require(adam_beta2 >= 0 && adam_beta2 < 1, w, "adam_beta2", "must be in [0, 1)", adam_beta2);
  require(adam_eps > 0 && std::isfinite(adam_eps), w, "adam_eps", "must be finite and > 0", adam_eps);
  require(batch_size >= 1 && batch_size <= 100000, w, "batch_size", "must be in [1, 100000]",
          batch_size);
  require(n_steps >= 1 && n_steps <= 1000000000, w, "n_steps", "must be in [1, 1000000000]", n_steps);
  require(seed >= 0, w, "seed", "must be >= 0", seed);
  require(clip_norm >= 0 && std::isfinite(clip_norm), w, "clip_norm", "must be finite and >= 0 (0 = off)",
          clip_norm);
  require(truncate_steps >= 0, w, "truncate_steps", "must be >= 0 (0 = full BPTT)", truncate_steps);
  require(n_threads >= 1 && n_threads <= 256, w, "n_threads", "must be in [1, 256]", n_threads);
  require(checkpoint_every >= 0, w, "checkpoint_every", "must be >= 0", checkpoint_every);
  require(log_every >= 1, w, "log_every", "must be >= 1", log_every);
}


void TrainConfig::require_precision_runs(const rnn::NetworkConfig& network) const {
  require(precision == rnn::Precision::float64 || rnn::float32_supported(network.arch, network.n_hidden),
          "train", "precision",
          "float32 needs the avx512 kernel set and, for network.arch = rnn, network.n_hidden <= 512",
          "arch = " + std::string(choice_name(network.arch)) + ", n_hidden = " +
              std::to_string(network.n_hidden) + ", kernels = " +
              rnn::kernel_set_name(rnn::active_kernel_set()));
}

double TrainConfig::lr_at(std::int64_t step) const {
  if (lr_schedule == LrSchedule::constant || n_steps <= 1) return lr;
  const double f = std::min(1.0, static_cast<double>(step) / static_cast<double>(n_steps - 1));
  return lr * (lr_final_ratio + (1 - lr_final_ratio) * 0.5 * (1 + std::cos(M_PI * f)));
}

}  // namespace iblrnn::train
