#include "iblrnn/pipeline/eval_config.hpp"

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::pipeline {

std::vector<FieldRef> EvalConfig::fields() {
  return {
      {"eval_blocks", "blocks of the evaluation session", &eval_blocks},
      {"eval_seed", "evaluation seed (its session is disjoint from every training session)",
       &eval_seed},
  };
}

void EvalConfig::validate() const {
  const std::string w = "EvalConfig";
  require(eval_blocks >= 1 && eval_blocks <= 1000000, w, "eval_blocks", "must be in [1, 1000000]",
          eval_blocks);
  require(eval_seed >= 0, w, "eval_seed", "must be >= 0", eval_seed);
}

}  // namespace iblrnn::pipeline
