#include "iblrnn/task/run_record.hpp"

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::task {

void RunTally::add(const TrialTable& t, const TaskConfig& config) {
  check_internal(n_trials == 0 || t.size() == 0 || has_agent == t.has_agent,
                 "RunTally: tables with and without an agent");
  if (t.size() > 0) has_agent = t.has_agent;
  const std::size_t n = t.size();
  n_trials += static_cast<std::int64_t>(n);
  for (std::size_t i = 0; i < n; ++i) n_blocks += t.trial_in_block[i] == 0;
  if (!t.has_agent) return;
  for (std::size_t i = 0; i < n; ++i) {
    correct += t.correct[i];
    timeouts += t.choice[i] == 0;
    n_obs += t.n_obs[i];
    outcome += t.choice[i] == 0
                   ? config.reward_timeout
                   : (t.correct[i] ? config.reward_correct : config.reward_wrong);
    outcome += (t.n_obs[i] - 1) * config.reward_wait;
    auto& e = by_signal[t.stim_side[i] * t.signal[i]];
    e.first += t.correct[i];
    e.second += 1;
    if (t.block_side[i] == 0) continue;
    if (t.concordant[i]) concordant_correct += t.correct[i], concordant_n += 1;
    else discordant_correct += t.correct[i], discordant_n += 1;
  }
}

RunMetrics RunTally::metrics() const {
  if (!has_agent && n_trials > 0)
    throw InvalidInput("compute_metrics: trials has no agent's choices");
  RunMetrics m;
  if (n_trials == 0) return m;
  const double n = static_cast<double>(n_trials);
  m.accuracy = correct / n;
  m.timeout_rate = timeouts / n;
  m.mean_n_obs = n_obs / n;
  m.mean_outcome = outcome / n;
  return m;
}

RunMetrics compute_metrics(const TrialTable& trials, const TaskConfig& config) {
  if (!trials.has_agent) throw InvalidInput("compute_metrics: trials has no agent's choices");
  RunTally tally;
  tally.add(trials, config);
  return tally.metrics();
}

}  // namespace iblrnn::task
