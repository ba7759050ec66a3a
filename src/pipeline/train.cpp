#include "iblrnn/pipeline/train.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/json_fields.hpp"
#include "iblrnn/io/output_folder.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/io/network_files.hpp"
#include "iblrnn/io/checkpoint_files.hpp"
#include "iblrnn/train/trainer.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::rnn;
using namespace iblrnn::train;

namespace iblrnn::pipeline {
namespace {

constexpr const char* kLogHeader = "step,loss,accuracy,timeout_rate,mean_n_obs,wall_seconds\n";

// Sums over the gradient steps of one train_log.csv row; kept in checkpoints so that a
// resumed run writes the same rows.
struct LogWindow {
  std::int64_t n = 0, trials = 0, correct = 0, timeouts = 0, obs = 0;
  double loss = 0;

  void add(const BatchStats& s) {
    ++n;
    loss += s.loss;
    trials += s.n_trials;
    correct += s.n_correct;
    timeouts += s.n_timeouts;
    obs += s.n_obs;
  }
  nlohmann::json to_json() const {
    return {{"n", n}, {"loss", loss}, {"trials", trials}, {"correct", correct},
            {"timeouts", timeouts}, {"obs", obs}};
  }
  static LogWindow from_json(const nlohmann::json& j, const std::string& where) {
    LogWindow w;
    if (j.is_object() && j.contains("n")) {
      const auto count = [&](const char* key) {
        return json_count(j, key, where + " extra.log_window", std::numeric_limits<std::int64_t>::max());
      };
      w.n = count("n");
      w.trials = count("trials");
      w.correct = count("correct");
      w.timeouts = count("timeouts");
      w.obs = count("obs");
      w.loss = json_finite(j, "loss", where + " extra.log_window");
    }
    return w;
  }
  std::string row(std::int64_t step, double wall) const {
    const double t = trials ? double(trials) : 1.0;
    char buf[256];
    std::snprintf(buf, sizeof buf, "%lld,%.10g,%.6f,%.6f,%.6f,%.3f\n", static_cast<long long>(step),
                  loss / double(n), double(correct) / t, double(timeouts) / t, double(obs) / t, wall);
    return buf;
  }
};

// How the run folder is opened: to resume, fresh, or fresh in place of a run killed before
// its first checkpoint (which holds no work).
RunFolder::Start folder_start(const TrainOptions& options, const std::string& ckpt_dir) {
  namespace fs = std::filesystem;
  if (options.resume && !fs::exists(ckpt_dir + "/state.json")) {
    throw InvalidInput("train: --resume needs a checkpoint in " + ckpt_dir +
                       "; start a new run without --resume");
  }
  if (options.resume) return RunFolder::Start::resume;
  const auto marker = read_output_marker(options.out);
  const bool nothing_saved = marker && marker->command == "train" && !marker->complete &&
                             !fs::exists(ckpt_dir + "/state.json");
  return nothing_saved ? RunFolder::Start::fresh_or_resume : RunFolder::Start::fresh;
}

// For --resume: the run's own config.toml (validated) into options.config, and its checkpoint.
Checkpoint load_resumed(TrainOptions& options, const std::string& ckpt_dir) {
  StudyConfig loaded;
  load_config_file(loaded, options.out + "/config.toml");
  for (auto& section : loaded.sections()) section.validate();
  options.config = loaded;
  Checkpoint resumed = load_checkpoint(ckpt_dir);
  require(resumed.step >= 0 && resumed.step <= loaded.train.n_steps, ckpt_dir + "/state.json",
          "step", "must be in [0, train.n_steps = " + std::to_string(loaded.train.n_steps) + "]",
          resumed.step);
  return resumed;
}

// summary.json of a train folder (docs/train.md): what was run, how fast, and the last log
// row's figures (training sessions, not the evaluation session).
nlohmann::json train_summary(const StudyConfig& config, std::int64_t steps_done, double seconds,
                             std::int64_t rnn_steps, const std::string& log) {
  const std::int64_t n_steps = config.train.n_steps;
  nlohmann::json summary = {{"steps_done", steps_done},
                            {"n_steps", n_steps},
                            {"finished", steps_done >= n_steps},
                            {"arch", choice_name(config.network.arch)},
                            {"n_hidden", config.network.n_hidden},
                            {"preset", config.train.preset},
                            {"loss", choice_name(config.train.loss)},
                            {"wall_seconds", seconds},
                            {"rnn_steps", rnn_steps},
                            {"rnn_steps_per_s", seconds > 0 ? double(rnn_steps) / seconds : 0.0}};
  const auto last_nl = log.find_last_of('\n', log.size() >= 2 ? log.size() - 2 : 0);
  if (log != kLogHeader && last_nl != std::string::npos) {
    const std::string row = log.substr(last_nl + 1, log.size() - last_nl - 2);
    double v[6] = {};
    if (std::sscanf(row.c_str(), "%lf,%lf,%lf,%lf,%lf,%lf", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) == 6) {
      summary["last_log"] = {{"step", v[0]}, {"loss", v[1]}, {"accuracy", v[2]},
                             {"timeout_rate", v[3]}, {"mean_n_obs", v[4]}};
    }
  }
  return summary;
}

}  // namespace

void TrainOptions::validate() const {
  require(!out.empty(), "train", "out", "must name the run folder", out);
  require(stop_after >= 0, "train", "stop_after", "must be >= 0", stop_after);
  require(checkpoint_seconds >= 0 && checkpoint_seconds <= 1e6, "train", "checkpoint_seconds",
          "must be in [0, 1e6]", checkpoint_seconds);
  if (!resume) {
    config.task.validate();
    config.network.validate();
    config.train.validate();
    config.train.require_precision_runs(config.network);
  }
}

nlohmann::json run_train(TrainOptions options) {
  options.validate();
  const std::string out = options.out;
  const std::string ckpt_dir = out + "/checkpoint";
  RunFolder folder(out, "train", folder_start(options, ckpt_dir), {},
                   "pass --resume to continue it or choose another --out");
  Checkpoint resumed;
  if (options.resume) {
    resumed = load_resumed(options, ckpt_dir);
  } else {
    write_text_file(out + "/config.toml", to_toml(options.config));
  }
  StudyConfig& config = options.config;
  const std::string config_text = to_toml(config);
  const TrainConfig& tc = config.train;
  const Network init = Network::init(config.network, static_cast<std::uint64_t>(tc.seed));
  Trainer trainer(config.task, tc, init);
  std::string log = kLogHeader;
  double wall_before = 0;
  std::int64_t rnn_steps = 0;
  LogWindow window;
  if (options.resume) {
    Optimizer opt(tc, init.n_params());
    opt.m = resumed.opt_m;
    opt.v = resumed.opt_v;
    opt.t = resumed.opt_t;
    trainer.restore(resumed.step, resumed.net, opt);
    log = resumed.log_csv;
    wall_before = resumed.wall_seconds;
    const std::string where = ckpt_dir + "/state.json";
    window = LogWindow::from_json(resumed.extra.value("log_window", nlohmann::json::object()), where);
    rnn_steps = resumed.extra.contains("rnn_steps")
                    ? json_count(resumed.extra, "rnn_steps", where + " extra",
                                 std::numeric_limits<std::int64_t>::max())
                    : 0;
  }

  const auto start = std::chrono::steady_clock::now();
  auto wall = [&] {
    return wall_before + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  std::int64_t last_checkpoint = trainer.n_done();
  auto last_checkpoint_time = std::chrono::steady_clock::now();
  auto checkpoint = [&] {
    Checkpoint c;
    c.step = trainer.n_done();
    c.net = trainer.network();
    c.opt_m = trainer.optimizer().m;
    c.opt_v = trainer.optimizer().v;
    c.opt_t = trainer.optimizer().t;
    c.wall_seconds = wall();
    c.log_csv = log;
    c.config_toml = config_text;
    c.extra = {{"log_window", window.to_json()}, {"rnn_steps", rnn_steps}};
    save_checkpoint(ckpt_dir, c);
    write_text_file(out + "/train_log.csv", log);
    last_checkpoint = c.step;
    last_checkpoint_time = std::chrono::steady_clock::now();
  };
  // A new run checkpoints its initial state, so that --resume works from the first step on
  // (e.g. after a divergence or a kill before the first periodic checkpoint).
  if (!options.resume) checkpoint();
  const auto checkpoint_due = [&](std::int64_t done) {
    if (tc.checkpoint_every > 0 && done % tc.checkpoint_every == 0) return true;
    return options.checkpoint_seconds > 0 &&
           std::chrono::duration<double>(std::chrono::steady_clock::now() - last_checkpoint_time)
                   .count() >= options.checkpoint_seconds;
  };

  const std::int64_t n_steps = tc.n_steps;
  const std::int64_t stop = options.stop_after > 0 ? std::min(options.stop_after, n_steps) : n_steps;
  while (trainer.n_done() < stop) {
    const BatchStats stats = trainer.step();
    if (!stats.finite) {
      throw InvalidInput("train: the loss diverged (not finite) at gradient step " +
                         std::to_string(trainer.n_done() + 1) + "; the last good checkpoint (step " +
                         std::to_string(last_checkpoint) + ") is kept in " + ckpt_dir +
                         ": lower train.lr or set train.clip_norm in " + out +
                         "/config.toml and continue with --resume");
    }
    rnn_steps += stats.n_rnn_steps;
    window.add(stats);
    const std::int64_t done = trainer.n_done();
    if (done % tc.log_every == 0 || done == n_steps) {
      log += window.row(done, wall());
      window = LogWindow{};
    }
    if (done < stop && checkpoint_due(done)) checkpoint();
    if (options.progress) options.progress("train", done, n_steps);
  }
  checkpoint();
  // The top-level weights are written once, from the final state; the folder's marker says
  // "incomplete" until they and summary.json are all in place.
  save_network(out, trainer.network());

  const nlohmann::json summary = train_summary(config, trainer.n_done(), wall(), rnn_steps, log);
  write_json(out + "/summary.json", summary);
  folder.finish();
  return summary;
}

}  // namespace iblrnn::pipeline
