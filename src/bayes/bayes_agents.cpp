#include "iblrnn/bayes/bayes_agents.hpp"

#include <algorithm>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;
using namespace iblrnn::task;

namespace iblrnn::bayes {

BayesAgentKind parse_bayes_agent_kind(const std::string& name) {
  if (name == "actor") return BayesAgentKind::actor;
  if (name == "actor_commit") return BayesAgentKind::actor_commit;
  if (name == "reward_optimal") return BayesAgentKind::reward_optimal;
  throw InvalidInput("bayes: agent must be actor, actor_commit or reward_optimal, got \"" + name +
                     "\"");
}

BayesAgent::BayesAgent(const TaskConfig& task, const BayesConfig& bayes, BayesAgentKind kind,
                       std::shared_ptr<const RewardPolicy> policy)
    : task_(task),
      bayes_(bayes),
      kind_(kind),
      model_(task, bayes),
      filter_template_(task, bayes),
      policy_(std::move(policy)),
      compat_(bayes.compat == Compat::paper2020) {
  if (kind_ == BayesAgentKind::reward_optimal && !policy_)
    policy_ = std::make_shared<const RewardPolicy>(task, bayes);
}

void BayesAgent::begin(int n_sessions) {
  require(n_sessions >= 1, "BayesAgent", "n_sessions", "must be >= 1", n_sessions);
  lanes_.assign(n_sessions, Lane{filter_template_, {}, 0.5, 0.5, 0, false, {}, {}, {}, {}});
}

void BayesAgent::finish_trial(Lane& lane, double feedback) const {
  // The feedback of the previous trial's last step: the side is known after an action.
  std::int8_t learned = 0;
  if (lane.chosen != 0) {
    const double mid = 0.5 * (task_.reward_correct + task_.reward_wrong);
    learned = static_cast<std::int8_t>(feedback > mid ? lane.chosen : -lane.chosen);
    lane.filter.update_side(learned);
  } else if (compat_) {
    // eq. B12c: the 2020 code took a timeout's −1 as "the side it leaned to was wrong".
    lane.filter.update_side(lane.post_right >= 0.5 ? -1 : 1);
  } else {
    double ll_left, ll_right;
    model_.log_likelihoods(lane.evidence, ll_left, ll_right);
    lane.filter.update_evidence(ll_left, ll_right);  // eq. B5
  }
  if (record_learned_) lane.learned.push_back(learned);
  if (record_beliefs_) {
    const BlockBelief beta = lane.filter.posterior();
    lane.block_posterior.push_back(beta.left);
    lane.block_posterior.push_back(beta.right);
  }
  lane.filter.advance();
}

void BayesAgent::step(const Eigen::Ref<const Eigen::MatrixXd>& x, const StepContext& ctx,
                      Eigen::Ref<Eigen::MatrixXd> p) {
  const int n_sessions = static_cast<int>(lanes_.size());
  const double thr = task_.act_threshold;
  const int last_obs = task_.n_obs_max;
  for (int b = 0; b < n_sessions; ++b) {
    if (!ctx.active[b]) continue;
    Lane& lane = lanes_[b];
    const int k = ctx.k[b];
    if (k == 0) {
      if (lane.started) finish_trial(lane, x(2, b));
      lane.started = true;
      lane.evidence = TrialEvidence{};
      lane.chosen = 0;
      lane.prior_right =
          compat_ ? lane.filter.block_prior_right_as_stim() : lane.filter.stim_prior_right();
      lane.post_right = lane.prior_right;
      if (record_beliefs_) {
        const BlockBelief pi = lane.filter.prior();
        lane.block_prior.push_back(pi.left);
        lane.block_prior.push_back(pi.right);
        lane.stim_prior.push_back(lane.prior_right);
      }
    }
    if (k < ctx.n_blank_steps) {
      p(0, b) = 1.0 - lane.prior_right;
      p(1, b) = lane.prior_right;
      continue;
    }
    model_.add(lane.evidence, x(0, b), x(1, b));
    const double post = model_.posterior_right(lane.prior_right, lane.evidence);
    lane.post_right = post;
    double p_left = 1.0 - post, p_right = post;
    bool commit = false;
    if (kind_ == BayesAgentKind::actor_commit) {
      commit = lane.evidence.n_obs >= last_obs && !(p_left > thr) && !(p_right > thr);
    } else if (kind_ == BayesAgentKind::reward_optimal) {
      commit = policy_->should_act(lane.prior_right, lane.evidence);
      if (!commit) {  // keep the engine from acting: clip into [1 − thr, thr]
        p_right = std::clamp(post, 1.0 - thr, thr);
        p_left = 1.0 - p_right;
        if (p_left > thr) {  // rounding of 1 − (1 − thr)
          p_left = thr;
          p_right = 1.0 - thr;
        }
      }
    }
    if (commit) {
      p_right = post >= 0.5 ? 1.0 : 0.0;
      p_left = 1.0 - p_right;
    }
    p(0, b) = p_left;
    p(1, b) = p_right;
    // The engine's rule (eq. T7) on these same numbers: left is tested first.
    lane.chosen = p_left > thr ? -1 : (p_right > thr ? 1 : 0);
  }
}

BayesAgent::Beliefs BayesAgent::beliefs(const RunRecord& run) {
  require(record_beliefs_, "BayesAgent", "beliefs", "must be recorded (record_beliefs(true))",
          "not recorded");
  const TrialTable& t = run.trials;
  require(t.has_agent && static_cast<int>(lanes_.size()) == run.n_sessions, "BayesAgent",
          "run", "must be the run the agent just played", run.n_sessions);
  Beliefs out;
  out.block_prior.reserve(2 * t.size());
  out.block_posterior.reserve(2 * t.size());
  out.stim_prior_right.reserve(t.size());
  std::size_t row = 0;
  for (Lane& lane : lanes_) {
    const std::size_t n = lane.stim_prior.size();
    require(n > 0 && row + n <= t.size() && lane.block_posterior.size() == 2 * (n - 1),
            "BayesAgent", "run", "must be the run the agent just played", n);
    // The last trial's update, from its outcome (the feedback the next step would carry).
    const std::size_t last = row + n - 1;
    const double feedback = t.choice[last] == 0
                                ? task_.reward_timeout
                                : (t.correct[last] ? task_.reward_correct : task_.reward_wrong);
    finish_trial(lane, feedback);
    out.block_prior.insert(out.block_prior.end(), lane.block_prior.begin(), lane.block_prior.end());
    out.block_posterior.insert(out.block_posterior.end(), lane.block_posterior.begin(),
                               lane.block_posterior.end());
    out.stim_prior_right.insert(out.stim_prior_right.end(), lane.stim_prior.begin(),
                                lane.stim_prior.end());
    row += n;
  }
  require(row == t.size(), "BayesAgent", "run", "must be the run the agent just played", row);
  return out;
}

}  // namespace iblrnn::bayes
