// Fallback behavioural curves from a trials table, checked against hand counts on a small
// table; binned means and subsampling against direct computation.
#include <gtest/gtest.h>

#include <cmath>

#include "../support/shell.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/report/figures.hpp"
#include "iblrnn/report/trial_curves.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::report;
using namespace iblrnn::task;

using nlohmann::json;

namespace {
// Ten trials over two blocks of one session (block 0 left, block 1 right).
TrialTable small_table() {
  TrialTable t;
  t.has_agent = true;
  //              block side stim signal choice n_obs
  const int rows[][6] = {{0, -1, -1, 1, -1, 2}, {0, -1, -1, 0, 1, 5}, {0, -1, 1, 2, 1, 1},
                         {0, -1, -1, 0, 0, 10}, {1, 1, 1, 0, -1, 7},  {1, 1, 1, 0, 1, 3},
                         {1, 1, 1, 1, 1, 2},    {1, 1, -1, 1, 1, 4},  {1, 1, 1, 0, 1, 6},
                         {1, 1, 1, 2, 1, 1}};
  int k = 0, prev = -1;
  for (const auto& r : rows) {
    k = r[0] == prev ? k + 1 : 0;
    prev = r[0];
    t.session.push_back(0);
    t.block.push_back(r[0]);
    t.trial_in_block.push_back(k);
    t.trial_in_session.push_back(static_cast<int>(t.session.size()) - 1);
    t.block_side.push_back(static_cast<std::int8_t>(r[1]));
    t.p_left.push_back(r[1] < 0 ? 0.8 : 0.2);
    t.stim_side.push_back(static_cast<std::int8_t>(r[2]));
    t.signal.push_back(0.5 * r[3]);
    t.concordant.push_back(r[1] == r[2]);
    t.choice.push_back(static_cast<std::int8_t>(r[4]));
    t.correct.push_back(r[4] == r[2]);
    t.n_obs.push_back(r[5]);
  }
  return t;
}

const json* row_where(const json& rows, const std::map<std::string, json>& keys) {
  for (const auto& r : rows) {
    bool ok = true;
    for (const auto& [k, v] : keys) ok = ok && r[k] == v;
    if (ok) return &r;
  }
  return nullptr;
}
}  // namespace

TEST(TrialCurves, OutcomeFractionsMatchHandCounts) {
  const json rows = outcome_fractions(small_table(), "rnn");
  const json* c = row_where(rows, {{"signed_signal", 0.0}, {"outcome", "correct"}});
  ASSERT_NE(c, nullptr);
  // μ = 0 trials of either side share signed signal 0: rows 1, 3 (left) and 4, 5, 8 (right).
  // correct: row 1? choice +1 vs stim −1 → wrong; row 3 timeout; rows 5, 8 correct → 2/5.
  EXPECT_NEAR((*c)["fraction"].get<double>(), 2.0 / 5, 1e-15);
  EXPECT_EQ((*c)["n"], 5);
  const json* t = row_where(rows, {{"signed_signal", 0.0}, {"outcome", "timeout"}});
  EXPECT_NEAR((*t)["fraction"].get<double>(), 1.0 / 5, 1e-15);
  // SEM of a 0/1 variable with mean p over n: sqrt(p(1−p)·n/(n−1)/n).
  const double p = 0.4;
  EXPECT_NEAR((*c)["sem"].get<double>(), std::sqrt(p * (1 - p) * 5 / 4 / 5), 1e-15);
}

TEST(TrialCurves, ChronometricSplitsOutcomeAndCongruenceWithoutTimeouts) {
  const json rows = chronometric(small_table(), "rnn");
  // signed 0, correct, concordant: rows 5 (3 steps) and 8 (6 steps) → 4.5.
  const json* r = row_where(rows, {{"signed_signal", 0.0}, {"outcome", "correct"}, {"congruence", "concordant"}});
  ASSERT_NE(r, nullptr);
  EXPECT_NEAR((*r)["n_obs"].get<double>(), 4.5, 1e-15);
  EXPECT_EQ((*r)["n"], 2);
  for (const auto& x : rows) EXPECT_LT(x["n_obs"].get<double>(), 10);  // the timeout is out
}

TEST(TrialCurves, AccuracyAfterSwitchSkipsTheFirstBlock) {
  const json rows = accuracy_after_switch(small_table(), "rnn", false, 60);
  ASSERT_EQ(rows.size(), 6u);  // trials 0..5 of block 1 only
  EXPECT_EQ(rows[0]["trial_in_block"], 0);
  EXPECT_EQ(rows[0]["accuracy"], 0.0);  // row 4 wrong
  EXPECT_EQ(rows[3]["accuracy"], 0.0);  // row 7: chose right, stimulus left
  const json zero = accuracy_after_switch(small_table(), "rnn", true, 60);
  ASSERT_EQ(zero.size(), 3u);  // rows 4, 5, 8 have μ = 0
  EXPECT_EQ(zero[2]["trial_in_block"], 4);
  EXPECT_EQ(accuracy_after_switch(small_table(), "rnn", false, 2).size(), 2u);
}

TEST(TrialCurves, PsychometricCountsRightChoicesPerBlockSide) {
  const json rows = psychometric_points(small_table(), "rnn");
  // Left block, signed 0: rows 1 (right); row 3 timed out → P(right) = 1 over n = 1.
  const json* l = row_where(rows, {{"block", "left"}, {"signed_signal", 0.0}});
  ASSERT_NE(l, nullptr);
  EXPECT_EQ((*l)["p_right"], 1.0);
  EXPECT_EQ((*l)["n"], 1);
  const json* r = row_where(rows, {{"block", "right"}, {"signed_signal", 0.0}});
  EXPECT_NEAR((*r)["p_right"].get<double>(), 2.0 / 3, 1e-15);
}

TEST(TrialCurves, AccuracyByCongruenceSeparatesDiscordantTrials) {
  const json rows = accuracy_by_congruence(small_table(), "rnn");
  const json* d = row_where(rows, {{"signed_signal", 1.0}, {"congruence", "discordant"}});
  ASSERT_NE(d, nullptr);  // row 2: left block, right stimulus, μ = 1, chose right → correct
  EXPECT_EQ((*d)["accuracy"], 1.0);
  const json* d2 = row_where(rows, {{"signed_signal", -0.5}, {"congruence", "discordant"}});
  ASSERT_NE(d2, nullptr);  // row 7: right block, left stimulus, chose right → wrong
  EXPECT_EQ((*d2)["accuracy"], 0.0);
}

TEST(FigureHelpers, BinnedMeansEqualDirectMeansPerBin) {
  const std::vector<double> x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, std::nan("")};
  const std::vector<double> y = {1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 100};
  const json rows = binned_means(x, y, 3);  // width 3: [0,3) [3,6) [6,9]
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_NEAR(rows[0]["x"].get<double>(), 1.5, 1e-15);
  EXPECT_NEAR(rows[0]["y"].get<double>(), 3, 1e-15);
  EXPECT_NEAR(rows[2]["y"].get<double>(), 16, 1e-15);  // 13, 15, 17, 19
  EXPECT_EQ(rows[2]["n"], 4);
  EXPECT_NEAR(rows[0]["sem"].get<double>(), 2 / std::sqrt(3.0), 1e-14);
  EXPECT_THROW(binned_means({1, 2}, {1}, 3), InvalidInput);
  EXPECT_THROW(binned_means({1}, {1}, 0), InvalidInput);
}

TEST(FigureHelpers, EvenSubsampleIsSortedDistinctAndBounded) {
  const auto idx = even_subsample(10, 4);
  EXPECT_EQ(idx, (std::vector<std::size_t>{0, 2, 5, 7}));
  EXPECT_EQ(even_subsample(3, 10).size(), 3u);
  EXPECT_TRUE(even_subsample(0, 10).empty());
}

TEST(TrialCurves, BehaviorFileRowsMapToFigureRecords) {
  const json rows = json::parse(R"([
    {"input": "rnn", "subject": null, "group": "correct_discordant", "x": -0.5, "mean": 3.5, "sem": 0.2, "n": 40},
    {"input": "mice", "subject": "m1", "group": "correct_discordant", "x": -0.5, "mean": 0.3, "sem": 0.1, "n": 9},
    {"input": "mice", "subject": "", "group": "wrong_concordant", "x": 0.25, "mean": 0.4, "sem": null, "n": 1},
    {"input": "rnn", "subject": null, "group": "block_left", "x": 0.0, "mean": 0.3, "sem": 0.05, "n": 40},
    {"input": "rnn", "subject": null, "group": "unbiased", "x": 0.0, "mean": 0.5, "sem": 0.05, "n": 40},
    {"input": "rnn", "subject": null, "group": "zero_signal", "x": 3, "mean": 0.6, "sem": 0.05, "n": 40},
    {"input": "rnn", "subject": null, "group": "all", "x": 3, "mean": 0.8, "sem": 0.05, "n": 40}])");
  const json chrono = records_from_behavior(rows, "chronometric", {"mice"});
  ASSERT_EQ(chrono.size(), 2u);  // per-subject row dropped
  EXPECT_EQ(chrono[0]["outcome"], "correct");
  EXPECT_EQ(chrono[0]["congruence"], "discordant");
  EXPECT_EQ(chrono[0]["n_obs"], 3.5);
  EXPECT_FALSE(chrono[0].contains("mice"));
  EXPECT_TRUE(chrono[1]["mice"].get<bool>());
  EXPECT_EQ(chrono[1]["sem"], 0.0);  // undefined SEM (n = 1) drawn without a bar
  const json psy = records_from_behavior(rows, "psychometric", {});
  ASSERT_EQ(psy.size(), 1u);  // the unbiased group is left out
  EXPECT_EQ(psy[0]["block"], "left");
  EXPECT_EQ(psy[0]["p_right"], 0.3);
  const json zero = records_from_behavior(rows, "accuracy_trial_in_block_zero", {});
  ASSERT_EQ(zero.size(), 1u);
  EXPECT_EQ(zero[0]["accuracy"], 0.6);
  EXPECT_EQ(records_from_behavior(rows, "accuracy_trial_in_block", {})[0]["accuracy"], 0.8);
  EXPECT_TRUE(records_from_behavior(rows, "no_such_curve", {}).empty());
}

TEST(TrialCurves, ZeroSignalRiseTakesTrialZeroAndAWeightedLateMean) {
  const json recs = json::parse(R"([{"trial_in_block": 0, "accuracy": 0.25, "n": 10},
    {"trial_in_block": 5, "accuracy": 0.5, "n": 10}, {"trial_in_block": 20, "accuracy": 0.7, "n": 10},
    {"trial_in_block": 40, "accuracy": 0.8, "n": 30}, {"trial_in_block": 60, "accuracy": 0.1, "n": 10}])");
  const auto [start, end] = zero_signal_rise(recs, 20, 60);
  EXPECT_EQ(start, 0.25);
  EXPECT_NEAR(end, (0.7 * 10 + 0.8 * 30) / 40, 1e-15);
  EXPECT_TRUE(std::isnan(zero_signal_rise(json::array(), 20, 60).first));
}

TEST(TrialCurves, PsychometricFunctionHasItsLapsesAndMidpoint) {
  EXPECT_NEAR(psychometric_p(-1e9, 0.1, 0.5, 0.05, 0.1), 0.05, 1e-15);
  EXPECT_NEAR(psychometric_p(1e9, 0.1, 0.5, 0.05, 0.1), 0.9, 1e-15);
  EXPECT_NEAR(psychometric_p(0.1, 0.1, 0.5, 0.05, 0.1), 0.05 + 0.85 / 2, 1e-15);
  // One width right of the midpoint: (erf(1) + 1)/2 of the range above the left lapse.
  EXPECT_NEAR(psychometric_p(0.6, 0.1, 0.5, 0.0, 0.0), (std::erf(1.0) + 1) / 2, 1e-15);
}

TEST(TrialCurves, AgentRunsAreFoundAndNamedUniquely) {
  iblrnn::testing::TempDir dir;
  const TrialTable t = small_table();
  for (const char* d : {"network/eval", "network_2/eval", "bayes/actor", "bayes/notes"}) {
    make_dirs(dir / d);
    if (std::string(d) != "bayes/notes") write_trials_csv(dir / d, t);
  }
  write_json(dir / "bayes/actor/summary.json", {{"agent", "actor"}});
  write_json(dir / "network_2/eval/summary.json", {{"agent", "rnn"}});  // a second network
  ReportFolder folder(dir.path());
  const auto runs = find_agent_runs(folder);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].agent, "rnn");
  EXPECT_EQ(runs[0].dir, "network/eval");
  EXPECT_EQ(runs[1].agent, "actor");
  EXPECT_EQ(runs[2].agent, "rnn (network_2/eval)");
}
