// AnalysisConfig: every tunable number of the representation and dynamics analyses of one
// trained network (SPEC §5; docs/analysis.md eq. A1–A16). One field table drives TOML keys,
// `--set analysis.<field>=…` and help text; validate() names the bad field.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "iblrnn/analysis/readout.hpp"
#include "iblrnn/core/fields.hpp"

namespace iblrnn::analysis {

/// Options of `iblrnn analyze` and of the analysis library's pipeline.
struct AnalysisConfig {
  Readout readout = Readout::difference;  // stimulus readout (eq. A2)
  double train_fraction = 0.67;         // block decoders: fraction of steps used for training
  std::int64_t split_seed = 1;          // seed of the held-out split (Stream::split)
  double logistic_ridge = 1e-6;         // ridge on decoder weights (mean-loss units, eq. A5)
  int n_grid = 21;                      // flow-field grid points per PC axis
  double grid_quantile = 0.005;         // grid spans the [q, 1−q] quantiles of visited PC coords
  double empirical_d_tol = 0.5;         // |d − d_condition| tolerance of empirical stimulus flow
  int n_fixed_point_starts = 64;        // starts per input condition (visited states)
  int fixed_point_max_iter = 100;       // Levenberg–Marquardt iterations per start
  double fixed_point_q_tol = 1e-12;     // q(h) below this: a fixed point (eq. A11)
  double slow_point_q_max = 1e-6;       // q(h) below this (and a local minimum): a slow point
  double fixed_point_dedup = 1e-3;      // points closer than this (Euclidean) are merged
  double line_attractor_lambda = 0.9;   // |λ| above this counts as marginal for the line attractor
  double slow_speed_fraction = 0.05;    // slow points: speed below this × median recorded step
  int slow_max_steps = 2000;            // slow points: relaxation steps per start at most
  int n_trajectory_blocks = 2;          // blocks whose trial-end trajectories are written

  /// The field table (names, help, members) used for TOML, --set and help.
  std::vector<core::FieldRef> fields();

  /// Throws InvalidInput("AnalysisConfig: field constraint, got value") on the first bad field.
  void validate() const;
};

}  // namespace iblrnn::analysis
