// Tests of every behavioural curve on a 10-trial table whose values are computed by hand
// (eq. H1–H4, H8, H9; docs/behavior.md).
#include <gtest/gtest.h>

#include <cmath>

#include "iblrnn/behavior/curves.hpp"
#include "iblrnn/core/error.hpp"
#include "hand_table.hpp"

using namespace iblrnn::behavior;
using namespace iblrnn::core;

namespace iblrnn {
namespace {

using test::hand_table;
using test::make_table;
const double kNaN = std::nan("");

void expect_point(const Curve& c, const std::string& group, double x, double mean, double sem,
                  std::int64_t n) {
  const CurvePoint* p = nullptr;
  for (const auto& q : c.points)
    if (q.group == group && std::abs(q.x - x) < 1e-12) p = &q;
  ASSERT_NE(p, nullptr) << c.name << " " << group << " x=" << x;
  EXPECT_EQ(p->value.n, n) << c.name << " " << group << " x=" << x;
  EXPECT_NEAR(p->value.mean, mean, 1e-12) << c.name << " " << group << " x=" << x;
  if (std::isnan(sem))
    EXPECT_TRUE(std::isnan(p->value.sem)) << c.name << " " << group << " x=" << x;
  else
    EXPECT_NEAR(p->value.sem, sem, 1e-12) << c.name << " " << group << " x=" << x;
}

std::size_t count_group(const Curve& c, const std::string& group) {
  std::size_t n = 0;
  for (const auto& p : c.points) n += p.group == group;
  return n;
}

TEST(OutcomeFractions, MatchHandCounts) {
  const BehaviorTable t = hand_table();
  const Curve c = outcome_fractions(t, all_rows(t));
  // x = 0: trials 3, 4, 6, 7, 9 → correct 3, 4; wrong 7, 9; timeout 6.
  expect_point(c, "correct", 0, 0.4, std::sqrt(0.4 * 0.6 / 4), 5);
  expect_point(c, "wrong", 0, 0.4, std::sqrt(0.4 * 0.6 / 4), 5);
  expect_point(c, "timeout", 0, 0.2, std::sqrt(0.2 * 0.8 / 4), 5);
  // x = −1: trials 0, 1, 8 all correct; x = +1: trials 2 (wrong), 5 (correct).
  expect_point(c, "correct", -1, 1.0, 0.0, 3);
  expect_point(c, "correct", 1, 0.5, 0.5, 2);
  expect_point(c, "wrong", 1, 0.5, 0.5, 2);
  expect_point(c, "timeout", 1, 0.0, 0.0, 2);
  EXPECT_EQ(c.points.size(), 9u);
  EXPECT_EQ(c.points.front().group, "correct");
  EXPECT_EQ(c.points.front().x, -1.0);
}

TEST(Chronometric, SplitsCorrectWrongByConcordanceInBiasedBlocks) {
  const BehaviorTable t = hand_table();
  const Curve c = chronometric(t, all_rows(t));
  expect_point(c, "correct_concordant", -1, 0.4, 0.1, 2);  // RTs 0.3, 0.5
  expect_point(c, "correct_concordant", 1, 0.2, kNaN, 1);
  expect_point(c, "correct_discordant", 0, 0.6, kNaN, 1);
  expect_point(c, "wrong_discordant", 0, 0.7, kNaN, 1);
  expect_point(c, "wrong_discordant", 1, 0.4, kNaN, 1);
  EXPECT_EQ(count_group(c, "wrong_concordant"), 0u);
  EXPECT_EQ(c.points.size(), 5u);  // trial 4 (RT missing), 6 (no-go), 8, 9 (unbiased) out
}

TEST(AccuracyByConcordance, ExcludesOrCountsTimeoutsAsAsked) {
  const BehaviorTable t = hand_table();
  const Curve c = accuracy_by_concordance(t, all_rows(t), false);
  expect_point(c, "concordant", -1, 1.0, 0.0, 2);
  expect_point(c, "concordant", 0, 1.0, kNaN, 1);
  expect_point(c, "concordant", 1, 1.0, kNaN, 1);
  expect_point(c, "discordant", 0, 0.5, 0.5, 2);
  expect_point(c, "discordant", 1, 0.0, kNaN, 1);
  const Curve w = accuracy_by_concordance(t, all_rows(t), true);
  expect_point(w, "concordant", 0, 0.5, 0.5, 2);  // the no-go (trial 6) now counts as wrong
}

TEST(AccuracyByAbsSignal, PoolsSidesInBiasedBlocks) {
  const BehaviorTable t = hand_table();
  const Curve c = accuracy_by_abs_signal(t, all_rows(t), false);
  expect_point(c, "all", 0, 2.0 / 3.0, std::sqrt(2.0 / 9.0 / 2.0), 3);  // trials 3, 4, 7
  expect_point(c, "all", 1, 0.75, 0.25, 4);                              // trials 0, 1, 2, 5
  EXPECT_EQ(c.points.size(), 2u);
}

TEST(AccuracyByTrialInBlock, AllAndZeroSignal) {
  const BehaviorTable t = hand_table();
  const Curve c = accuracy_by_trial_in_block(t, all_rows(t), false, 100);
  expect_point(c, "all", 0, 1.0, 0.0, 2);  // trials 0, 5
  expect_point(c, "all", 1, 1.0, kNaN, 1);  // trial 1 (6 is a no-go)
  expect_point(c, "all", 2, 0.0, 0.0, 2);  // trials 2, 7
  expect_point(c, "all", 3, 1.0, kNaN, 1);
  expect_point(c, "all", 4, 1.0, kNaN, 1);
  expect_point(c, "zero_signal", 2, 0.0, kNaN, 1);
  expect_point(c, "zero_signal", 3, 1.0, kNaN, 1);
  expect_point(c, "zero_signal", 4, 1.0, kNaN, 1);
  EXPECT_EQ(count_group(c, "zero_signal"), 3u);
  const Curve cut = accuracy_by_trial_in_block(t, all_rows(t), false, 2);
  EXPECT_EQ(count_group(cut, "all"), 3u);
}

TEST(PsychometricCurve, PRightPerBlockSide) {
  const BehaviorTable t = hand_table();
  const Curve c = psychometric_curve(t, all_rows(t));
  expect_point(c, "block_left", -1, 0.0, 0.0, 2);
  expect_point(c, "block_left", 0, 0.5, 0.5, 2);
  expect_point(c, "block_left", 1, 0.0, kNaN, 1);
  expect_point(c, "block_right", 0, 1.0, kNaN, 1);
  expect_point(c, "block_right", 1, 1.0, kNaN, 1);
  expect_point(c, "unbiased", -1, 0.0, kNaN, 1);
  expect_point(c, "unbiased", 0, 0.0, kNaN, 1);
  EXPECT_EQ(c.points.size(), 7u);
}

TEST(AccuracyByRt, QuantileBinsForSeconds) {
  const BehaviorTable t = hand_table();
  // Responses with an RT, sorted: .2c .25c .3c .4w | .5c .6c .7w .9w.
  const Curve c = accuracy_by_rt(t, all_rows(t), 2);
  expect_point(c, "all", 0.275, 0.75, 0.25, 4);
  expect_point(c, "all", 0.65, 0.5, std::sqrt(0.25 / 3), 4);
  EXPECT_EQ(c.points.size(), 2u);
  EXPECT_EQ(c.x_name, "reaction_time");
}

TEST(AccuracyByRt, OnePointPerStepCount) {
  const BehaviorTable t = make_table({{0.8, -1, 1, -1, 2, 0},
                                      {0.8, -1, 1, +1, 2, 1},
                                      {0.8, -1, 1, -1, 5, 2},
                                      {0.8, -1, 0, 0, 10, 3}},
                                     "steps");
  const Curve c = accuracy_by_rt(t, all_rows(t), 10);
  expect_point(c, "all", 2, 0.5, 0.5, 2);
  expect_point(c, "all", 5, 1.0, kNaN, 1);
  EXPECT_EQ(c.points.size(), 2u);  // the timeout made no decision
  EXPECT_EQ(c.x_name, "n_obs");
}

TEST(MedianRt, ByAbsSignalInBiasedBlocks) {
  const BehaviorTable t = hand_table();
  const auto m = median_rt_by_abs_signal(t, all_rows(t));
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].x, 0.0);
  EXPECT_NEAR(m[0].median, 0.65, 1e-12);  // trials 3, 7
  EXPECT_EQ(m[0].n, 2);
  EXPECT_EQ(m[1].x, 1.0);
  EXPECT_NEAR(m[1].median, 0.35, 1e-12);  // 0.2 0.3 0.4 0.5
  EXPECT_EQ(m[1].n, 4);
}

TEST(RewardRate, PerTrialAndPerReactionTime) {
  const BehaviorTable t = hand_table();
  const RewardRate r = reward_rate(t, all_rows(t));
  EXPECT_NEAR(r.per_trial.mean, 0.6, 1e-12);  // trials 0, 1, 3, 4, 5, 8
  EXPECT_NEAR(r.per_trial.sem, std::sqrt(0.24 / 9), 1e-12);
  // Trials with an RT: 0 1 2 3 5 7 8 9 → 5 correct over 3.85 s.
  EXPECT_NEAR(r.per_rt_unit.mean, 5 / 3.85, 1e-12);
  EXPECT_EQ(r.per_rt_unit.n, 8);
  const MeanSem ref = ratio_of_means({1, 1, 0, 1, 1, 0, 1, 0},
                                     {0.3, 0.5, 0.4, 0.6, 0.2, 0.7, 0.25, 0.9});
  EXPECT_NEAR(r.per_rt_unit.sem, ref.sem, 1e-15);
}

TEST(Curves, SubsetOfRowsMatchesASmallerTable) {
  const BehaviorTable t = hand_table();
  const Curve sub = psychometric_curve(t, {0, 1, 2});
  const BehaviorTable small = make_table({{0.8, -1, 1, -1, 0.3, 0},
                                          {0.8, -1, 1, -1, 0.5, 1},
                                          {0.8, +1, 1, -1, 0.4, 2}});
  const Curve ref = psychometric_curve(small, all_rows(small));
  ASSERT_EQ(sub.points.size(), ref.points.size());
  for (std::size_t i = 0; i < ref.points.size(); ++i) {
    EXPECT_EQ(sub.points[i].x, ref.points[i].x);
    EXPECT_EQ(sub.points[i].value.mean, ref.points[i].value.mean);
  }
}

TEST(TimeoutPolicy, AutoFollowsTheSourceAndConfigOverrides) {
  BehaviorTable mouse = hand_table();
  BehaviorTable agent = make_table({}, "steps");
  BehaviorConfig c;
  EXPECT_FALSE(timeouts_count_as_wrong(mouse, c));
  EXPECT_TRUE(timeouts_count_as_wrong(agent, c));
  c.timeouts = TimeoutRule::wrong;
  EXPECT_TRUE(timeouts_count_as_wrong(mouse, c));
  c.timeouts = TimeoutRule::exclude;
  EXPECT_FALSE(timeouts_count_as_wrong(agent, c));
}

TEST(BehaviorConfig, EveryValidateMessage) {
  auto message = [](auto edit) {
    BehaviorConfig c;
    edit(c);
    try {
      c.validate();
    } catch (const InvalidInput& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message([](BehaviorConfig&) {}), "no error");
  EXPECT_EQ(message([](BehaviorConfig& c) { c.fit_restarts = 0; }),
            "BehaviorConfig: fit_restarts must be in [1, 1000], got 0");
  EXPECT_EQ(message([](BehaviorConfig& c) { c.fit_seed = -1; }),
            "BehaviorConfig: fit_seed must be >= 0, got -1");
  EXPECT_EQ(message([](BehaviorConfig& c) { c.fit_max_iterations = 5; }),
            "BehaviorConfig: fit_max_iterations must be in [10, 1000000], got 5");
  EXPECT_EQ(message([](BehaviorConfig& c) { c.trial_in_block_max = -1; }),
            "BehaviorConfig: trial_in_block_max must be in [0, 100000], got -1");
  EXPECT_EQ(message([](BehaviorConfig& c) { c.rt_bins = 0; }),
            "BehaviorConfig: rt_bins must be in [1, 1000], got 0");
}

}  // namespace
}  // namespace iblrnn
