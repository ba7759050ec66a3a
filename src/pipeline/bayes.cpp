#include "iblrnn/pipeline/bayes.hpp"

#include <cmath>
#include <filesystem>

#include "iblrnn/bayes/bayes_agents.hpp"
#include "iblrnn/bayes/observer.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/output_folder.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/pipeline/simulate.hpp"
#include "iblrnn/task/engine.hpp"

namespace iblrnn {

void BayesRunOptions::validate() const {
  parse_bayes_agent_kind(agent);
  require(n_sessions >= 1 && n_sessions <= 10000000, "bayes", "sessions",
          "must be in [1, 10000000]", n_sessions);
  require(!out.empty(), "bayes", "out", "must name an output folder", out);
  config.task.validate();
  config.bayes.validate();
}

BayesRun bayes_run(const BayesRunOptions& options) {
  BayesRunOptions checked = options;
  if (checked.out.empty()) checked.out = "-";
  checked.validate();
  const TaskConfig& task = options.config.task;
  const BayesConfig& bayes = options.config.bayes;
  const BayesAgentKind kind = parse_bayes_agent_kind(options.agent);
  const auto plans = make_sessions(task, options.seed, options.n_sessions);
  std::shared_ptr<const RewardPolicy> policy;
  if (kind == BayesAgentKind::reward_optimal) {
    if (options.progress) options.progress("policy", 0, 1);
    policy = std::make_shared<const RewardPolicy>(task, bayes);
    if (options.progress) options.progress("policy", 1, 1);
  }
  BayesAgent agent(task, bayes, kind, policy);
  PlayOptions play_options;
  if (options.progress)
    play_options.progress = [&](std::int64_t d, std::int64_t t) { options.progress("bayes", d, t); };
  BayesRun result;
  result.run = play(task, plans, agent, play_options);
  // The agent's own beliefs (feedback-learned block filter) and the true-side observer.
  result.own = observe(result.run, bayes, BlockUpdate::feedback);
  result.ideal = observe(result.run, bayes, BlockUpdate::true_sides);
  result.dp_start_value_unbiased = policy ? policy->start_value(0.5) : std::nan("");
  return result;
}

nlohmann::json run_bayes(BayesRunOptions options) {
  options.validate();
  const BayesConfig& bayes = options.config.bayes;
  OutputFolder dir(options.out, "bayes");
  const BayesRun result = bayes_run(options);
  const RunRecord& run = result.run;
  const Observation& own = result.own;
  const Observation& ideal = result.ideal;

  nlohmann::json summary = write_run_files(dir.path(), options.config, run);
  std::filesystem::create_directories(dir.file("bayes"));
  const std::size_t n_steps = run.steps.size(), n_trials = run.trials.size();
  std::vector<double> step_post(2 * n_steps);
  for (std::size_t j = 0; j < n_steps; ++j) {
    step_post[2 * j] = 1.0 - own.step_posterior_right[j];
    step_post[2 * j + 1] = own.step_posterior_right[j];
  }
  write_npy(dir.file("bayes/step_posterior.npy"), step_post, {n_steps, 2});
  write_npy(dir.file("bayes/block_prior.npy"), own.block_prior, {n_trials, 2});
  write_npy(dir.file("bayes/block_posterior.npy"), own.block_posterior, {n_trials, 2});
  write_npy(dir.file("bayes/stim_prior.npy"), own.stim_prior_right, {n_trials});
  write_npy(dir.file("bayes/observer_step_posterior.npy"), ideal.step_posterior_right,
            {n_steps});
  write_npy(dir.file("bayes/observer_map_side.npy"), ideal.map_side, {n_trials});

  summary["agent"] = options.agent;
  summary["filter"] = bayes.filter;
  summary["evidence"] = bayes.evidence;
  summary["compat"] = bayes.compat;
  summary["observer_accuracy"] = ideal.accuracy;
  if (parse_bayes_agent_kind(options.agent) == BayesAgentKind::reward_optimal)
    summary["dp_start_value_unbiased"] = result.dp_start_value_unbiased;
  write_json(dir.file("summary.json"), summary);
  dir.commit();
  return summary;
}

}  // namespace iblrnn
