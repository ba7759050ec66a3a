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
#include "iblrnn/rnn/network_files.hpp"
#include "iblrnn/train/rnn_agent.hpp"
#include "iblrnn/task/engine.hpp"

namespace iblrnn {

void EvalOptions::validate() const {
  require(!run.empty(), "eval", "run", "must name a training run folder", run);
  require(record == RecordLevel::steps || record == RecordLevel::trials, "eval", "record",
          "must be trials or steps", static_cast<int>(record));
  require(n_blocks >= 1 && n_blocks <= 1000000, "eval", "blocks", "must be in [1, 1000000]", n_blocks);
}

std::uint64_t eval_session_seed(std::uint64_t seed) {
  return hash_key(seed, static_cast<std::uint64_t>(Stream::eval));
}

nlohmann::json run_evaluate(EvalOptions options) {
  options.validate();
  const std::string out = options.out.empty() ? options.run + "/eval" : options.out;
  const InputFolder input(options.run, "RUN");
  OutputFolder dir(out, "eval", {options.run});
  StudyConfig config;
  load_config_file(config, options.run + "/config.toml");
  config.task.n_blocks = options.n_blocks;
  for (auto& section : config.sections()) section.validate();
  const Network net = load_network(options.run);
  const TaskConfig& task = config.task;
  const auto plans = make_sessions(task, eval_session_seed(options.seed), 1);

  const bool steps = options.record == RecordLevel::steps;
  RnnAgent agent(net, steps ? RnnAgent::Record::hidden : RnnAgent::Record::none);
  PlayOptions play_options;
  play_options.record_steps = steps;
  if (options.progress) {
    play_options.progress = [&](std::int64_t d, std::int64_t t) { options.progress("eval", d, t); };
  }
  const RunRecord run = play(task, plans, agent, play_options);

  nlohmann::json summary = write_run_files(dir.path(), config, run);
  if (steps) {
    write_npy(dir.file("hidden.npy"), agent.hidden_states(),
              {run.steps.size(), static_cast<std::size_t>(net.n_hidden)});
  }
  if (steps && net.arch == Arch::lstm) {
    write_npy(dir.file("cell.npy"), agent.cell_states(),
              {run.steps.size(), static_cast<std::size_t>(net.n_hidden)});
  }
  summary["agent"] = "rnn";
  summary["run"] = options.run;
  summary["eval_seed"] = options.seed;
  summary["n_blocks"] = options.n_blocks;
  summary["record"] = steps ? "steps" : "trials";
  if (options.bayes) {
    // The actor on the same session (common random numbers), the observer on the network's run.
    BayesAgent actor(task, config.bayes, BayesAgentKind::actor);
    PlayOptions quiet;
    quiet.record_steps = false;
    if (options.progress) {
      quiet.progress = [&](std::int64_t d, std::int64_t t) { options.progress("actor", d, t); };
    }
    const RunRecord actor_run = play(task, plans, actor, quiet);
    summary["actor_accuracy"] = compute_metrics(actor_run.trials, task).accuracy;
    summary["observer_accuracy"] =
        (steps ? observe(run, config.bayes) : observe(run, plans, config.bayes)).accuracy;
  }
  write_json(dir.file("summary.json"), summary);
  dir.commit();
  return summary;
}

}  // namespace iblrnn
