// The executors of a planned sweep folder (docs/sweep.md, "Executors"). Both run each point as
// `iblrnn sweep point DIR INDEX` (run_point) in a process of its own, single-threaded, and skip
// the points that are complete, so a re-run retries only the failed and missing ones.
//   local: up to `jobs` point processes at once on this machine, output in DIR/logs/NAME.log.
//   slurm: one job-array script per submission (DIR/slurm/submit-N.sh, one array task per
//          point to run), submitted with sbatch; wait_slurm follows the array until it ends.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "iblrnn/sweep/sweep_folder.hpp"

namespace iblrnn::sweep {

/// Counts over the points of a sweep.
struct SweepCounts {
  std::int64_t complete = 0, running = 0, failed = 0, pending = 0;
  std::int64_t total() const { return complete + running + failed + pending; }
};

/// The states of every point of a planned sweep folder.
std::vector<PointStatus> sweep_status(const std::string& dir, const SweepSpec& spec,
                                      SweepCounts* counts = nullptr);

/// One line for the progress log: "N/T complete, R running, F failed, P pending[, ETA Xs]".
std::string progress_line(const SweepCounts& counts, double eta_seconds);

using SweepLog = std::function<void(const std::string&)>;

/// The environment variable holding the PID of the local executor that started a point
/// process: `iblrnn sweep point` then asks the kernel to end it (SIGTERM, which removes its
/// temporaries) when that process ends, so a killed `iblrnn sweep` or `iblrnn reproduce`
/// leaves no point running.
inline constexpr const char* kSweepParentEnv = "IBLRNN_SWEEP_PARENT";

/// Runs the points that are not complete, up to `jobs` (>= 1) at once, each as the process
/// `exe sweep point DIR INDEX` (with kSweepParentEnv set). Logs one line when a point starts or ends, with the overall
/// counts and ETA. Returns the counts at the end. Throws InvalidInput on jobs < 1.
SweepCounts run_local(const std::string& dir, const std::string& exe, int jobs, const SweepLog& log);

struct SlurmOptions {
  int cpus_per_task = 1;
  std::string mem = "2G";            // --mem (per task)
  std::string time = "01:00:00";     // --time (per task)
  std::string partition;             // empty: the cluster's default
  int max_running = 0;               // K of --array=...%K; 0 = no limit
  std::vector<std::string> sbatch_args;  // passed to sbatch as they are (e.g. --account=lab)

  /// Throws InvalidInput naming the bad option.
  void validate() const;
};

/// The job-array script running `indices` (the Slurm array indices are the point indices).
std::string slurm_array_script(const std::string& dir, const std::string& exe,
                               const std::vector<std::int64_t>& indices, const SlurmOptions& options);

/// Writes the script for the points not complete (nor running) to DIR/slurm/submit-N.sh,
/// submits it with sbatch and returns the job id ("" when every point is complete or running).
/// Throws IoError if sbatch fails (its message included).
std::string submit_slurm(const std::string& dir, const std::string& exe, const SlurmOptions& options,
                         const SweepLog& log);

/// Follows job `job_id` (squeue) until none of its array tasks is pending or running, logging
/// the counts when they change. Returns the counts at the end.
SweepCounts wait_slurm(const std::string& dir, const std::string& job_id, const SweepLog& log);

/// The path of the running executable (/proc/self/exe).
std::string current_executable();

}  // namespace iblrnn::sweep
