// sweep::run_reproduce: the `iblrnn reproduce` job — the whole study on one configuration:
// train the 50-unit network, evaluate it with the Bayesian actor and observer, play the
// Bayesian agents on the same evaluation session, run behaviour (with mice when given),
// representation/dynamics analysis and distillation, then write summary.json and report.html.
// The seeds' networks (train, eval, analyze, distill) are the points of a sweep over
// train.seed (DIR/seeds, layout "study", sweep_folder.hpp) run by the sweep's local executor:
// a point is skipped when complete and run again when not (an interrupted training resumes
// from its checkpoint). The study's own stages are written atomically and recorded in
// DIR/stages.json with their key (the configuration they ran with): a complete folder with
// the same key is skipped.
//   DIR/network/            seed 1's training run (network/eval/: its evaluation)
//   DIR/bayes/<agent>/      actor, actor_commit, reward_optimal on the evaluation session
//   DIR/behavior/           curves of every agent (and the mice) side by side
//   DIR/analysis/           seed 1's representations and dynamics
//   DIR/distill/            seed 1's RADD, conventional and task-trained 2-unit models
//   DIR/seeds/              the sweep of the seeds: sweep.toml, base.toml, points.csv,
//                           state/, logs/seed-K.log, summary.csv and summary.json (one row
//                           per seed, as `iblrnn sweep collect` writes them)
//   DIR/seeds/seed-K/       network, analysis and distill of seed K (with --seeds N > 1)
//   DIR/summary.json        the reproduction table (values per seed), stage times
//   DIR/report.html         the report
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "iblrnn/core/progress.hpp"
#include "iblrnn/pipeline/study_config.hpp"

namespace iblrnn::sweep {

/// Seeds of a reproduction unless --seeds says otherwise (--quick: 1), and the training preset
/// of its networks unless --preset says otherwise (--quick: fast).
inline constexpr int kReproduceSeeds = 5;
inline constexpr const char* kReproducePreset = "paper2020";

struct ReproduceOptions {
  pipeline::StudyConfig config;          // resolved configuration (training preset, analysis, ...)
  std::string out = "iblrnn-reproduce";  // output folder
  std::string mouse_data;      // mouse CSV file/folder or ALF folder; empty = none
  int n_seeds = kReproduceSeeds;  // networks trained (seeds train.seed, train.seed + 1, ...)
  int jobs = 0;                // seeds run at once (0: the number of cores, at most n_seeds)
  std::string executable;      // the iblrnn binary that runs `sweep point` (empty: this one)
  bool quick = false;          // recorded in summary.json; front ends apply quick_sources()
  core::ProgressFn progress;
  std::function<void(const std::string&)> log;  // one line per stage event; may be empty

  /// Throws InvalidInput naming the bad option.
  void validate() const;
};

/// The --quick configuration (few training steps, short evaluation, small grids) as
/// assignments placed before the user's own, so that an explicit --set still wins; returns
/// `sources` with them inserted. The evaluation session of --quick has kQuickEvalBlocks
/// blocks unless --eval-blocks (eval.eval_blocks) is given.
pipeline::ConfigSources quick_sources(pipeline::ConfigSources sources);
inline constexpr int kQuickEvalBlocks = 20;

/// Runs every stage not yet complete and writes summary.json and report.html; returns the
/// summary. The seeds' networks (train, eval, analysis, distill) are a sweep run `jobs` at a
/// time by run_local, each point a process of its own, single-threaded when several seeds
/// run (results do not depend on the thread count); then the Bayesian agents and the
/// behaviour on seed 1's evaluation session, and DIR/seeds/summary.csv (collect_sweep).
/// Throws InvalidInput / IoError from the stages; IoError naming the log of the lowest seed
/// that did not complete.
nlohmann::json run_reproduce(ReproduceOptions options);

}  // namespace iblrnn::sweep
