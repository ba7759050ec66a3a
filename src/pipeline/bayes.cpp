#include "iblrnn/pipeline/bayes.hpp"

#include <cmath>

#include "iblrnn/bayes/bayes_agents.hpp"
#include "iblrnn/bayes/observer.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy_stream.hpp"
#include "iblrnn/io/output_folder.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/io/run_writer.hpp"
#include "iblrnn/task/engine.hpp"
#include "iblrnn/task/session_chunks.hpp"

using namespace iblrnn::bayes;
using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::task;

namespace iblrnn::pipeline {
namespace {

// One chunk of sessions played and observed.
struct BayesChunk {
  RunRecord run;
  Observation own;    // the agent's own beliefs (feedback-learned block filter)
  Observation ideal;  // the true-side observer
};

}  // namespace

void BayesRunOptions::validate() const {
  parse_bayes_agent_kind(agent);
  require(n_sessions >= 1 && n_sessions <= 10000000, "bayes", "sessions",
          "must be in [1, 10000000]", n_sessions);
  require(n_threads >= 1 && n_threads <= 256, "bayes", "threads", "must be in [1, 256]",
          n_threads);
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
  const TaskConfig& task = options.config.task;
  const BayesConfig& bayes = options.config.bayes;
  const BayesAgentKind kind = parse_bayes_agent_kind(options.agent);
  const bool steps = options.record == RecordLevel::steps;
  OutputFolder dir(options.out, "bayes");
  std::shared_ptr<const RewardPolicy> policy;
  if (kind == BayesAgentKind::reward_optimal) {
    if (options.progress) options.progress("policy", 0, 1);
    policy = std::make_shared<const RewardPolicy>(task, bayes);
    if (options.progress) options.progress("policy", 1, 1);
  }

  write_text_file(dir.file("config.toml"), to_toml(options.config));
  RunWriter writer(dir.path(), true, options.record, options.config.alf);
  make_dirs(dir.file("bayes"));
  NpyStream<double> block_prior(dir.file("bayes/block_prior.npy"), {2});
  NpyStream<double> block_posterior(dir.file("bayes/block_posterior.npy"), {2});
  NpyStream<double> stim_prior(dir.file("bayes/stim_prior.npy"));
  NpyStream<std::int8_t> observer_map_side(dir.file("bayes/observer_map_side.npy"));
  std::optional<NpyStream<double>> step_posterior, observer_step_posterior;
  if (steps) {
    step_posterior.emplace(dir.file("bayes/step_posterior.npy"), std::vector<std::size_t>{2});
    observer_step_posterior.emplace(dir.file("bayes/observer_step_posterior.npy"));
  }
  double observer_correct = 0;
  int sessions_done = 0;

  for_session_chunks<BayesChunk>(
      task, options.seed, options.n_sessions, options.n_threads,
      [&](const std::vector<SessionPlan>& plans) {
        BayesAgent agent(task, bayes, kind, policy);
        agent.record_beliefs(!steps);
        PlayOptions play_options;
        play_options.record_steps = steps;
        BayesChunk c;
        c.run = play(task, plans, agent, play_options);
        if (steps) {
          // The per-step posteriors too: the feedback observer replays the agent's beliefs.
          c.own = observe(c.run, bayes, BlockUpdate::feedback);
          c.ideal = observe(c.run, bayes, BlockUpdate::true_sides);
        } else {
          // The agent kept its own per-trial beliefs (equal to the feedback observer's).
          BayesAgent::Beliefs b = agent.beliefs(c.run);
          c.own.block_prior = std::move(b.block_prior);
          c.own.block_posterior = std::move(b.block_posterior);
          c.own.stim_prior_right = std::move(b.stim_prior_right);
          c.ideal = observe(c.run, plans, bayes, BlockUpdate::true_sides);
        }
        return c;
      },
      [&](const std::vector<SessionPlan>& plans, BayesChunk& c) {
        writer.append(c.run);
        block_prior.append(c.own.block_prior);
        block_posterior.append(c.own.block_posterior);
        stim_prior.append(c.own.stim_prior_right);
        observer_map_side.append(c.ideal.map_side);
        for (auto v : c.ideal.map_correct) observer_correct += v;
        if (steps) {
          std::vector<double> post(2 * c.own.step_posterior_right.size());
          for (std::size_t j = 0; j < c.own.step_posterior_right.size(); ++j) {
            post[2 * j] = 1.0 - c.own.step_posterior_right[j];
            post[2 * j + 1] = c.own.step_posterior_right[j];
          }
          step_posterior->append(post);
          observer_step_posterior->append(c.ideal.step_posterior_right);
        }
        sessions_done += static_cast<int>(plans.size());
        if (options.progress) options.progress("bayes", sessions_done, options.n_sessions);
      });

  writer.close();
  block_prior.close();
  block_posterior.close();
  stim_prior.close();
  observer_map_side.close();
  if (steps) {
    step_posterior->close();
    observer_step_posterior->close();
  }
  nlohmann::json summary = run_summary(writer.tally(), writer.n_sessions(), options.seed);
  summary["agent"] = options.agent;
  summary["filter"] = choice_name(bayes.filter);
  summary["evidence"] = choice_name(bayes.evidence);
  summary["compat"] = choice_name(bayes.compat);
  summary["record"] = steps ? "steps" : "trials";
  const auto n_trials = writer.tally().n_trials;
  summary["observer_accuracy"] = n_trials > 0 ? observer_correct / n_trials : 0.0;
  if (policy) summary["dp_start_value_unbiased"] = policy->start_value(0.5);
  write_json(dir.file("summary.json"), summary);
  dir.commit();
  return summary;
}

}  // namespace iblrnn::pipeline
