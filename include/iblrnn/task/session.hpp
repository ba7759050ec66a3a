// SessionPlan: the agent-independent generative sequence of one session (SPEC §1.1–1.2;
// docs/design.md eq. T1–T5): blocks, per-trial stimulus side and signal, and the
// observation noise drawn by a counter-based generator keyed on (seed, session, trial, step),
// so that trial n of session k sees the same evidence whatever any agent did before
// (common random numbers).
#pragma once

#include <cstdint>
#include <vector>

#include "iblrnn/core/random.hpp"
#include "iblrnn/task/task_config.hpp"

namespace iblrnn::task {

/// One session's blocks and trials. Sides: −1 left, +1 right, 0 unbiased block.
struct SessionPlan {
  std::uint64_t seed = 0;           // the run's seed (keys the noise stream)
  std::uint64_t session = 0;        // session index (keys every stream of this session)
  std::vector<int> block_len;       // (n_blocks) trials per block
  std::vector<int> block_side;      // (n_blocks) −1, +1, or 0 for an unbiased block
  std::vector<int> trial_block;     // (n_trials) block index of each trial
  std::vector<int> trial_in_block;  // (n_trials) 0-based index within its block
  std::vector<int> stim_side;       // (n_trials) −1 / +1
  std::vector<double> signal;       // (n_trials) signal value from TaskConfig::signals
  double obs_mean_gain = 1.0;       // contrast_gain (observation mean = gain × signal)
  double obs_noise_sd = 1.0;

  int n_trials() const { return static_cast<int>(stim_side.size()); }
  int n_blocks() const { return static_cast<int>(block_len.size()); }

  /// Observation (o^L, o^R) on observation step j (0-based) of trial n: the stimulus side's
  /// channel ~ N(gain·signal, sd²), the other ~ N(0, sd²), independent (eq. T5).
  void observation(int trial, int j, double& o_left, double& o_right) const;

  /// The session's part of the noise key (eq. T5): hash_key's rounds over (seed, noise
  /// stream, session), for callers that draw many observations of one session.
  std::uint64_t noise_key() const;

  /// observation(trial, j, ...) given noise_key(), computed once by the caller.
  void observation(std::uint64_t noise_key, int trial, int j, double& o_left,
                   double& o_right) const;
};

/// Draws one block length of the config's law (eq. T1–T3) from `rng`.
int draw_block_length(const TaskConfig& config, core::Rng& rng);

/// Generates session `session` of the run with seed `seed` (eq. T1–T4).
/// Throws InvalidInput if the config is invalid.
SessionPlan make_session(const TaskConfig& config, std::uint64_t seed, std::uint64_t session);

}  // namespace iblrnn::task
