#include "iblrnn/behavior/behavior_config.hpp"

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::behavior {

std::vector<FieldRef> BehaviorConfig::fields() {
  return {
      choice_field("timeouts",
       "timeouts in accuracy: auto (wrong for agents, excluded for mice) | wrong | exclude",
       &timeouts),
      choice_field("fit",
       "psychometric fit: iblrnn (x = signal, lapses <= 0.5, no-go left out) | ibl (x = % "
       "contrast, ibllib's ranges, no-go counted as not right)",
       &fit),
      {"fit_restarts", "psychometric fit: number of Nelder-Mead starts", &fit_restarts},
      {"fit_seed", "psychometric fit: seed of the random starts", &fit_seed},
      {"fit_max_iterations", "psychometric fit: iterations per start", &fit_max_iterations},
      {"trial_in_block_max", "accuracy by trial within block: last trial index shown",
       &trial_in_block_max},
      {"rt_bins", "accuracy by reaction time (seconds): number of quantile bins", &rt_bins},
      {"include_endtrain", "mouse folders: also read <mouse>_endtrain.csv files",
       &include_endtrain},
  };
}

void BehaviorConfig::validate() const {
  const std::string w = "BehaviorConfig";
  require(fit_restarts >= 1 && fit_restarts <= 1000, w, "fit_restarts", "must be in [1, 1000]",
          fit_restarts);
  require(fit_seed >= 0, w, "fit_seed", "must be >= 0", fit_seed);
  require(fit_max_iterations >= 10 && fit_max_iterations <= 1000000, w, "fit_max_iterations",
          "must be in [10, 1000000]", fit_max_iterations);
  require(trial_in_block_max >= 0 && trial_in_block_max <= 100000, w, "trial_in_block_max",
          "must be in [0, 100000]", trial_in_block_max);
  require(rt_bins >= 1 && rt_bins <= 1000, w, "rt_bins", "must be in [1, 1000]", rt_bins);
}

}  // namespace iblrnn::behavior
