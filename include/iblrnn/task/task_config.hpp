// TaskConfig: every number of the IBL task (SPEC §1; docs/design.md eq. T1–T8), with the
// presets `paper2020` (default) and `iblrig`.  Sides are −1 = left, +1 = right.
#pragma once

#include <string>
#include <vector>

#include "iblrnn/core/fields.hpp"

namespace iblrnn::task {

/// The law of block lengths (eq. T2): truncated geometric or exponential, or a constant hazard.
enum class BlockLength { truncated_geometric, truncated_exponential, hazard };
constexpr std::array<std::string_view, 3> choice_names(BlockLength) {
  return {"truncated_geometric", "truncated_exponential", "hazard"};
}

/// The task's generative and timeline parameters. All fields are validated by validate().
struct TaskConfig {
  std::string preset = "paper2020";        // the preset these values started from
  int n_blocks = 4;                        // blocks per session (training default 4)
  BlockLength block_length = BlockLength::truncated_geometric;  // block-length law
  double block_len_p = 0.02;               // geometric success / hazard switch probability
  double block_len_mean = 60.0;            // mean of the exponential before truncation
  int block_len_min = 20;                  // shortest block (trials)
  int block_len_max = 100;                 // longest block (trials)
  int first_block_len = 0;                 // length of an unbiased first block (0 = none)
  double p_stim_concordant = 0.8;          // P(stimulus side = block side) in biased blocks
  std::vector<double> signals = {0.0, 0.5, 1.0, 1.5, 2.0, 2.5};  // signal values ("contrasts")
  double contrast_gain = 1.0;              // observation mean = contrast_gain × signal
  double obs_noise_sd = 1.0;               // std of each observation channel
  int n_blank_steps = 2;                   // blank steps at the start of each trial
  int n_obs_max = 10;                      // observation steps before a timeout
  double act_threshold = 0.9;              // act when P(side) > act_threshold
  double reward_correct = 1.0;             // outcome of a correct action
  double reward_wrong = -1.0;              // outcome of a wrong action
  double reward_timeout = -1.0;            // outcome of a timeout
  double reward_wait = -0.05;              // outcome of an observation step without action

  /// The field table (names, help, members) used for TOML, --set and help.
  std::vector<core::FieldRef> fields();

  /// Throws InvalidInput("TaskConfig: field constraint, got value") on the first bad field.
  void validate() const;

  /// Probability that a trial's stimulus is on the left in a block of the given side
  /// (−1, +1, or 0 for the unbiased first block). 1 − p_stim_concordant is rounded to 12
  /// decimals so that it is the written number (0.2, not 0.19999999999999996).
  double p_left_of_block(int block_side) const;

  /// Steps of a trial that runs to timeout (blank + observation).
  int max_steps_per_trial() const { return n_blank_steps + n_obs_max; }
};

}  // namespace iblrnn::task
