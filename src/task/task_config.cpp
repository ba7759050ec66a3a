#include "iblrnn/task/task_config.hpp"

#include <cmath>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::task {

std::vector<FieldRef> TaskConfig::fields() {
  return {
      {"preset", "preset the task started from (paper2020 | iblrig)", &preset},
      {"n_blocks", "blocks per session", &n_blocks},
      choice_field("block_length",
                   "block-length law: truncated_geometric | truncated_exponential | hazard",
                   &block_length),
      {"block_len_p", "geometric success probability / hazard switch probability", &block_len_p},
      {"block_len_mean", "mean of the exponential block length before truncation", &block_len_mean},
      {"block_len_min", "shortest block in trials", &block_len_min},
      {"block_len_max", "longest block in trials", &block_len_max},
      {"first_block_len", "trials of an unbiased P(left)=0.5 first block (0 = none)",
       &first_block_len},
      {"p_stim_concordant", "P(stimulus side = block side) in biased blocks", &p_stim_concordant},
      {"signals", "signal values (contrasts), drawn uniformly per trial", &signals},
      {"contrast_gain", "observation mean = contrast_gain * signal", &contrast_gain},
      {"obs_noise_sd", "standard deviation of each observation channel", &obs_noise_sd},
      {"n_blank_steps", "blank steps (zero observations) at the start of each trial",
       &n_blank_steps},
      {"n_obs_max", "observation steps before a timeout", &n_obs_max},
      {"act_threshold", "the agent acts when P(side) > act_threshold", &act_threshold},
      {"reward_correct", "outcome of a correct action", &reward_correct},
      {"reward_wrong", "outcome of a wrong action", &reward_wrong},
      {"reward_timeout", "outcome of a timeout", &reward_timeout},
      {"reward_wait", "outcome of an observation step without action", &reward_wait},
  };
}

void TaskConfig::validate() const {
  const std::string w = "TaskConfig";
  require(n_blocks >= 1 && n_blocks <= 1000000, w, "n_blocks", "must be in [1, 1000000]",
          n_blocks);
  require(block_len_p > 0.0 && block_len_p <= 1.0, w, "block_len_p", "must be in (0, 1]",
          block_len_p);
  require(block_len_mean > 0.0 && std::isfinite(block_len_mean), w, "block_len_mean",
          "must be > 0", block_len_mean);
  require(block_len_min >= 1 && block_len_min <= 100000, w, "block_len_min",
          "must be in [1, 100000]", block_len_min);
  require(block_len_max >= block_len_min && block_len_max <= 100000, w, "block_len_max",
          "must be in [block_len_min, 100000] = [" + std::to_string(block_len_min) + ", 100000]",
          block_len_max);
  // The truncated distributions are sampled by rejection: refuse parameters that put almost
  // no mass on [block_len_min, block_len_max] (sampling would spin), eqs. T1–T2.
  constexpr double kMinAcceptance = 1e-3;
  if (block_length == BlockLength::truncated_geometric) {
    const double lq = std::log1p(-block_len_p);  // log(1 - p); -inf for p = 1
    const double acc = block_len_p == 1.0 ? (block_len_min == 1 ? 1.0 : 0.0)
                                          : std::exp((block_len_min - 1) * lq) *
                                                -std::expm1((block_len_max - block_len_min + 1) * lq);
    require(acc >= kMinAcceptance, w, "block_len_p",
            "must give P(block_len_min <= L <= block_len_max) >= 0.001 under the geometric "
            "distribution (a degenerate truncation), P = " + show_value(acc) + " with p",
            block_len_p);
  } else if (block_length == BlockLength::truncated_exponential) {
    const double acc = std::exp(-block_len_min / block_len_mean) - std::exp(-block_len_max / block_len_mean);
    require(acc >= kMinAcceptance, w, "block_len_mean",
            "must give P(block_len_min <= x <= block_len_max) >= 0.001 under the exponential "
            "distribution (a degenerate truncation), P = " + show_value(acc) + " with mean",
            block_len_mean);
  }
  require(first_block_len >= 0 && first_block_len <= 100000, w, "first_block_len",
          "must be in [0, 100000]", first_block_len);
  require(p_stim_concordant > 0.5 && p_stim_concordant <= 1.0, w, "p_stim_concordant",
          "must be in (0.5, 1]", p_stim_concordant);
  require(!signals.empty(), w, "signals", "must hold at least one value", "[]");
  for (double s : signals)
    require(s >= 0.0 && std::isfinite(s), w, "signals", "values must be finite and >= 0", s);
  require(contrast_gain > 0.0 && std::isfinite(contrast_gain), w, "contrast_gain",
          "must be finite and > 0", contrast_gain);
  require(obs_noise_sd > 0.0 && std::isfinite(obs_noise_sd), w, "obs_noise_sd",
          "must be finite and > 0", obs_noise_sd);
  require(n_blank_steps >= 0 && n_blank_steps <= 100, w, "n_blank_steps", "must be in [0, 100]",
          n_blank_steps);
  require(n_obs_max >= 1 && n_obs_max <= 100, w, "n_obs_max", "must be in [1, 100]", n_obs_max);
  require(act_threshold >= 0.5 && act_threshold < 1.0, w, "act_threshold", "must be in [0.5, 1)",
          act_threshold);
  for (auto [name, v] : {std::pair{"reward_correct", reward_correct},
                         std::pair{"reward_wrong", reward_wrong},
                         std::pair{"reward_timeout", reward_timeout},
                         std::pair{"reward_wait", reward_wait}})
    require(std::isfinite(v), w, name, "must be finite", v);
}

double TaskConfig::p_left_of_block(int block_side) const {
  if (block_side == 0) return 0.5;
  if (block_side < 0) return p_stim_concordant;
  return std::round((1.0 - p_stim_concordant) * 1e12) / 1e12;
}


}  // namespace iblrnn::task
