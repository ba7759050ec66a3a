// The comparison of agents on common sessions (SPEC §6, Fig 8b; docs/distill.md eq. D17):
// accuracy overall and by signed signal s·μ, split into concordant and discordant trials
// (trials of unbiased blocks count only in `all`).
#pragma once

#include <cstdint>
#include <vector>

#include "iblrnn/task/run_record.hpp"

namespace iblrnn::distill {

/// Accuracy by signed signal (ascending), for all, concordant and discordant trials.
struct SignalAccuracy {
  std::vector<double> signed_signal;                // distinct values of stim_side · signal
  std::vector<double> all, concordant, discordant;  // accuracy (NaN where no trial)
  std::vector<std::int64_t> n_all, n_concordant, n_discordant;
  double accuracy = 0;  // over all trials (timeouts count as wrong)
  double accuracy_concordant = 0;
  double accuracy_discordant = 0;
};

/// Computes SignalAccuracy from a table an agent played. Throws InvalidInput without an agent
/// or without trials.
SignalAccuracy accuracy_by_signal(const task::TrialTable& trials);

}  // namespace iblrnn::distill
