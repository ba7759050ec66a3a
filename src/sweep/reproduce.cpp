#include "iblrnn/sweep/reproduce.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>
#include <vector>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/json_fields.hpp"
#include "iblrnn/io/output_folder.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/pipeline/bayes.hpp"
#include "iblrnn/pipeline/behavior.hpp"
#include "iblrnn/pipeline/evaluate.hpp"
#include "iblrnn/pipeline/report.hpp"
#include "iblrnn/report/claims_from_folder.hpp"
#include "iblrnn/report/repro_table.hpp"
#include "iblrnn/sweep/collect.hpp"
#include "iblrnn/sweep/executors.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::pipeline;
using namespace iblrnn::report;

namespace iblrnn::sweep {
namespace fs = std::filesystem;

namespace {

const char* kBayesAgents[] = {"actor", "actor_commit", "reward_optimal"};

nlohmann::json read_json(const std::string& path) {
  return parse_json_file_text(read_text_file(path), path);
}

// Runs the stages of a reproduction. A stage is reused only when its folder is a complete
// output of its command (marker) and DIR/stages.json records it as done under the same key
// (the configuration it ran with); otherwise its folder is removed and it runs again, except
// that an interrupted training with the same key resumes from its checkpoint. Records each
// stage's wall time (0 when reused) in `times`.
class StageRunner {
 public:
  StageRunner(const ReproduceOptions& options, nlohmann::json& times, std::string dir)
      : options_(options), times_(times), record_path_(std::move(dir) + "/stages.json") {
    if (fs::exists(record_path_)) {
      try {
        record_ = read_json(record_path_);
      } catch (const InvalidInput&) {
        record_ = nlohmann::json::object();  // unreadable: every stage runs again
      }
    }
    if (!record_.is_object()) record_ = nlohmann::json::object();
  }

  // `stage(resume)` writes `folder` through `command`; `resume` is true when an interrupted
  // run of the same stage and key may be continued.
  void run(const std::string& name, const std::string& folder, const std::string& command,
           const std::string& key, const std::function<void(bool)>& stage) {
    const auto marker = read_output_marker(folder);
    const auto it = record_.find(name);
    const bool same_key = it != record_.end() && it->is_object() && it->value("key", "") == key;
    if (same_key && it->value("done", false) && marker && marker->command == command && marker->complete) {
      say(name + ": complete, skipped");
      times_[name] = 0.0;
      return;
    }
    const bool resume = same_key && marker && marker->command == command && !marker->complete;
    if (!resume) remove_output(folder, command);
    record_[name] = {{"key", key}, {"done", false}};
    write_json(record_path_, record_);
    say(name + (resume ? ": resuming" : ": running"));
    const auto start = std::chrono::steady_clock::now();
    stage(resume);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    record_[name]["done"] = true;
    write_json(record_path_, record_);
    times_[name] = s;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f s", s);
    say(name + ": done in " + buf);
  }

  void run_always(const std::string& name, const std::function<void()>& stage) {
    say(name + ": running");
    const auto start = std::chrono::steady_clock::now();
    stage();
    times_[name] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

 private:
  void say(const std::string& line) {
    if (options_.log) options_.log(line);
  }
  const ReproduceOptions& options_;
  nlohmann::json& times_;
  std::string record_path_;
  nlohmann::json record_ = nlohmann::json::object();
};

// The key of a stage: everything its output depends on (the whole configuration and the
// reproduction's own options), so a change anywhere reruns it.
std::string stage_key(const ReproduceOptions& options, StudyConfig config) {
  return to_toml(config) + "# mouse_data = " + options.mouse_data + "\n";
}

}  // namespace

void ReproduceOptions::validate() const {
  require(!out.empty(), "reproduce", "out", "must name an output folder", out);
  require(n_seeds >= 1 && n_seeds <= 100, "reproduce", "seeds", "must be in [1, 100]", n_seeds);
  require(jobs >= 0 && jobs <= 256, "reproduce", "jobs", "must be in [0, 256] (0: the number of cores)", jobs);
  if (!mouse_data.empty() && !fs::exists(mouse_data))
    throw IoError(mouse_data, "mouse data not found (--mouse-data)");
  // The seeds train on this machine: refuse float32 here rather than in every seed.
  config.train.require_precision_runs(config.network);
}

ConfigSources quick_sources(ConfigSources sources) {
  const std::vector<std::string> quick = {
      "train.n_steps=30", "train.checkpoint_every=0", "analysis.n_grid=9", "analysis.n_fixed_point_starts=8",
      "distill.conventional_steps=20", "distill.task_trained_steps=20",
      "eval.eval_blocks=" + std::to_string(kQuickEvalBlocks),
      "distill.flow_grid=9", "distill.fixed_point_grid=3"};
  sources.sets.insert(sources.sets.begin(), quick.begin(), quick.end());
  return sources;
}

namespace {

// The sweep of the seeds: DIR/seeds over train.seed, train.seed + 1, … (layout study, every
// point keeping its hidden states), the base being the study's configuration, single-threaded
// when several seeds run.
SweepSpec seed_sweep(const ReproduceOptions& options) {
  SweepSpec spec;
  const std::int64_t first = options.config.train.seed;
  for (int k = 0; k < options.n_seeds; ++k) spec.seeds.push_back(first + k);
  spec.seeds_text = std::to_string(first) + (options.n_seeds > 1 ? "-" + std::to_string(spec.seeds.back()) : "");
  spec.eval_blocks = options.config.eval.eval_blocks;
  spec.keep_hidden = "all";
  spec.layout = "study";
  return spec;
}

StudyConfig seed_base(const ReproduceOptions& options) {
  StudyConfig base = options.config;
  if (options.n_seeds > 1) base.train.n_threads = 1;
  return base;
}

// The seeds' outputs stay when DIR/seeds is the sweep of the same base configuration (a
// different number of seeds only plans the sweep again). Otherwise — another configuration,
// or a study written before its seeds were a sweep — every seed's network, analysis and
// distill folder is removed so that it runs again.
void discard_other_seeds(const std::string& dir, const std::string& seeds_dir, const std::string& base_toml) {
  const auto marker = read_output_marker(seeds_dir);
  const bool same_base = marker && marker->command == "sweep" && fs::exists(seeds_dir + "/base.toml") &&
                         read_text_file(seeds_dir + "/base.toml") == base_toml;
  if (!same_base) {
    const auto clear = [](const std::string& root) {
      remove_output(root + "/network", "train");
      remove_output(root + "/analysis", "analyze");
      remove_output(root + "/distill", "distill");
    };
    clear(dir);
    std::error_code ec;
    if (fs::is_directory(seeds_dir, ec)) {
      for (const auto& e : fs::directory_iterator(seeds_dir)) {
        if (!e.is_directory() || e.path().filename().string().rfind("seed-", 0) != 0) continue;
        clear(e.path().string());
        fs::remove(e.path(), ec);  // only when empty
      }
      fs::remove(seeds_dir + "/base.toml");
      fs::remove_all(seeds_dir + "/state");
    }
  }
  fs::remove(seeds_dir + "/sweep.toml");
  fs::remove(seeds_dir + "/points.csv");
}

// Runs the seeds' sweep (points not complete, `jobs` at a time). Throws IoError naming the
// lowest seed left incomplete.
void run_seed_sweep(const ReproduceOptions& options, int jobs, nlohmann::json& times) {
  const std::string seeds_dir = options.out + "/seeds";
  StudyConfig base = seed_base(options);
  const auto say = [&](const std::string& line) {
    if (options.log) options.log("seeds: " + line);
  };
  const auto start = std::chrono::steady_clock::now();
  discard_other_seeds(options.out, seeds_dir, to_toml(base));
  {
    RunFolder folder(seeds_dir, "sweep", RunFolder::Start::fresh_or_resume);
    const SweepSpec spec = plan_sweep(seed_sweep(options), base, seeds_dir);
    const std::string exe = options.executable.empty() ? current_executable() : options.executable;
    run_local(seeds_dir, exe, jobs, say);
    const auto pts = points(spec);
    const auto statuses = sweep_status(seeds_dir, spec);
    for (std::size_t k = 0; k < pts.size(); ++k) {
      if (statuses[k].state == PointState::complete) continue;
      const std::string what = statuses[k].state == PointState::running
                                   ? "is being run by another process; re-run once it has ended"
                                   : std::string(state_name(statuses[k].state)) +
                                         (statuses[k].error.empty() ? "" : ": " + statuses[k].error);
      throw IoError(seeds_dir + "/logs/" + pts[k].name + ".log",
                    pts[k].name + " (train.seed " + std::to_string(pts[k].seed) + ") " + what);
    }
    folder.finish();
  }
  times["seeds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The Bayesian agents on the network's evaluation session (common random numbers).
void run_bayes_stages(const ReproduceOptions& options, const StudyConfig& config, const std::string& dir,
                      StageRunner& runner) {
  for (const char* agent : kBayesAgents) {
    const std::string out = dir + "/bayes/" + agent;
    runner.run(std::string("bayes_") + agent, out, "bayes", stage_key(options, config), [&](bool) {
      BayesRunOptions b;
      b.config = config;
      b.config.task.n_blocks = config.eval.eval_blocks;
      b.agent = agent;
      b.n_sessions = 1;
      b.seed = eval_session_seed(static_cast<std::uint64_t>(config.eval.eval_seed));
      b.out = out;
      b.progress = options.progress;
      run_bayes(b);
    });
  }
}

// The behaviour of the RNN, the Bayesian agents and the mice: the user's data, or the
// reference table shipped with the sources (part of the stage's key, so a study made without
// it runs the stage again once it is there).
void run_behavior_stage(const ReproduceOptions& options, const StudyConfig& config, const std::string& dir,
                        StageRunner& runner) {
  const std::string reference = options.mouse_data.empty() ? mouse_reference_dir() : "";
  if (options.mouse_data.empty() && reference.empty() && options.log)
    options.log("behavior: the mouse reference (data/mice-may2020 of the sources) was not found: "
                "the report shows no mice; pass --mouse-data to add them");
  runner.run("behavior", dir + "/behavior", "behavior",
             stage_key(options, config) + "# mouse_reference = " + reference + "\n", [&](bool) {
    BehaviorOptions b;
    b.config = config.behavior;
    b.inputs = {dir + "/network/eval"};
    b.labels = {"RNN"};
    for (const char* agent : kBayesAgents) {
      b.inputs.push_back(dir + "/bayes/" + agent);
      b.labels.push_back(agent);
    }
    if (!options.mouse_data.empty()) {
      b.inputs.push_back(options.mouse_data);
      b.labels.push_back("mice");
    } else {
      b.reference = reference;  // the mice's pooled curves shipped with the sources ("" = none)
    }
    b.out = dir + "/behavior";
    b.progress = options.progress;
    run_behavior(b);
  });
}

// Every row of the reproduction table with its value per seed ({"key": {"seeds": [...]}}).
// A seed whose network did not train gives null values.
nlohmann::json values_per_seed(const std::vector<std::string>& roots,
                               const std::vector<ClaimMeasurements>& measured) {
  std::vector<std::vector<ReproRow>> per_seed;
  for (const auto& root : roots) {
    ReportFolder folder(root);
    per_seed.push_back(build_repro_table(folder, /*module_summaries_only=*/true));
  }
  nlohmann::json values = nlohmann::json::object();
  for (std::size_t r = 0; r < per_seed[0].size(); ++r) {
    nlohmann::json seeds = nlohmann::json::array();
    for (std::size_t i = 0; i < per_seed.size(); ++i) {
      const bool trained = training_failure(measured[i]).empty();
      nlohmann::json v = nlohmann::json::array();
      for (double x : per_seed[i][r].ours)
        v.push_back(std::isnan(x) || !trained ? nlohmann::json() : nlohmann::json(x));
      seeds.push_back(per_seed[i][r].ours.size() == 1 ? v[0] : v);
    }
    values[per_seed[0][r].key] = {{"seeds", seeds}};
  }
  return values;
}

// The study's summary.json (docs/outputs.md, "summary.json of a study"): the table's values per
// seed, the paper's claims (SPEC §8) counted over seeds, the seeds that did not train, then the
// table itself, whose verdicts read the claims (K2) through the report's own code. Written to
// DIR/summary.json, with DIR/config.toml.
nlohmann::json write_study_summary(const ReproduceOptions& options, StudyConfig config,
                                   const std::vector<std::string>& roots, const nlohmann::json& times) {
  const std::string& dir = options.out;
  ReportFolder study(dir);
  std::vector<ClaimMeasurements> measured;
  for (std::size_t i = 0; i < roots.size(); ++i) {
    ReportFolder seed_folder(roots[i]);
    measured.push_back(read_claim_measurements(seed_folder, study, config.train.seed + std::int64_t(i)));
  }
  nlohmann::json summary = values_per_seed(roots, measured);
  summary["n_seeds"] = options.n_seeds;
  summary["quick"] = options.quick;
  summary["eval_blocks"] = options.config.eval.eval_blocks;
  summary["mouse_data"] = options.mouse_data;
  summary["stage_seconds"] = times;
  write_text_file(dir + "/config.toml", to_toml(config));
  summary["claims"] = claims_json(build_claims(measured));
  nlohmann::json failed = nlohmann::json::array();
  for (const auto& m : measured)
    if (const std::string why = training_failure(m); !why.empty()) failed.push_back({{"seed", m.seed}, {"reason", why}});
  summary["failed_seeds"] = failed;
  write_json(dir + "/summary.json", summary);
  ReportFolder folder(dir);
  summary["table"] = repro_table_json(build_repro_table(folder));
  write_json(dir + "/summary.json", summary);
  return summary;
}

}  // namespace

nlohmann::json run_reproduce(ReproduceOptions options) {
  options.validate();
  const std::string dir = options.out;
  RunFolder folder(dir, "reproduce", RunFolder::Start::fresh_or_resume, {options.mouse_data});
  nlohmann::json times = nlohmann::json::object();
  StageRunner runner(options, times, dir);
  StudyConfig& config = options.config;

  // The seeds' networks: seed 1 (train.seed) in DIR itself, the others under DIR/seeds/seed-K,
  // the points of the seeds' sweep, `jobs` at a time (each point's output in its log).
  const int jobs = std::max(1, std::min(options.n_seeds, options.jobs > 0 ? options.jobs
                                                                           : int(std::thread::hardware_concurrency())));
  auto seed_root = [&](int k) { return k == 1 ? dir : dir + "/seeds/seed-" + std::to_string(k); };
  run_seed_sweep(options, jobs, times);
  run_bayes_stages(options, config, dir, runner);
  run_behavior_stage(options, config, dir, runner);
  // The seeds' summary.csv, once the Bayesian actor of the claims' C1 is there.
  collect_sweep(dir + "/seeds");

  std::vector<std::string> roots;
  for (int k = 1; k <= options.n_seeds; ++k) roots.push_back(seed_root(k));
  nlohmann::json summary = write_study_summary(options, config, roots, times);
  runner.run_always("report", [&] {
    ReportOptions r;
    r.dir = dir;
    run_report(r);
  });
  summary["stage_seconds"] = times;
  write_json(dir + "/summary.json", summary);
  folder.finish();
  return summary;
}

}  // namespace iblrnn::sweep
