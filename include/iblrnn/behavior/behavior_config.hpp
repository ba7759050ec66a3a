// BehaviorConfig: the parameters of the behavioural analyses (SPEC §4; docs/behavior.md).
// How timeouts / no-go trials enter accuracy, the psychometric fit's restarts and seed, the
// longest trial-in-block shown, and the reaction-time bins used for mice.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "iblrnn/core/fields.hpp"

namespace iblrnn {

/// Parameters of every behavioural curve. All fields are validated by validate().
struct BehaviorConfig {
  std::string timeouts = "auto";     // auto | wrong | exclude: how timeouts enter accuracy
  int fit_restarts = 10;             // psychometric fit: Nelder–Mead starts (first is fixed)
  std::int64_t fit_seed = 1;         // psychometric fit: seed of the random starts
  std::string fit = "iblrnn";        // iblrnn | ibl: psychometric fit ranges and no-go rule
  int fit_max_iterations = 4000;     // psychometric fit: iterations per start
  int trial_in_block_max = 100;      // accuracy by trial within block: last index shown
  int rt_bins = 10;                  // accuracy by reaction time in seconds: quantile bins
  bool include_endtrain = false;     // mouse folders: also read <mouse>_endtrain.csv

  /// The field table (names, help, members) used for TOML, --set and help.
  std::vector<FieldRef> fields();

  /// Throws InvalidInput("BehaviorConfig: field constraint, got value") on the first bad field.
  void validate() const;
};

}  // namespace iblrnn
