#include "iblrnn/analysis/analysis_config.hpp"

#include <cmath>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::analysis {

std::vector<FieldRef> AnalysisConfig::fields() {
  return {
      choice_field("readout",
                   "stimulus readout: difference (W_out[right]-W_out[left]) | right (right row)",
                   &readout),
      {"train_fraction", "block decoders: fraction of steps in the training split", &train_fraction},
      {"split_seed", "seed of the decoders' held-out split", &split_seed},
      {"logistic_ridge", "ridge penalty on decoder weights (mean-loss units)", &logistic_ridge},
      {"n_grid", "flow-field grid points per PC axis", &n_grid},
      {"grid_quantile", "flow grid spans the [q, 1-q] quantiles of visited PC coordinates",
       &grid_quantile},
      {"empirical_d_tol", "empirical flow: |d - d_condition| tolerance for stimulus inputs",
       &empirical_d_tol},
      {"n_fixed_point_starts", "fixed-point search: starts per input (visited states)",
       &n_fixed_point_starts},
      {"fixed_point_max_iter", "fixed-point search: Levenberg-Marquardt iterations per start",
       &fixed_point_max_iter},
      {"fixed_point_q_tol", "q(h) = |F(h)-h|^2/2 below this is a fixed point", &fixed_point_q_tol},
      {"slow_point_q_max", "local minima of q below this are kept as slow points",
       &slow_point_q_max},
      {"fixed_point_dedup", "fixed/slow points closer than this are merged", &fixed_point_dedup},
      {"line_attractor_lambda", "|lambda| above this counts as marginal (line attractor)",
       &line_attractor_lambda},
      {"slow_speed_fraction", "slow points: relax until |F(h)-h| < this x median recorded step",
       &slow_speed_fraction},
      {"slow_max_steps", "slow points: relaxation steps per start at most", &slow_max_steps},
      {"n_trajectory_blocks", "blocks of each side whose trial-end trajectories are written",
       &n_trajectory_blocks},
  };
}

void AnalysisConfig::validate() const {
  const std::string w = "AnalysisConfig";
  require(train_fraction > 0.0 && train_fraction < 1.0, w, "train_fraction", "must be in (0, 1)",
          train_fraction);
  require(split_seed >= 0, w, "split_seed", "must be >= 0", split_seed);
  require(logistic_ridge >= 0.0 && std::isfinite(logistic_ridge), w, "logistic_ridge",
          "must be finite and >= 0", logistic_ridge);
  require(n_grid >= 2 && n_grid <= 1000, w, "n_grid", "must be in [2, 1000]", n_grid);
  require(grid_quantile >= 0.0 && grid_quantile < 0.5, w, "grid_quantile", "must be in [0, 0.5)",
          grid_quantile);
  require(empirical_d_tol > 0.0 && std::isfinite(empirical_d_tol), w, "empirical_d_tol",
          "must be finite and > 0", empirical_d_tol);
  require(n_fixed_point_starts >= 1 && n_fixed_point_starts <= 100000, w, "n_fixed_point_starts",
          "must be in [1, 100000]", n_fixed_point_starts);
  require(fixed_point_max_iter >= 1 && fixed_point_max_iter <= 100000, w, "fixed_point_max_iter",
          "must be in [1, 100000]", fixed_point_max_iter);
  require(fixed_point_q_tol > 0.0 && std::isfinite(fixed_point_q_tol), w, "fixed_point_q_tol",
          "must be finite and > 0", fixed_point_q_tol);
  require(slow_point_q_max >= fixed_point_q_tol && std::isfinite(slow_point_q_max), w,
          "slow_point_q_max", "must be finite and >= fixed_point_q_tol", slow_point_q_max);
  require(fixed_point_dedup > 0.0 && std::isfinite(fixed_point_dedup), w, "fixed_point_dedup",
          "must be finite and > 0", fixed_point_dedup);
  require(line_attractor_lambda > 0.0 && line_attractor_lambda < 1.0, w, "line_attractor_lambda",
          "must be in (0, 1)", line_attractor_lambda);
  require(slow_speed_fraction > 0.0 && slow_speed_fraction < 1.0, w, "slow_speed_fraction",
          "must be in (0, 1)", slow_speed_fraction);
  require(slow_max_steps >= 1 && slow_max_steps <= 1000000, w, "slow_max_steps",
          "must be in [1, 1000000]", slow_max_steps);
  require(n_trajectory_blocks >= 1 && n_trajectory_blocks <= 100000, w, "n_trajectory_blocks",
          "must be in [1, 100000]", n_trajectory_blocks);
}


}  // namespace iblrnn::analysis
