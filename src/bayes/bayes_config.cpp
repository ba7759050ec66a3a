#include "iblrnn/bayes/bayes_config.hpp"

#include <cmath>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::bayes {

std::vector<FieldRef> BayesConfig::fields() {
  return {
      choice_field("filter",
                   "block filter: markov (switch_prob) | semi_markov (true block-length law)",
                   &filter),
      {"switch_prob", "per-trial block switch probability of the markov filter", &switch_prob},
      choice_field("evidence",
                   "stimulus evidence: both (both channels, exact) | d_only (o^R - o^L)",
                   &evidence),
      choice_field("compat", "exact | paper2020 (reproduce the 2020 code's approximations)", &compat),
      {"dp_n_grid", "reward_optimal: grid points per evidence sum", &dp_n_grid},
      {"dp_n_prior", "reward_optimal: grid points over the stimulus prior", &dp_n_prior},
      {"dp_width", "reward_optimal: grid half-width in noise sd x sqrt(steps)", &dp_width},
  };
}

void BayesConfig::validate() const {
  const std::string w = "BayesConfig";
  require(switch_prob > 0.0 && switch_prob < 1.0, w, "switch_prob", "must be in (0, 1)",
          switch_prob);
  require(dp_n_grid >= 5 && dp_n_grid <= 1001, w, "dp_n_grid", "must be in [5, 1001]", dp_n_grid);
  require(dp_n_prior >= 2 && dp_n_prior <= 1001, w, "dp_n_prior", "must be in [2, 1001]",
          dp_n_prior);
  require(dp_width >= 1.0 && dp_width <= 20.0, w, "dp_width", "must be in [1, 20]", dp_width);
}


}  // namespace iblrnn::bayes
