#include "iblrnn/distill/action_reach.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::distill {

ActionReach action_reach(const Eigen::Ref<const Eigen::MatrixXd>& W_out,
                         const Eigen::Ref<const Eigen::VectorXd>& b_out, double threshold,
                         const Eigen::Ref<const Eigen::MatrixXd>& probs) {
  const char* w = "action_reach";
  require(W_out.rows() == 2 && W_out.cols() >= 1, w, "W_out", "must be 2 x H",
          std::to_string(W_out.rows()) + "x" + std::to_string(W_out.cols()));
  require(b_out.size() == 2, w, "b_out", "must have 2 entries", b_out.size());
  require(threshold > 0.5 && threshold < 1.0, w, "threshold", "must be in (0.5, 1)", threshold);
  require(probs.rows() == 2 || probs.cols() == 0, w, "probs", "must be 2 x T", probs.rows());
  ActionReach r;
  r.threshold = threshold;
  const double delta = (W_out.row(1) - W_out.row(0)).cwiseAbs().sum() + std::abs(b_out(1) - b_out(0));
  r.max_p_bound = 1.0 / (1.0 + std::exp(-delta));
  r.max_p_observed = probs.cols() > 0 ? probs.maxCoeff() : std::numeric_limits<double>::quiet_NaN();
  r.cannot_act = r.max_p_bound <= threshold;
  r.never_acts = r.cannot_act || (probs.cols() > 0 && r.max_p_observed <= threshold);
  return r;
}

}  // namespace iblrnn::distill
