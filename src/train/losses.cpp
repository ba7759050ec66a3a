#include "iblrnn/train/losses.hpp"

#include <algorithm>
#include <cmath>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;
using namespace iblrnn::task;

namespace iblrnn::train {

double step_loss(LossKind kind, double p_left, double p_right, int target_side, double weight,
                 double* d_logit) {
  const bool right = target_side > 0;
  const double p_y = right ? p_right : p_left;
  if (kind == LossKind::xent) {
    d_logit[0] = weight * (p_left - (right ? 0.0 : 1.0));
    d_logit[1] = weight * (p_right - (right ? 1.0 : 0.0));
    return -weight * std::log(std::max(p_y, 1e-300));
  }
  d_logit[0] = weight * p_y * (p_left - (right ? 0.0 : 1.0));
  d_logit[1] = weight * p_y * (p_right - (right ? 1.0 : 0.0));
  return -weight * p_y;
}

double soft_xent_step(double p_left, double p_right, double q_left, double q_right, double weight,
                      double* d_logit) {
  d_logit[0] = weight * (p_left - q_left);
  d_logit[1] = weight * (p_right - q_right);
  return -weight * (q_left * std::log(std::max(p_left, 1e-300)) +
                    q_right * std::log(std::max(p_right, 1e-300)));
}

double session_loss(LossKind kind, const RunRecord& run, std::int64_t first_step, int n_steps,
                    double weight, double* d_logits) {
  const StepTable& st = run.steps;
  require(first_step >= 0 && first_step + n_steps <= static_cast<std::int64_t>(st.size()),
          "session_loss", "steps", "must lie inside the run's step table", first_step + n_steps);
  if (n_steps == 0) return 0.0;
  const int n_blank = run.config.n_blank_steps;
  const double w = weight / n_steps;
  double L = 0;
  for (int t = 0; t < n_steps; ++t) {
    const std::int64_t i = first_step + t;
    double* d = d_logits + 2 * t;
    if (st.k[i] < n_blank) {
      d[0] = d[1] = 0.0;
      continue;
    }
    const int y = run.trials.stim_side[st.trial[i]];
    L += step_loss(kind, st.p[2 * i], st.p[2 * i + 1], y, w, d);
  }
  return L;
}

}  // namespace iblrnn::train
