#include "iblrnn/task/simple_agents.hpp"

using namespace iblrnn::core;

namespace iblrnn::task {

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

void RandomAgent::begin(int) {}

void RandomAgent::step(const Eigen::Ref<const Eigen::MatrixXd>&, const StepContext& ctx,
                       Eigen::Ref<Eigen::MatrixXd> p) {
  for (Eigen::Index b = 0; b < p.cols(); ++b) {
    if (!ctx.active[b]) continue;
    // Counter-based: the draw of (session, trial, step) whatever else is played alongside.
    const std::uint64_t session = ctx.session ? ctx.session[b] : static_cast<std::uint64_t>(b);
    p(1, b) = bits_to_unit(hash_key(seed_, static_cast<std::uint64_t>(Stream::agent), session,
                                    (static_cast<std::uint64_t>(ctx.trial[b]) << 8) |
                                        static_cast<unsigned>(ctx.k[b])));
    p(0, b) = 1.0 - p(1, b);
  }
}

}  // namespace iblrnn::task
