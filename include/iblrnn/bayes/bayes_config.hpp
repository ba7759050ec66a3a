// BayesConfig: the options of the Bayesian baselines (SPEC §3; docs/bayes.md eq. B1–B12):
// which block filter (Markov with a switch probability, or the exact semi-Markov filter over
// (side, run length)), which evidence (both channels or their difference), exact inference or
// the 2020 code's approximations, and the grid of the reward-optimal stopping policy.
#pragma once

#include <string>
#include <vector>

#include "iblrnn/core/fields.hpp"

namespace iblrnn::bayes {

/// The block filter's model: Markov switches (eq. B1–B3) or the exact semi-Markov law (eq. B4–B5).
enum class FilterModel { markov, semi_markov };
constexpr std::array<std::string_view, 2> choice_names(FilterModel) {
  return {"markov", "semi_markov"};
}

/// The stimulus likelihood: both channels (eq. B6) or their difference only (eq. B7).
enum class Evidence { both, d_only };
constexpr std::array<std::string_view, 2> choice_names(Evidence) {
  return {"both", "d_only"};
}

/// Exact inference, or the 2020 code's approximations (eq. B12).
enum class Compat { exact, paper2020 };
constexpr std::array<std::string_view, 2> choice_names(Compat) {
  return {"exact", "paper2020"};
}

/// Options of the Bayesian actor and observer ([bayes] section). validate() checks them.
struct BayesConfig {
  FilterModel filter = FilterModel::markov;  // block filter, eq. B1–B5
  double switch_prob = 0.02;      // per-trial block switch probability of the Markov filter
  Evidence evidence = Evidence::both;        // stimulus likelihood, eq. B6–B7
  Compat compat = Compat::exact;             // the 2020 code's approximations or not, eq. B12
  int dp_n_grid = 81;             // reward_optimal: grid points per evidence sum (eq. B10)
  int dp_n_prior = 21;            // reward_optimal: grid points over the stimulus prior
  double dp_width = 5.0;          // reward_optimal: grid half-width in noise sd × sqrt(steps)

  /// The field table (names, help, members) used for TOML, --set and help.
  std::vector<core::FieldRef> fields();

  /// Throws InvalidInput("BayesConfig: field constraint, got value") on the first bad field.
  void validate() const;
};

}  // namespace iblrnn::bayes
