// BehaviorConfig: the parameters of the behavioural analyses (SPEC §4; docs/behavior.md).
// How timeouts / no-go trials enter accuracy, the psychometric fit's restarts and seed, the
// longest trial-in-block shown, and the reaction-time bins used for mice.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "iblrnn/core/fields.hpp"

namespace iblrnn::behavior {

/// How timeouts enter accuracy: wrong, excluded, or auto (wrong for agents that time out by design).
enum class TimeoutRule { automatic, wrong, exclude };
constexpr std::array<std::string_view, 3> choice_names(TimeoutRule) {
  return {"auto", "wrong", "exclude"};
}

/// Psychometric fit ranges and no-go rule: iblrnn's, or ibllib's (docs/behavior.md).
enum class FitRanges { iblrnn, ibl };
constexpr std::array<std::string_view, 2> choice_names(FitRanges) {
  return {"iblrnn", "ibl"};
}

/// Parameters of every behavioural curve. All fields are validated by validate().
struct BehaviorConfig {
  TimeoutRule timeouts = TimeoutRule::automatic;  // how timeouts enter accuracy
  int fit_restarts = 10;             // psychometric fit: Nelder–Mead starts (first is fixed)
  std::int64_t fit_seed = 1;         // psychometric fit: seed of the random starts
  FitRanges fit = FitRanges::iblrnn;               // psychometric fit ranges and no-go rule
  int fit_max_iterations = 4000;     // psychometric fit: iterations per start
  int trial_in_block_max = 100;      // accuracy by trial within block: last index shown
  int rt_bins = 10;                  // accuracy by reaction time in seconds: quantile bins
  bool include_endtrain = false;     // mouse folders: also read <mouse>_endtrain.csv

  /// The field table (names, help, members) used for TOML, --set and help.
  std::vector<core::FieldRef> fields();

  /// Throws InvalidInput("BehaviorConfig: field constraint, got value") on the first bad field.
  void validate() const;
};

}  // namespace iblrnn::behavior
