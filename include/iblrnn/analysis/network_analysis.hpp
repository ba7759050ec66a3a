// The whole representation and dynamics analysis of one trained network on one evaluation
// run (SPEC §5 items 1–10; docs/analysis.md eq. A1–A16), in memory: PCA, readouts, block
// decoders, angles, task coordinates, evidence velocities, block belief against the
// Bayesian observer, flow fields, fixed/slow points and unit pools. It returns a JSON
// summary plus named arrays and tables for every figure; the pipeline writes them to files.
// Shapes: hidden H × N and inputs 3 × N (one column per step, steps session-major).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "iblrnn/analysis/analysis_config.hpp"
#include "iblrnn/analysis/step_map.hpp"
#include "iblrnn/core/progress.hpp"
#include "iblrnn/task/run_record.hpp"

namespace iblrnn {

/// What the analysis reads. Per-step arrays have N entries, per-trial arrays n_trials.
struct NetworkRecording {
  Eigen::MatrixXd hidden;                  // H × N hidden states h_t
  Eigen::MatrixXd cell;                    // H × N LSTM cell states c_t (empty otherwise)
  Eigen::MatrixXd inputs;                  // 3 × N inputs x_t = (o^L, o^R, r)
  std::vector<std::int32_t> step_trial;    // N: trial (row of the per-trial arrays)
  std::vector<std::int8_t> step_k;         // N: step index within the trial
  int n_blank_steps = 2;                   // steps k < n_blank_steps are blank
  // Per trial:
  std::vector<std::int32_t> session;
  std::vector<std::int32_t> block;
  std::vector<std::int32_t> trial_in_block;
  std::vector<std::int8_t> block_side;     // −1, +1 (0: unbiased, left out of block analyses)
  std::vector<std::int8_t> stim_side;
  std::vector<double> signal;
  std::vector<std::int8_t> choice;         // −1, +1, 0 (timeout); may be empty
  std::vector<std::int64_t> first_step;    // first step of each trial
  std::vector<std::int32_t> n_steps;       // steps of each trial
  Eigen::VectorXd bayes_block_right;       // observer's β_n(right) after trial n (may be empty)
  // The network:
  Eigen::MatrixXd W_out;                   // 2 × H readout (rows left, right)
  Eigen::MatrixXd W_rec;                   // H × H recurrent matrix used for pools
  const StepMap* map = nullptr;            // F(s; x); null skips flow fields and fixed points

  /// Copies the per-trial columns session … choice from a trial table (task/run_record.hpp).
  void set_trials(const TrialTable& t);
};

/// A named array for a .npy file (C order, shape as given).
struct ArrayOutput {
  std::string name;                        // relative path, e.g. "flow/left_probed.npy"
  std::vector<std::size_t> shape;
  std::vector<double> data;
};

/// A named table for a CSV file.
struct TableOutput {
  std::string name;                        // relative path, e.g. "trial_ends.csv"
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // formatted cells
};

struct NetworkAnalysis {
  nlohmann::json summary;                  // every scalar (docs/analysis.md, "summary.json")
  std::vector<ArrayOutput> arrays;
  std::vector<TableOutput> tables;
};

/// Runs SPEC §5 on a recording. Throws InvalidInput on inconsistent shapes or indices, or an
/// invalid config. Solver non-convergence is reported in the summary, not thrown.
NetworkAnalysis analyze_network(const NetworkRecording& rec, const AnalysisConfig& config,
                                const ProgressFn& progress = {});

}  // namespace iblrnn
