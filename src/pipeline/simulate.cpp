#include "iblrnn/pipeline/simulate.hpp"

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/alf_trials.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/output_folder.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/task/engine.hpp"
#include "iblrnn/task/session_chunks.hpp"
#include "iblrnn/task/simple_agents.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::task;

namespace iblrnn::pipeline {

void SimulateOptions::validate() const {
  require(agent == "none" || agent == "oracle" || agent == "random", "simulate", "agent",
          "must be none, oracle or random", agent);
  require(n_sessions >= 1 && n_sessions <= 10000000, "simulate", "sessions",
          "must be in [1, 10000000]", n_sessions);
  require(n_threads >= 1 && n_threads <= 256, "simulate", "threads", "must be in [1, 256]",
          n_threads);
  require(!out.empty(), "simulate", "out", "must name an output folder", out);
  config.task.validate();
  config.alf.validate();
}

nlohmann::json write_run_files(const std::string& dir, StudyConfig& config, const RunRecord& run) {
  write_text_file(dir + "/config.toml", to_toml(config));
  write_trials_csv(dir, run.trials);
  write_alf_trials(dir, run, config.alf);
  if (run.steps.size() > 0) write_step_arrays(dir, run);
  nlohmann::json summary = run_summary(run);
  write_json(dir + "/summary.json", summary);
  return summary;
}

namespace {

// The sessions `plans` played by the options' agent (or only described, agent none), with
// per-step records when options.record is steps.
RunRecord play_sessions(const SimulateOptions& options, const std::vector<SessionPlan>& plans,
                        PlayOptions play_options) {
  const TaskConfig& task = options.config.task;
  play_options.record_steps = options.record == RecordLevel::steps;
  if (options.agent == "oracle") {
    OracleAgent agent(plans);
    return play(task, plans, agent, play_options);
  }
  if (options.agent == "random") {
    RandomAgent agent(options.seed);
    return play(task, plans, agent, play_options);
  }
  return describe(task, plans);
}

}  // namespace

RunRecord simulate_run(const SimulateOptions& options) {
  SimulateOptions checked = options;
  if (checked.out.empty()) checked.out = "-";
  checked.validate();
  const TaskConfig& task = options.config.task;
  PlayOptions play_options;
  if (options.progress)
    play_options.progress = [&](std::int64_t d, std::int64_t t) { options.progress("simulate", d, t); };
  return play_sessions(options, make_sessions(task, options.seed, options.n_sessions),
                       play_options);
}

nlohmann::json run_simulate(SimulateOptions options) {
  options.validate();
  const TaskConfig& task = options.config.task;
  const bool has_agent = options.agent != "none";
  OutputFolder dir(options.out, "simulate");
  write_text_file(dir.file("config.toml"), to_toml(options.config));
  RunWriter writer(dir.path(), has_agent, options.record, options.config.alf);
  int sessions_done = 0;
  for_session_chunks<RunRecord>(
      task, options.seed, options.n_sessions, options.n_threads,
      [&](const std::vector<SessionPlan>& plans) { return play_sessions(options, plans, {}); },
      [&](const std::vector<SessionPlan>& plans, RunRecord& run) {
        writer.append(run);
        sessions_done += static_cast<int>(plans.size());
        if (options.progress) options.progress("simulate", sessions_done, options.n_sessions);
      });
  writer.close();
  nlohmann::json summary = run_summary(writer.tally(), writer.n_sessions(), options.seed);
  summary["agent"] = options.agent;
  if (has_agent) summary["record"] = options.record == RecordLevel::steps ? "steps" : "trials";
  write_json(dir.file("summary.json"), summary);
  dir.commit();
  return summary;
}

}  // namespace iblrnn::pipeline
