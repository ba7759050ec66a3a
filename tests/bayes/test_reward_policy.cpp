#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "iblrnn/bayes/bayes_agents.hpp"
#include "iblrnn/bayes/reward_policy.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"
#include "iblrnn/task/engine.hpp"

using namespace iblrnn::bayes;
using namespace iblrnn::core;
using namespace iblrnn::task;

namespace iblrnn {
namespace {

TaskConfig coarse_task() {
  TaskConfig task;
  task.n_obs_max = 3;
  task.signals = {0.0, 1.0, 2.0};
  return task;
}

BayesConfig coarse_bayes() {
  BayesConfig bayes;
  bayes.dp_n_grid = 61;
  bayes.dp_n_prior = 7;
  return bayes;
}

struct Sample {
  double q[3];      // MAP posterior after t + 1 observations
  bool correct[3];  // MAP side correct
  bool dp_act[3];   // reward policy acts
};

// The optimal stopping policy must do at least as well as every per-step threshold policy
// (act at step t when the MAP posterior ≥ θ_t; commit on the last step), whose best member is
// found by brute-force search on the same Monte-Carlo trials.
TEST(RewardPolicy, BeatsBestPerStepThresholdPolicyFoundByMonteCarloSearch) {
  const TaskConfig task = coarse_task();
  const BayesConfig bayes = coarse_bayes();
  const RewardPolicy policy(task, bayes);
  const StimulusModel model(task, bayes);
  const std::vector<double> thresholds = {0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9,
                                          0.93, 0.95, 0.97, 0.99, 1.01};
  for (double rho : {0.5, 0.8}) {
    const int n = 100000;
    std::vector<Sample> samples(n);
    Rng rng(77, Stream::fit, static_cast<std::uint64_t>(rho * 100));
    for (auto& smp : samples) {
      const int side = rng.uniform() < rho ? 1 : -1;
      const double m = task.signals[rng.below(task.signals.size())];
      TrialEvidence e;
      for (int t = 0; t < 3; ++t) {
        const double ol = rng.normal() + (side < 0 ? m : 0.0);
        const double orr = rng.normal() + (side > 0 ? m : 0.0);
        model.add(e, ol, orr);
        const double p = model.posterior_right(rho, e);
        smp.q[t] = std::max(p, 1 - p);
        smp.correct[t] = (p >= 0.5 ? 1 : -1) == side;
        smp.dp_act[t] = policy.should_act(rho, e);
      }
      EXPECT_TRUE(smp.dp_act[2]);  // acting always beats a timeout on the last step
    }
    auto reward = [&](const Sample& s, int t) {
      return (s.correct[t] ? task.reward_correct : task.reward_wrong) + t * task.reward_wait;
    };
    std::vector<double> dp(n);
    double dp_mean = 0;
    for (int i = 0; i < n; ++i) {
      int t = 0;
      while (!samples[i].dp_act[t]) ++t;
      dp[i] = reward(samples[i], t);
      dp_mean += dp[i] / n;
    }
    double best = -1e9, best_se = 0;
    for (double th1 : thresholds) {
      for (double th2 : thresholds) {
        double mean = 0, sq = 0;
        for (int i = 0; i < n; ++i) {
          const auto& s = samples[i];
          const int t = s.q[0] >= th1 ? 0 : (s.q[1] >= th2 ? 1 : 2);
          const double diff = dp[i] - reward(s, t);
          mean += reward(s, t) / n;
          sq += diff * diff;
        }
        if (mean > best) {
          best = mean;
          const double mean_diff = dp_mean - mean;
          best_se = std::sqrt(std::max(sq / n - mean_diff * mean_diff, 0.0) / n);
        }
      }
    }
    std::printf("prior %.2f: dp %.5f best threshold %.5f (se %.5f) start_value %.5f\n", rho, dp_mean, best, best_se, policy.start_value(rho));
    EXPECT_GE(dp_mean, best - 3.0 * best_se - 1e-12) << "prior " << rho;
    // The dynamic programme's own value predicts the Monte-Carlo mean of its policy.
    double var = 0;
    for (double v : dp) var += (v - dp_mean) * (v - dp_mean) / n;
    EXPECT_NEAR(policy.start_value(rho), dp_mean, 4.0 * std::sqrt(var / n) + 0.003)
        << "prior " << rho;
  }
}

TEST(RewardPolicy, ContinueValueIsTimeoutOnLastStepAndActsWhenCertain) {
  const TaskConfig task = coarse_task();
  const RewardPolicy policy(task, coarse_bayes());
  TrialEvidence e;
  e.n_obs = 3;
  EXPECT_EQ(policy.continue_value(0.5, e), task.reward_timeout);
  TrialEvidence strong;
  strong.n_obs = 1;
  strong.sum_right = 6.0;
  EXPECT_TRUE(policy.should_act(0.5, strong));
  TrialEvidence weak;
  weak.n_obs = 1;
  EXPECT_FALSE(policy.should_act(0.5, weak));
}

TEST(RewardPolicy, RejectsDOnlyEvidence) {
  BayesConfig bayes = coarse_bayes();
  bayes.evidence = Evidence::d_only;
  try {
    RewardPolicy policy(coarse_task(), bayes);
    FAIL() << "no throw";
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "RewardPolicy: evidence must be both for reward_optimal, got \"d_only\"");
  }
}

TEST(RewardOptimalAgent, EarnsMoreThanThresholdActorInClosedLoop) {
  TaskConfig task;
  task.n_blocks = 40;
  BayesConfig bayes;
  bayes.dp_n_grid = 61;
  bayes.dp_n_prior = 11;
  const auto plans = make_sessions(task, 31, 2);
  BayesAgent optimal(task, bayes, BayesAgentKind::reward_optimal);
  BayesAgent actor(task, bayes, BayesAgentKind::actor);
  PlayOptions opts;
  opts.record_steps = false;
  const auto m_opt = compute_metrics(play(task, plans, optimal, opts).trials, task);
  const auto m_act = compute_metrics(play(task, plans, actor, opts).trials, task);
  EXPECT_GT(m_opt.mean_outcome, m_act.mean_outcome);
  EXPECT_EQ(m_opt.timeout_rate, 0.0);
}

}  // namespace
}  // namespace iblrnn
