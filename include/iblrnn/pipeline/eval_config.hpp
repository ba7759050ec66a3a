// EvalConfig: the evaluation session ([eval] section; docs/train.md, "Evaluation"): one
// session of eval_blocks blocks whose plan is drawn from eval_session_seed(eval_seed), disjoint from
// every training session. `iblrnn eval` (--blocks, --seed), the Bayesian agents and the
// evaluations of `reproduce`, the evaluation `analyze` and `distill` make when RUN/eval is
// missing, and each sweep point play it; distill's common session (eq. D17) is the session
// RUN/eval was made with.
#pragma once

#include <cstdint>
#include <vector>

#include "iblrnn/core/fields.hpp"

namespace iblrnn::pipeline {

/// The evaluation session's length and seed ([eval] section). validate() checks them.
struct EvalConfig {
  int eval_blocks = 1000;      // blocks of the evaluation session
  std::int64_t eval_seed = 1;  // evaluation seed (the session plan from eval_session_seed(eval_seed))

  /// The field table (names, help, members) used for TOML, --set and help.
  std::vector<core::FieldRef> fields();

  /// Throws InvalidInput("EvalConfig: field constraint, got value") on the first bad field.
  void validate() const;
};

}  // namespace iblrnn::pipeline
