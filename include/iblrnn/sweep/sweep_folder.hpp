// The sweep folder DIR (docs/sweep.md, "Sweep folder"):
//   DIR/sweep.toml         the sweep (config = "base.toml"); a re-run must name the same sweep
//   DIR/base.toml          the resolved base configuration of every point
//   DIR/points.csv         index, name, seed and the axis values of every point
//   DIR/points/NAME/       one run folder per point: what `iblrnn train --out` writes, with
//                          eval/, analysis/ and distill/ of the plain commands inside
//   DIR/state/NAME.failed  the error of a point's last failed attempt (removed on success)
//   DIR/state/.NAME.iblrnn-lock   held while a process runs the point
//   DIR/logs/              the output of every attempt (local: NAME.log; Slurm: JOB_INDEX.log)
// With layout = "study" (the seeds of `iblrnn reproduce`, DIR = STUDY/seeds) the points are the
// study's seed folders instead: seed-1 is STUDY itself, seed-K is DIR/seed-K, each holding
// network/ (train), network/eval/, analysis/ and distill/.
// A point is complete when every stage folder it runs carries a complete marker
// (io/output_folder.hpp); a killed point leaves an incomplete marker or a staging folder that
// the next attempt removes, never a folder that reads as complete.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "iblrnn/sweep/sweep_spec.hpp"

namespace iblrnn::sweep {

/// Writes DIR's sweep.toml, base.toml and points.csv for a validated spec, or checks that DIR
/// already holds the same sweep. Refuses (InvalidInput) a folder holding anything else or a
/// different sweep. Returns the spec as read back from DIR (base = DIR/base.toml).
SweepSpec plan_sweep(SweepSpec spec, const std::string& dir);
/// The same with the base configuration already resolved (spec.base is then not read).
SweepSpec plan_sweep(SweepSpec spec, const pipeline::StudyConfig& base, const std::string& dir);

/// The sweep of a planned folder. Throws InvalidInput if DIR is not a sweep folder.
SweepSpec read_sweep(const std::string& dir);

/// DIR/points/NAME (layout study: DIR/.. for the first seed, DIR/NAME for the others).
std::string point_folder(const std::string& dir, const SweepSpec& spec, const SweepPoint& point);

/// The folder of `stage` inside a point folder: RUN, RUN/eval, RUN/analysis, RUN/distill
/// (layout study: RUN/network, RUN/network/eval, RUN/analysis, RUN/distill).
std::string stage_folder(const SweepSpec& spec, const std::string& run, SweepStage stage);

enum class PointState { pending, running, failed, complete };

/// "pending" | "running" | "failed" | "complete".
const char* state_name(PointState state);

struct PointStatus {
  PointState state = PointState::pending;
  std::vector<SweepStage> done;   // stages whose folders are complete
  std::string error;              // the last failure's message (failed)
};

/// A point's state: complete when all of the spec's stages are; running while a process holds
/// its lock; failed after an attempt that ended without completing it; else pending.
PointStatus point_status(const std::string& dir, const SweepSpec& spec, const SweepPoint& point);

/// Runs the point's stages that are not complete, in order, with the pipeline functions the
/// plain commands call (train, resumed from its checkpoint when an attempt was killed; eval
/// --blocks eval_blocks; analyze; distill --config RUN/config.toml), holding the point's lock.
/// On failure writes DIR/state/NAME.failed and rethrows. Throws InvalidInput if another process
/// runs the point.
void run_point(const std::string& dir, std::int64_t index);

}  // namespace iblrnn::sweep
