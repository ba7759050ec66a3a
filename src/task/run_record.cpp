#include "iblrnn/task/run_record.hpp"

#include "iblrnn/core/error.hpp"

namespace iblrnn {

RunMetrics compute_metrics(const TrialTable& trials, const TaskConfig& config) {
  if (!trials.has_agent) throw InvalidInput("compute_metrics: trials has no agent's choices");
  RunMetrics m;
  const std::size_t n = trials.size();
  if (n == 0) return m;
  double correct = 0, timeouts = 0, obs = 0, outcome = 0;
  for (std::size_t i = 0; i < n; ++i) {
    correct += trials.correct[i];
    timeouts += trials.choice[i] == 0;
    obs += trials.n_obs[i];
    outcome += trials.choice[i] == 0
                   ? config.reward_timeout
                   : (trials.correct[i] ? config.reward_correct : config.reward_wrong);
    outcome += (trials.n_obs[i] - 1) * config.reward_wait;
  }
  m.accuracy = correct / n;
  m.timeout_rate = timeouts / n;
  m.mean_n_obs = obs / n;
  m.mean_outcome = outcome / n;
  return m;
}

}  // namespace iblrnn
