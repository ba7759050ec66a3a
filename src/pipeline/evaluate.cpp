#include "iblrnn/pipeline/evaluate.hpp"

#include "iblrnn/bayes/bayes_agents.hpp"
#include "iblrnn/bayes/observer.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/output_folder.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/pipeline/simulate.hpp"
#include "iblrnn/pipeline/study_config.hpp"
#include "iblrnn/io/network_files.hpp"
#include "iblrnn/train/rnn_agent.hpp"
#include "iblrnn/task/engine.hpp"

using namespace iblrnn::bayes;
using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::rnn;
using namespace iblrnn::task;
using namespace iblrnn::train;

namespace iblrnn::pipeline {

void EvalOptions::validate() const {
  require(!run.empty(), "eval", "run", "must name a training run folder", run);
  require(record == RecordLevel::steps || record == RecordLevel::trials, "eval", "record",
          "must be trials or steps", static_cast<int>(record));
  eval.validate();
}

std::uint64_t eval_session_seed(std::uint64_t seed) {
  return hash_key(seed, static_cast<std::uint64_t>(Stream::eval));
}

std::vector<SessionPlan> eval_sessions(const TaskConfig& task, std::uint64_t seed) {
  return make_sessions(task, eval_session_seed(seed), 1);
}

NetworkEvaluation evaluate_network(const Network& net, const TaskConfig& task, std::uint64_t seed,
                                   const ProgressFn& progress, RecordLevel record) {
  const bool steps = record == RecordLevel::steps;
  RnnAgent agent(net, steps ? RnnAgent::Record::hidden : RnnAgent::Record::none);
  PlayOptions play_options;
  play_options.record_steps = steps;
  if (progress) {
    play_options.progress = [&](std::int64_t d, std::int64_t t) { progress("eval", d, t); };
  }
  NetworkEvaluation evaluation;
  evaluation.run = play(task, eval_sessions(task, seed), agent, play_options);
  if (steps) evaluation.hidden = agent.hidden_states();
  if (steps && net.arch == Arch::lstm) evaluation.cell = agent.cell_states();
  return evaluation;
}

nlohmann::json write_evaluation(const std::string& dir, StudyConfig& config,
                                const NetworkEvaluation& evaluation, std::uint64_t seed) {
  nlohmann::json summary = write_run_files(dir, config, evaluation.run);
  const std::size_t n_steps = evaluation.run.steps.size();
  const bool steps = !evaluation.hidden.empty();
  const std::size_t n_hidden = n_steps ? evaluation.hidden.size() / n_steps : 0;
  if (steps) write_npy(dir + "/hidden.npy", evaluation.hidden, {n_steps, n_hidden});
  if (!evaluation.cell.empty()) write_npy(dir + "/cell.npy", evaluation.cell, {n_steps, n_hidden});
  summary["agent"] = "rnn";
  summary["record"] = steps ? "steps" : "trials";
  summary["eval_seed"] = seed;
  summary["n_blocks"] = config.task.n_blocks;
  write_json(dir + "/summary.json", summary);
  return summary;
}

nlohmann::json run_evaluate(EvalOptions options) {
  options.validate();
  const std::string out = options.out.empty() ? options.run + "/eval" : options.out;
  const InputFolder input(options.run, "RUN");
  OutputFolder dir(out, "eval", {options.run});
  StudyConfig config;
  load_config_file(config, options.run + "/config.toml");
  config.task.n_blocks = options.eval.eval_blocks;
  config.eval = options.eval;
  for (auto& section : config.sections()) section.validate();
  const auto seed = static_cast<std::uint64_t>(options.eval.eval_seed);
  const Network net = load_network(options.run);
  const TaskConfig& task = config.task;
  NetworkEvaluation evaluation =
      evaluate_network(net, task, seed, options.progress, options.record);
  const RunRecord& run = evaluation.run;

  const bool steps = options.record == RecordLevel::steps;
  nlohmann::json summary = write_evaluation(dir.path(), config, evaluation, seed);
  summary["run"] = options.run;
  if (options.bayes) {
    // The actor on the same session (common random numbers), the observer on the network's run.
    BayesAgent actor(task, config.bayes, BayesAgentKind::actor);
    PlayOptions quiet;
    quiet.record_steps = false;
    if (options.progress) {
      quiet.progress = [&](std::int64_t d, std::int64_t t) { options.progress("actor", d, t); };
    }
    const RunRecord actor_run = play(task, eval_sessions(task, seed), actor, quiet);
    summary["actor_accuracy"] = compute_metrics(actor_run.trials, task).accuracy;
    summary["observer_accuracy"] =
        (steps ? observe(run, config.bayes)
               : observe(run, eval_sessions(task, seed), config.bayes))
            .accuracy;
  }
  write_json(dir.file("summary.json"), summary);
  dir.commit();
  return summary;
}

}  // namespace iblrnn::pipeline
