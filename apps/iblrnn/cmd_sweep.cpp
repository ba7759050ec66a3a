// iblrnn sweep: many runs over seeds and configuration fields, on this machine or a Slurm
// cluster (docs/sweep.md). Subcommands: status, collect, point (one point; what executors run).
#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>

#include "cli.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/io/output_folder.hpp"
#include "iblrnn/pipeline/report.hpp"
#include "iblrnn/sweep/collect.hpp"
#include "iblrnn/sweep/executors.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::pipeline;
using namespace iblrnn::sweep;

namespace iblrnn::cli {
namespace {

// Points run single-threaded unless the sweep sets train.n_threads itself (a later --set wins).
constexpr const char* kSingleThreaded = "train.n_threads=1";

struct Flags {
  ConfigSources sources;
  std::string file;
  std::string seeds;
  std::vector<std::string> axes;
  std::string stages;
  int eval_blocks = 1000;
  std::string keep_hidden;
  std::string executor = "local";
  int jobs = 0;
  bool wait = false;
  SlurmOptions slurm;
  std::string out;
  std::string dir;       // status / collect / point
  std::int64_t index = 0;
};

void log_line(const std::string& line) {
  std::fprintf(stderr, "sweep: %s\n", line.c_str());
  std::fflush(stderr);
}

// Exit status 1 when points failed (their logs say why); 0 otherwise.
void finish(const SweepCounts& c, const std::string& dir) {
  log_line(progress_line(c, -1));
  if (c.failed > 0) {
    std::fprintf(stderr, "sweep: %lld points failed; their errors: iblrnn sweep status %s; re-run to retry them\n",
                 static_cast<long long>(c.failed), dir.c_str());
    std::exit(1);
  }
}

SweepSpec spec_from_flags(const Flags& f, CLI::App* sub) {
  SweepSpec spec;
  if (!f.file.empty()) {
    spec = load_sweep_file(f.file);
    for (const char* flag : {"--preset", "--config", "--seeds", "--axis"}) {
      if (sub->count(flag) > 0) {
        throw InvalidInput(std::string("sweep: ") + flag + " cannot be combined with a sweep file (set it in the file)");
      }
    }
    for (const auto& s : f.sources.sets) spec.base.sets.push_back(s);
  } else {
    if (f.seeds.empty()) throw InvalidInput("sweep: --seeds is required without a sweep file, e.g. --seeds 1-4");
    spec.base = f.sources;
    spec.seeds_text = f.seeds;
    spec.seeds = parse_seeds(f.seeds);
    for (const auto& a : f.axes) spec.axes.push_back(parse_axis(a));
  }
  spec.base.sets.insert(spec.base.sets.begin(), kSingleThreaded);
  if (sub->count("--stages") > 0) spec.stages = parse_stages(f.stages);
  if (sub->count("--eval-blocks") > 0) spec.eval_blocks = f.eval_blocks;
  if (sub->count("--keep-hidden") > 0) spec.keep_hidden = f.keep_hidden;
  return spec;
}

void setup(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  auto* sub = app.add_subcommand(
      "sweep", "run many points (seeds × configuration axes): train, eval, analyze, distill each");
  sub->add_option("SWEEP_FILE", f->file, "sweep TOML file (docs/sweep.md); or give --seeds and --axis");
  add_config_flags(sub, f->sources);
  sub->add_option("--seeds", f->seeds, "train.seed of the points: 1-20, 1,3,5 or 1-4,10");
  sub->add_option("--axis", f->axes, "one axis: section.field=value1,value2,... (repeatable)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);
  sub->add_option("--stages", f->stages, "stages per point: train,eval,analyze,distill (default all)");
  sub->add_option("--eval-blocks", f->eval_blocks, "blocks of each point's evaluation (iblrnn eval --blocks)")
      ->capture_default_str();
  sub->add_option("--keep-hidden", f->keep_hidden,
                  "points that keep eval/hidden.npy once done: all | first_seed (default) | none");
  sub->add_option("--executor", f->executor, "local | slurm")->capture_default_str();
  sub->add_option("--jobs", f->jobs, "local: points at once (default: the number of cores)");
  sub->add_flag("--wait", f->wait, "slurm: follow the job array until it ends");
  sub->add_option("--cpus-per-task", f->slurm.cpus_per_task, "slurm: CPUs of each array task")
      ->capture_default_str();
  sub->add_option("--mem", f->slurm.mem, "slurm: memory of each array task")->capture_default_str();
  sub->add_option("--time", f->slurm.time, "slurm: time limit of each array task")->capture_default_str();
  sub->add_option("--partition", f->slurm.partition, "slurm: partition (default: the cluster's)");
  sub->add_option("--max-running", f->slurm.max_running, "slurm: array tasks at once (%K; 0 = no limit)")
      ->capture_default_str();
  sub->add_option("--sbatch-arg", f->slurm.sbatch_args, "slurm: an extra sbatch option, e.g. --account=lab (repeatable)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);
  sub->add_option("--out", f->out, "sweep folder");

  auto* status = sub->add_subcommand("status", "state of every point of a sweep folder");
  status->add_option("DIR", f->dir, "sweep folder")->required();
  status->callback([f] {
    const SweepSpec spec = read_sweep(f->dir);
    const auto pts = points(spec);
    SweepCounts c;
    const auto statuses = sweep_status(f->dir, spec, &c);
    for (std::size_t k = 0; k < pts.size(); ++k) {
      std::string done;
      for (auto s : statuses[k].done) done += std::string(done.empty() ? "" : ",") + stage_name(s);
      std::printf("%5lld  %-9s %-28s %s%s\n", static_cast<long long>(pts[k].index),
                  state_name(statuses[k].state), done.empty() ? "-" : done.c_str(), pts[k].name.c_str(),
                  statuses[k].error.empty() ? "" : ("  " + statuses[k].error).c_str());
    }
    std::printf("%s\n", progress_line(c, -1).c_str());
  });

  auto* collect = sub->add_subcommand("collect", "write DIR/summary.csv, DIR/summary.json and DIR/report.html");
  collect->add_option("DIR", f->dir, "sweep folder")->required();
  collect->callback([f] {
    const auto summary = collect_sweep(f->dir);
    std::printf("%s/summary.csv: %zu points, %zu columns\n", f->dir.c_str(), summary["points"].size(),
                summary["columns"].size());
    ReportOptions report;
    report.dir = f->dir;
    const ReportResult r = run_report(report);
    std::printf("%s: %d figures (%d not available)\n", r.path.c_str(), r.n_figures, r.n_missing);
  });

  auto* point = sub->add_subcommand("point", "run one point of a sweep folder (what the executors run)");
  point->add_option("DIR", f->dir, "sweep folder")->required();
  point->add_option("INDEX", f->index, "point index (points.csv; the Slurm array index)")->required();
  point->callback([f] {
    // Started by the local executor: end with it (kSweepParentEnv), or at once if it has
    // already ended.
    if (const char* parent = std::getenv(kSweepParentEnv)) {
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);
      if (std::to_string(::getppid()) != parent) throw InvalidInput("sweep point: the executor that started it has ended");
    }
    run_point(f->dir, f->index);
  });

  sub->callback([f, sub] {
    if (!sub->get_subcommands().empty()) return;
    if (f->out.empty()) throw InvalidInput("sweep: --out is required (the sweep folder)");
    if (f->executor != "local" && f->executor != "slurm") {
      throw InvalidInput("sweep: --executor must be local or slurm, got \"" + f->executor + "\"");
    }
    SweepSpec spec = spec_from_flags(*f, sub);
    spec.validate();
    if (f->executor == "slurm") f->slurm.validate();
    int jobs = f->jobs;
    if (sub->count("--jobs") == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
    require(jobs >= 1 && jobs <= 4096, "sweep", "jobs", "must be in [1, 4096]", jobs);
    const std::string exe = current_executable();
    const std::string dir = normal_path(f->out);
    SweepCounts counts;
    {
      RunFolder folder(dir, "sweep", RunFolder::Start::fresh_or_resume);
      const SweepSpec planned = plan_sweep(spec, dir);
      log_line(std::to_string(points(planned).size()) + " points in " + dir);
      if (f->executor == "local") {
        counts = run_local(dir, exe, jobs, log_line);
        folder.finish();
      } else {
        folder.finish();
      }
    }
    if (f->executor == "slurm") {
      const std::string job = submit_slurm(dir, exe, f->slurm, log_line);
      if (!f->wait) {
        std::printf("%s\n", job.c_str());
        return;
      }
      if (!job.empty()) counts = wait_slurm(dir, job, log_line);
      else sweep_status(dir, read_sweep(dir), &counts);
    }
    finish(counts, dir);
  });
}

const bool registered = register_command(80, setup);

}  // namespace
}  // namespace iblrnn::cli
