#include "iblrnn/analysis/block_belief.hpp"

#include <cmath>
#include <map>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::analysis {

BlockBelief compare_block_belief(const Eigen::Ref<const Eigen::VectorXd>& q_block,
                                 const Eigen::Ref<const Eigen::VectorXd>& bayes_signed,
                                 const std::vector<std::int32_t>& trial_in_block,
                                 const std::vector<std::int8_t>& block_side,
                                 const Eigen::Ref<const Eigen::VectorXd>& trial_evidence) {
  const std::string w = "compare_block_belief";
  const auto n = q_block.size();
  require(n >= 3, w, "n_trials", "must be >= 3", n);
  require(bayes_signed.size() == n, w, "bayes_signed size", "must equal n_trials",
          bayes_signed.size());
  require(static_cast<Eigen::Index>(trial_in_block.size()) == n, w, "trial_in_block size",
          "must equal n_trials", trial_in_block.size());
  require(static_cast<Eigen::Index>(block_side.size()) == n, w, "block_side size",
          "must equal n_trials", block_side.size());
  require(trial_evidence.size() == n, w, "trial_evidence size", "must equal n_trials",
          trial_evidence.size());
  BlockBelief out;
  out.scale = fit_through_origin(bayes_signed, q_block);
  const Eigen::VectorXd residual = q_block - out.scale.scale * bayes_signed;
  const double ev_range = trial_evidence.maxCoeff() - trial_evidence.minCoeff();
  if (ev_range > 0) out.residual_vs_evidence = fit_linear(trial_evidence, residual);
  struct Acc {
    long n = 0;
    double s = 0, s2 = 0, b = 0;
  };
  std::map<std::pair<int, int>, Acc> acc;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (block_side[i] == 0) continue;
    auto& a = acc[{block_side[i], trial_in_block[i]}];
    ++a.n;
    a.s += q_block(i);
    a.s2 += q_block(i) * q_block(i);
    a.b += out.scale.scale * bayes_signed(i);
  }
  for (const auto& [key, a] : acc) {
    BlockBeliefRow r;
    r.block_side = key.first;
    r.trial_in_block = key.second;
    r.n = a.n;
    r.q_block_mean = a.s / double(a.n);
    r.bayes_mean = a.b / double(a.n);
    if (a.n >= 2) {
      const double var = std::max(0.0, (a.s2 - a.n * r.q_block_mean * r.q_block_mean) / double(a.n - 1));
      r.q_block_sem = std::sqrt(var / double(a.n));
    }
    out.by_trial.push_back(r);
  }
  return out;
}

}  // namespace iblrnn::analysis
