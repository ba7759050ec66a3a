#include "iblrnn/task/simple_agents.hpp"

namespace iblrnn {

void OracleAgent::begin(int) {}

void OracleAgent::step(const Eigen::Ref<const Eigen::MatrixXd>&, const StepContext& ctx,
                       Eigen::Ref<Eigen::MatrixXd> p) {
  for (Eigen::Index b = 0; b < p.cols(); ++b) {
    if (!ctx.active[b]) continue;
    const bool right = plans_[b].stim_side[ctx.trial[b]] > 0;
    const bool observing = ctx.k[b] >= ctx.n_blank_steps;
    p(1, b) = observing ? (right ? 1.0 : 0.0) : 0.5;
    p(0, b) = 1.0 - p(1, b);
  }
}

void RandomAgent::begin(int) { rng_ = Rng(seed_, Stream::agent); }

void RandomAgent::step(const Eigen::Ref<const Eigen::MatrixXd>&, const StepContext& ctx,
                       Eigen::Ref<Eigen::MatrixXd> p) {
  for (Eigen::Index b = 0; b < p.cols(); ++b) {
    if (!ctx.active[b]) continue;
    p(1, b) = rng_.uniform();
    p(0, b) = 1.0 - p(1, b);
  }
}

}  // namespace iblrnn
