#include "iblrnn/task/session.hpp"

#include <cmath>

#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"

using namespace iblrnn::core;

namespace iblrnn::task {

std::uint64_t SessionPlan::noise_key() const {
  return hash_key_first(seed, static_cast<std::uint64_t>(Stream::noise), session);
}

void SessionPlan::observation(int trial, int j, double& o_left, double& o_right) const {
  observation(noise_key(), trial, j, o_left, o_right);
}

void SessionPlan::observation(std::uint64_t noise_key, int trial, int j, double& o_left,
                              double& o_right) const {
  // Counter-based draw (eq. T5): the key depends only on (seed, session, trial, step), so the
  // noise of a step is the same whichever agent asks and whatever it did before.
  const std::uint64_t key =
      hash_key_last(noise_key, (static_cast<std::uint64_t>(trial) << 8) | unsigned(j));
  double z_left, z_right;
  bits_to_normal_pair(mix64(key), mix64(key ^ 0x5851f42d4c957f2dULL), z_left, z_right);
  const double mean = obs_mean_gain * signal[trial];
  const bool right = stim_side[trial] > 0;
  o_left = obs_noise_sd * z_left + (right ? 0.0 : mean);
  o_right = obs_noise_sd * z_right + (right ? mean : 0.0);
}

int draw_block_length(const TaskConfig& config, Rng& rng) {
  const int lo = config.block_len_min, hi = config.block_len_max;
  if (config.block_length == BlockLength::truncated_geometric) {
    // eq. T1: L ~ Geometric(p) on {1, 2, ...}, redrawn until lo <= L <= hi.
    for (;;) {
      const std::int64_t len = rng.geometric(config.block_len_p);
      if (len >= lo && len <= hi) return static_cast<int>(len);
    }
  }
  if (config.block_length == BlockLength::truncated_exponential) {
    // eq. T2: x ~ Exp(mean), redrawn until lo <= x <= hi, then floor(x).
    for (;;) {
      const double x = rng.exponential(config.block_len_mean);
      if (x >= lo && x <= hi) return static_cast<int>(std::floor(x));
    }
  }
  // eq. T3 ("hazard"): no switch before lo trials, switch probability p after each trial from
  // lo on, certain switch at hi.
  int len = lo;
  while (len < hi && !rng.bernoulli(config.block_len_p)) ++len;
  return len;
}

SessionPlan make_session(const TaskConfig& config, std::uint64_t seed, std::uint64_t session) {
  config.validate();
  SessionPlan plan;
  plan.seed = seed;
  plan.session = session;
  plan.obs_mean_gain = config.contrast_gain;
  plan.obs_noise_sd = config.obs_noise_sd;

  // eq. T4: blocks. An unbiased first block (iblrig) counts as the first of n_blocks.
  Rng block_rng(seed, Stream::blocks, session);
  int side = block_rng.bernoulli(0.5) ? 1 : -1;
  for (int b = 0; b < config.n_blocks; ++b) {
    if (b == 0 && config.first_block_len > 0) {
      plan.block_len.push_back(config.first_block_len);
      plan.block_side.push_back(0);
      continue;
    }
    plan.block_len.push_back(draw_block_length(config, block_rng));
    plan.block_side.push_back(side);
    side = -side;
  }

  // Trials: stimulus side and signal from their own stream, one draw pair per trial.
  Rng trial_rng(seed, Stream::trials, session);
  const auto n_signals = static_cast<std::uint64_t>(config.signals.size());
  for (int b = 0; b < plan.n_blocks(); ++b) {
    const double p_left = config.p_left_of_block(plan.block_side[b]);
    for (int i = 0; i < plan.block_len[b]; ++i) {
      plan.trial_block.push_back(b);
      plan.trial_in_block.push_back(i);
      plan.stim_side.push_back(trial_rng.uniform() < p_left ? -1 : 1);
      plan.signal.push_back(config.signals[trial_rng.below(n_signals)]);
    }
  }
  return plan;
}

}  // namespace iblrnn::task
