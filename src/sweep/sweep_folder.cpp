#include "iblrnn/sweep/sweep_folder.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/folder_lock.hpp"
#include "iblrnn/io/output_folder.hpp"
#include "iblrnn/pipeline/analyze.hpp"
#include "iblrnn/pipeline/distill.hpp"
#include "iblrnn/pipeline/evaluate.hpp"
#include "iblrnn/pipeline/train.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::pipeline;

namespace iblrnn::sweep {
namespace fs = std::filesystem;
namespace {

std::string state_path(const std::string& dir, const SweepPoint& point) {
  return dir + "/state/" + point.name;
}

std::string points_csv(const SweepSpec& spec, const std::vector<SweepPoint>& pts) {
  std::ostringstream os;
  os << "index,name,seed";
  for (const auto& axis : spec.axes) os << "," << axis.field;
  os << "\n";
  for (const auto& p : pts) {
    os << p.index << "," << p.name << "," << p.seed;
    for (const auto& v : p.values) {
      const bool quoted = v.size() >= 2 && v.front() == '"';
      os << "," << (quoted ? v.substr(1, v.size() - 2) : v);
    }
    os << "\n";
  }
  return os.str();
}

// Writes `path` with `text`, or checks that it already holds exactly that.
void write_or_match(const std::string& path, const std::string& text, const std::string& dir) {
  if (fs::exists(path)) {
    if (read_text_file(path) != text) {
      throw InvalidInput("sweep: --out " + dir + " holds another sweep (" + fs::path(path).filename().string() +
                         " differs); choose another --out or repeat the sweep as it was");
    }
    return;
  }
  write_text_file(path, text);
}

// A stage is done when its folder is complete; training also when it ran all its steps (a run
// stopped early with --stop-after is complete but not finished, and continues with --resume).
bool stage_done(const SweepSpec& spec, const std::string& run, SweepStage stage) {
  const std::string folder = stage_folder(spec, run, stage);
  const auto marker = read_output_marker(folder);
  if (!marker || !marker->complete || marker->command != stage_name(stage)) return false;
  if (stage != SweepStage::train) return true;
  if (!fs::exists(folder + "/summary.json")) return false;
  const auto summary = nlohmann::json::parse(read_text_file(folder + "/summary.json"), nullptr, false);
  return summary.is_object() && summary.value("finished", false);
}

}  // namespace

SweepSpec plan_sweep(SweepSpec spec, const std::string& dir) {
  return plan_sweep(spec, resolve_config(spec.base), dir);
}

SweepSpec plan_sweep(SweepSpec spec, const StudyConfig& base, const std::string& dir) {
  spec.validate();
  SweepSpec stored = spec;
  stored.base = ConfigSources{};
  stored.base.config_file = "base.toml";
  StudyConfig resolved = base;
  write_or_match(dir + "/base.toml", to_toml(resolved), dir);
  write_or_match(dir + "/sweep.toml", to_sweep_toml(stored), dir);
  SweepSpec planned = read_sweep(dir);
  write_or_match(dir + "/points.csv", points_csv(planned, points(planned)), dir);
  for (const char* sub : {"/points", "/state", "/logs"}) make_dirs(dir + sub);
  return planned;
}

SweepSpec read_sweep(const std::string& dir) {
  const auto marker = read_output_marker(dir);
  if (!marker || marker->command != "sweep" || !fs::exists(dir + "/sweep.toml")) {
    throw InvalidInput("sweep: " + dir + " is not a sweep folder (no sweep.toml written by iblrnn sweep)");
  }
  SweepSpec spec = load_sweep_file(dir + "/sweep.toml");
  spec.validate();
  return spec;
}

std::string point_folder(const std::string& dir, const SweepSpec& spec, const SweepPoint& point) {
  if (spec.layout == "study") return point.index == 0 ? fs::path(dir).parent_path().string() : dir + "/" + point.name;
  return dir + "/points/" + point.name;
}

std::string stage_folder(const SweepSpec& spec, const std::string& run, SweepStage stage) {
  const std::string net = spec.layout == "study" ? run + "/network" : run;
  switch (stage) {
    case SweepStage::train: return net;
    case SweepStage::eval: return net + "/eval";
    case SweepStage::analyze: return run + "/analysis";
    case SweepStage::distill: return run + "/distill";
  }
  return run;
}

const char* state_name(PointState state) {
  switch (state) {
    case PointState::pending: return "pending";
    case PointState::running: return "running";
    case PointState::failed: return "failed";
    case PointState::complete: return "complete";
  }
  return "?";
}

PointStatus point_status(const std::string& dir, const SweepSpec& spec, const SweepPoint& point) {
  PointStatus status;
  const std::string run = point_folder(dir, spec, point);
  for (auto stage : spec.stages)
    if (stage_done(spec, run, stage)) status.done.push_back(stage);
  if (status.done.size() == spec.stages.size()) {
    status.state = PointState::complete;
    return status;
  }
  try {
    FolderLock probe(state_path(dir, point), FolderLock::Mode::read, "point");
  } catch (const InvalidInput&) {
    status.state = PointState::running;
    return status;
  }
  const std::string failed = state_path(dir, point) + ".failed";
  if (fs::exists(failed)) {
    status.state = PointState::failed;
    status.error = read_text_file(failed);
    while (!status.error.empty() && status.error.back() == '\n') status.error.pop_back();
  } else if (fs::exists(stage_folder(spec, run, spec.stages.front()))) {
    // An attempt began and ended without completing or recording a failure: it was killed.
    status.state = PointState::failed;
    status.error = "interrupted";
  }
  return status;
}

void run_point(const std::string& dir, std::int64_t index) {
  const SweepSpec spec = read_sweep(dir);
  const auto pts = points(spec);
  require(index >= 0 && index < static_cast<std::int64_t>(pts.size()), "sweep point", "index",
          "must be in [0, " + std::to_string(pts.size() - 1) + "]", index);
  const SweepPoint& point = pts[index];
  make_dirs(dir + "/state");
  FolderLock lock(state_path(dir, point), FolderLock::Mode::write, "point", true);
  const std::string failed = state_path(dir, point) + ".failed";
  fs::remove(failed);
  const std::string run = point_folder(dir, spec, point);
  const std::string net = stage_folder(spec, run, SweepStage::train);  // the training run
  const auto done = point_status(dir, spec, point).done;
  try {
    for (auto stage : spec.stages) {
      if (std::find(done.begin(), done.end(), stage) != done.end()) continue;
      if (stage == SweepStage::train) {
        // As `iblrnn train --config DIR/base.toml --set AXIS=VALUE... --set train.seed=S --out NET`,
        // continued with --resume when a killed attempt left a checkpoint.
        TrainOptions options;
        options.out = net;
        const auto marker = read_output_marker(net);
        options.resume = marker && marker->command == "train" && fs::exists(net + "/checkpoint/state.json");
        if (!options.resume) {
          ConfigSources sources;
          sources.config_file = dir + "/base.toml";
          sources.sets = point_sets(spec, point);
          options.config = resolve_config(sources);
        }
        run_train(options);
        continue;
      }
      // As `iblrnn eval NET --blocks eval_blocks`, `iblrnn analyze NET` and
      // `iblrnn distill NET --config NET/config.toml`: the run's configuration, its evaluation
      // session ([eval]) with eval_blocks blocks.
      ConfigSources sources;
      sources.config_file = net + "/config.toml";
      StudyConfig config = resolve_config(sources);
      config.eval.eval_blocks = spec.eval_blocks;
      if (stage == SweepStage::eval) {
        EvalOptions options;
        options.run = net;
        options.eval = config.eval;
        options.out = stage_folder(spec, run, stage);
        run_evaluate(options);
      } else if (stage == SweepStage::analyze) {
        AnalyzeOptions options;
        options.run = net;
        options.out = stage_folder(spec, run, stage);
        options.config = config;
        run_analyze(options);
      } else {
        DistillOptions options;
        options.run = net;
        options.out = stage_folder(spec, run, stage);
        options.config = config;
        run_distill(options);
      }
    }
  } catch (const std::exception& e) {
    write_text_file(failed, std::string(e.what()) + "\n");
    throw;
  }
  // The largest arrays go once every stage that reads them is done (keep_hidden).
  if (!keeps_hidden(spec, point)) {
    for (const char* name : {"/hidden.npy", "/cell.npy"}) fs::remove(stage_folder(spec, run, SweepStage::eval) + name);
  }
}

}  // namespace iblrnn::sweep
