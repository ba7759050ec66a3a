// Closed-loop engine (SPEC §1.1 timeline): inputs, the act rule, outcomes, feedback,
// timeouts, bookkeeping, lock-step batches and common random numbers.
#include <gtest/gtest.h>

#include <cmath>

#include "iblrnn/core/error.hpp"
#include "iblrnn/task/engine.hpp"
#include "iblrnn/task/simple_agents.hpp"

using namespace iblrnn::core;
using namespace iblrnn::task;


namespace {

// Acts right with P = `p` on observation step `act_at` (0-based) of every trial, else 0.5.
class ScriptedAgent : public Agent {
 public:
  ScriptedAgent(int act_at, double p) : act_at_(act_at), p_(p) {}
  void begin(int) override {}
  void step(const Eigen::Ref<const Eigen::MatrixXd>& x, const StepContext& ctx,
            Eigen::Ref<Eigen::MatrixXd> p) override {
    seen.push_back(x.col(0));
    for (Eigen::Index b = 0; b < p.cols(); ++b) {
      const int j = ctx.k[b] - ctx.n_blank_steps;
      p(1, b) = j == act_at_ ? p_ : 0.5;
      p(0, b) = 1 - p(1, b);
    }
  }
  std::vector<Eigen::Vector3d> seen;

 private:
  int act_at_;
  double p_;
};

TaskConfig small_config() {
  TaskConfig c;
  c.n_blocks = 2;
  return c;
}

}  // namespace

TEST(Engine, FeedbackTimelineFollowsTheSpecStepByStep) {
  TaskConfig c = small_config();
  auto plans = make_sessions(c, 4, 1);
  ScriptedAgent agent(/*act_at=*/2, /*p=*/0.95);  // acts right on the 3rd observation
  const RunRecord run = play(c, plans, agent);
  const auto& st = run.steps;
  const auto& t = run.trials;
  ASSERT_EQ(t.size(), static_cast<std::size_t>(plans[0].n_trials()));
  for (std::size_t i = 0; i < t.size(); ++i) {
    EXPECT_EQ(t.n_steps[i], 5);  // 2 blank + 3 observation steps
    EXPECT_EQ(t.n_obs[i], 3);
    EXPECT_EQ(t.choice[i], 1);
    EXPECT_EQ(t.correct[i], t.stim_side[i] == 1);
    const std::int64_t f = t.first_step[i];
    EXPECT_EQ(f, static_cast<std::int64_t>(5 * i));
    // k = 0: blank, r = previous trial's outcome (0 on the session's first step).
    const double prev = i == 0 ? 0.0 : (t.correct[i - 1] ? 1.0 : -1.0);
    EXPECT_EQ(st.x[3 * f + 0], 0.0);
    EXPECT_EQ(st.x[3 * f + 1], 0.0);
    EXPECT_EQ(st.x[3 * f + 2], prev);
    EXPECT_EQ(st.x[3 * (f + 1) + 2], 0.0);  // k = 1: blank, r = 0
    EXPECT_EQ(st.x[3 * (f + 2) + 2], 0.0);  // k = 2: first observation, r = 0
    EXPECT_EQ(st.x[3 * (f + 3) + 2], -0.05);  // k = 3: "still waiting"
    EXPECT_EQ(st.x[3 * (f + 4) + 2], -0.05);
    double l, r;
    plans[0].observation(static_cast<int>(i), 0, l, r);
    EXPECT_EQ(st.x[3 * (f + 2) + 0], l);
    EXPECT_EQ(st.x[3 * (f + 2) + 1], r);
    EXPECT_EQ(st.outcome[f], 0.0);
    EXPECT_EQ(st.outcome[f + 2], -0.05);
    EXPECT_EQ(st.outcome[f + 4], t.correct[i] ? 1.0 : -1.0);
    for (int k = 0; k < 5; ++k) {
      EXPECT_EQ(st.k[f + k], k);
      EXPECT_EQ(st.trial[f + k], static_cast<std::int32_t>(i));
    }
  }
}

TEST(Engine, ActsOnlyWhenProbabilityIsStrictlyAboveThreshold) {
  TaskConfig c = small_config();
  auto plans = make_sessions(c, 4, 1);
  ScriptedAgent agent(0, 0.9);  // exactly 0.9 is not > 0.9: every trial times out
  const RunRecord run = play(c, plans, agent);
  for (std::size_t i = 0; i < run.trials.size(); ++i) {
    EXPECT_EQ(run.trials.choice[i], 0);
    EXPECT_EQ(run.trials.correct[i], 0);
    EXPECT_EQ(run.trials.n_obs[i], 10);
    EXPECT_EQ(run.trials.n_steps[i], 12);
  }
  const auto& st = run.steps;
  EXPECT_EQ(st.outcome[11], -1.0);         // timeout outcome on the 10th observation
  EXPECT_EQ(st.x[3 * 12 + 2], -1.0);       // fed back at the next trial's first step
  const RunMetrics m = compute_metrics(run.trials, c);
  EXPECT_EQ(m.timeout_rate, 1.0);
  EXPECT_EQ(m.accuracy, 0.0);
  EXPECT_NEAR(m.mean_outcome, -1.0 + 9 * -0.05, 1e-12);
}

TEST(Engine, BlankStepsNeverAct) {
  TaskConfig c = small_config();
  auto plans = make_sessions(c, 4, 1);
  class Eager : public Agent {
    void begin(int) override {}
    void step(const Eigen::Ref<const Eigen::MatrixXd>&, const StepContext&,
              Eigen::Ref<Eigen::MatrixXd> p) override {
      p.row(0).setConstant(0.0);
      p.row(1).setConstant(1.0);
    }
  } agent;
  const RunRecord run = play(c, plans, agent);
  for (std::size_t i = 0; i < run.trials.size(); ++i) {
    EXPECT_EQ(run.trials.n_obs[i], 1);
    EXPECT_EQ(run.trials.n_steps[i], 3);
  }
}

TEST(Engine, OracleIsAlwaysCorrectOnItsFirstObservation) {
  TaskConfig c = small_config();
  auto plans = make_sessions(c, 9, 3);
  OracleAgent agent(plans);
  const RunRecord run = play(c, plans, agent);
  const RunMetrics m = compute_metrics(run.trials, c);
  EXPECT_EQ(m.accuracy, 1.0);
  EXPECT_EQ(m.mean_n_obs, 1.0);
  EXPECT_EQ(m.timeout_rate, 0.0);
}

TEST(Engine, RandomAgentActsAtTheRateOfItsThreshold) {
  TaskConfig c;
  c.n_blocks = 100;
  auto plans = make_sessions(c, 1, 1);
  RandomAgent agent(3);
  const RunRecord run = play(c, plans, agent);
  // P(act) per observation step q = 0.2: timeouts (1 − q)^10, accuracy 0.5 of the acting.
  const double q = 0.2, p_timeout = std::pow(1 - q, 10);
  const double n = run.trials.size();
  const RunMetrics m = compute_metrics(run.trials, c);
  EXPECT_NEAR(m.timeout_rate, p_timeout, 4 * std::sqrt(p_timeout * (1 - p_timeout) / n));
  EXPECT_NEAR(m.accuracy, 0.5 * (1 - p_timeout), 4 * std::sqrt(0.25 / n));
}

TEST(Engine, LockStepBatchEqualsSessionsPlayedAlone) {
  TaskConfig c = small_config();
  auto plans = make_sessions(c, 21, 4);
  OracleAgent together(plans);
  const RunRecord batch = play(c, plans, together);
  std::size_t row = 0;
  for (int s = 0; s < 4; ++s) {
    std::vector<SessionPlan> one{plans[s]};
    OracleAgent alone(one);
    const RunRecord single = play(c, one, alone);
    for (std::size_t i = 0; i < single.trials.size(); ++i, ++row) {
      EXPECT_EQ(batch.trials.choice[row], single.trials.choice[i]);
      EXPECT_EQ(batch.trials.session[row], s);
    }
  }
  EXPECT_EQ(row, batch.trials.size());
}

TEST(Engine, CommonRandomNumbersGiveEveryAgentTheSameEvidence) {
  TaskConfig c = small_config();
  auto plans = make_sessions(c, 77, 2);
  ScriptedAgent slow(8, 0.99), fast(0, 0.99);
  const RunRecord a = play(c, plans, slow), b = play(c, plans, fast);
  ASSERT_EQ(a.trials.size(), b.trials.size());
  for (std::size_t i = 0; i < a.trials.size(); ++i) {
    EXPECT_EQ(a.trials.stim_side[i], b.trials.stim_side[i]);
    EXPECT_EQ(a.trials.signal[i], b.trials.signal[i]);
    EXPECT_EQ(a.trials.block_side[i], b.trials.block_side[i]);
    // The first observation of each trial is identical although the histories differ.
    const auto fa = a.trials.first_step[i] + 2, fb = b.trials.first_step[i] + 2;
    EXPECT_EQ(a.steps.x[3 * fa], b.steps.x[3 * fb]);
    EXPECT_EQ(a.steps.x[3 * fa + 1], b.steps.x[3 * fb + 1]);
  }
}

TEST(Engine, DescribeHasNoChoicesAndMatchesThePlans) {
  TaskConfig c = small_config();
  auto plans = make_sessions(c, 5, 2);
  const RunRecord run = describe(c, plans);
  EXPECT_FALSE(run.trials.has_agent);
  EXPECT_EQ(run.trials.size(), static_cast<std::size_t>(plans[0].n_trials() + plans[1].n_trials()));
  EXPECT_THROW(compute_metrics(run.trials, c), InvalidInput);
}
