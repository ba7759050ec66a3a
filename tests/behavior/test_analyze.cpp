// Tests of analyze_behavior: headline summary of the hand table (hand-computed), pooled vs
// per-subject analyses, and the JSON / CSV texts written per curve.
#include <gtest/gtest.h>

#include <cmath>

#include "hand_table.hpp"
#include "iblrnn/behavior/analyze.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"

using namespace iblrnn::behavior;
using namespace iblrnn::core;

namespace iblrnn {
namespace {

using test::hand_table;
using nlohmann::json;

BehaviorAnalysis analyze_hand() {
  return analyze_behavior({{"hand", hand_table()}}, BehaviorConfig{});
}

TEST(AnalyzeBehavior, SummaryMatchesHandCounts) {
  const json s = behavior_summary_json(analyze_hand());
  ASSERT_EQ(s["inputs"].size(), 1u);
  const json& in = s["inputs"][0];
  EXPECT_EQ(in["label"], "hand");
  EXPECT_EQ(in["rt_unit"], "s");
  EXPECT_EQ(in["timeouts"], "excluded");
  EXPECT_EQ(in["n_trials"], 10);
  EXPECT_EQ(in["n_biased_trials"], 8);
  EXPECT_EQ(in["n_timeouts"], 1);
  EXPECT_EQ(in["n_rt_missing"], 2);
  EXPECT_EQ(in["n_sessions"], 1);
  EXPECT_EQ(in["n_subjects"], 1);
  EXPECT_FALSE(in.contains("subjects"));
  // Biased responses 0 1 2 3 4 5 7, correct 0 1 3 4 5.
  EXPECT_NEAR(in["accuracy"]["mean"].get<double>(), 5.0 / 7.0, 1e-12);
  EXPECT_EQ(in["accuracy"]["n"], 7);
  EXPECT_NEAR(in["accuracy_zero_signal"]["mean"].get<double>(), 2.0 / 3.0, 1e-12);
  ASSERT_EQ(in["accuracy_by_abs_signal"].size(), 2u);
  EXPECT_EQ(in["accuracy_by_abs_signal"][1]["x"], 1.0);
  EXPECT_NEAR(in["accuracy_by_abs_signal"][1]["mean"].get<double>(), 0.75, 1e-12);
  EXPECT_NEAR(in["p_right_zero_signal"]["block_left"]["mean"].get<double>(), 0.5, 1e-12);
  EXPECT_NEAR(in["p_right_zero_signal"]["block_right"]["mean"].get<double>(), 1.0, 1e-12);
  EXPECT_NEAR(in["bias_shift"]["p_right_zero_signal"]["value"].get<double>(), 0.5, 1e-12);
  EXPECT_TRUE(in["bias_shift"]["p_right_zero_signal"]["se"].is_null());  // n = 1 on one side
  EXPECT_NEAR(in["median_rt_by_abs_signal"][0]["median"].get<double>(), 0.65, 1e-12);
  EXPECT_NEAR(in["reward_rate"]["per_trial"]["mean"].get<double>(), 0.6, 1e-12);
  // Too few signal levels on this table for a fit: a status, and a null shift.
  EXPECT_TRUE(in["bias_shift"]["fit_m"]["value"].is_null());
}

TEST(AnalyzeBehavior, PerSubjectCurvesPartitionThePooledOnes) {
  BehaviorTable a = hand_table(), b = hand_table();
  a.subjects = {"a"};
  b.subjects = {"b"};
  for (auto& c : b.correct) c = 1 - c;  // make b differ
  a.append(b);
  const BehaviorAnalysis r = analyze_behavior({{"two", a}}, BehaviorConfig{});
  const InputBehavior& in = r.inputs[0];
  ASSERT_EQ(in.subjects.size(), 2u);
  EXPECT_EQ(in.subjects[0].subject, "a");
  EXPECT_EQ(in.n_sessions, 2);
  for (std::size_t k = 0; k < behavior_curve_names().size(); ++k) {
    if (behavior_curve_names()[k] == "accuracy_rt") continue;  // quantile bins differ
    for (const auto& p : in.pooled.curves[k].points) {
      std::int64_t n = 0;
      double sum = 0;
      for (const auto& s : in.subjects)
        if (const CurvePoint* q = s.curves[k].find(p.group, p.x)) {
          n += q->value.n;
          sum += q->value.mean * double(q->value.n);
        }
      EXPECT_EQ(n, p.value.n) << behavior_curve_names()[k];
      EXPECT_NEAR(sum / double(n), p.value.mean, 1e-12) << behavior_curve_names()[k];
    }
  }
  const json s = behavior_summary_json(r);
  EXPECT_EQ(s["inputs"][0]["n_subjects"], 2);
  EXPECT_EQ(s["inputs"][0]["subjects"]["b"]["n_trials"], 10);
}

TEST(AnalyzeBehavior, CurveJsonAndCsvHoldEveryInputSideBySide) {
  BehaviorTable agent = test::make_table({{0.8, -1, 1, -1, 3, 0}, {0.2, 1, 0, 0, 10, 0}}, "steps");
  const BehaviorAnalysis r =
      analyze_behavior({{"hand", hand_table()}, {"agent", agent}}, BehaviorConfig{});
  const json j = curve_json(r, "outcome_fractions");
  EXPECT_EQ(j["name"], "outcome_fractions");
  EXPECT_EQ(j["x"], "signed_signal");
  EXPECT_EQ(j["y"], "fraction");
  EXPECT_EQ(j["groups"], json({"correct", "wrong", "timeout"}));
  ASSERT_EQ(j["inputs"].size(), 2u);
  EXPECT_EQ(j["inputs"][1]["label"], "agent");
  EXPECT_EQ(j["inputs"][1]["rt_unit"], "steps");
  const json& p0 = j["inputs"][0]["pooled"]["points"][0];
  EXPECT_EQ(p0, json({{"group", "correct"}, {"x", -1.0}, {"mean", 1.0}, {"sem", 0.0}, {"n", 3}}));
  const std::string csv = curve_csv(r, "outcome_fractions");
  EXPECT_EQ(csv.substr(0, csv.find('\n', csv.find('\n') + 1) + 1),
            "input,subject,group,x,mean,sem,n\nhand,,correct,-1,1,0,3\n");
  EXPECT_NE(csv.find("\nagent,,timeout,0,1,,1\n"), std::string::npos);  // SEM of n = 1 empty
  const json psy = curve_json(r, "psychometric");
  // block_left has 3 signal levels (fitted), block_right 2 (too few for 4 parameters).
  EXPECT_EQ(psy["inputs"][0]["pooled"]["fits"]["block_left"]["n_levels"], 3);
  EXPECT_EQ(psy["inputs"][0]["pooled"]["fits"]["block_right"]["status"], "too_few_levels");
  const std::string fits = psychometric_fits_csv(r);
  EXPECT_EQ(fits.substr(0, fits.find('\n')),
            "input,subject,group,fit,m,m_se,w,w_se,gamma1,gamma1_se,gamma2,gamma2_se,nll,n_trials,"
            "n_levels,status,bias_pct,bias_pct_se,threshold_pct,threshold_pct_se");
  EXPECT_EQ(behavior_summary_json(r)["inputs"][1]["timeouts"], "wrong");
  try {
    curve_json(r, "nope");
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(),
                 "behavior: curve must be one of outcome_fractions, chronometric, "
                 "accuracy_concordance, accuracy_abs_signal, psychometric, "
                 "accuracy_trial_in_block, accuracy_rt, got \"nope\"");
  }
}

TEST(AnalyzeBehavior, BiasShiftRecoversTheSimulatedShift) {
  // Choices drawn from eq. H5 with m = +0.1 in left blocks and −0.1 in right blocks:
  // the fitted Δm (H10) must be within 3 SE of 0.2.
  Rng rng(4, Stream::split);
  const double levels[] = {-1, -0.25, -0.125, -0.0625, 0, 0.0625, 0.125, 0.25, 1};
  std::vector<test::Row> rows;
  for (int i = 0; i < 24000; ++i) {
    const int block = i % 2 ? 1 : -1;
    const double x = levels[rng.below(9)];
    const PsychometricParams p{block < 0 ? 0.1 : -0.1, 0.3, 0.05, 0.05};
    const int choice = rng.bernoulli(psychometric_p(p, x)) ? 1 : -1;
    const int side = x > 0 ? 1 : (x < 0 ? -1 : (rng.bernoulli(0.5) ? 1 : -1));
    rows.push_back({block < 0 ? 0.8 : 0.2, side, std::abs(x), choice, 0.3, i / 2});
  }
  const BehaviorAnalysis a = analyze_behavior({{"sim", test::make_table(rows)}}, BehaviorConfig{});
  const json shift = behavior_summary_json(a)["inputs"][0]["bias_shift"]["fit_m"];
  ASSERT_TRUE(shift["se"].is_number());
  EXPECT_GT(shift["se"].get<double>(), 0.0);
  EXPECT_LT(std::abs(shift["value"].get<double>() - 0.2), 3 * shift["se"].get<double>());
  EXPECT_EQ(a.inputs[0].pooled.fits[0].status, "ok");
}

TEST(AnalyzeBehavior, EmptyInputsStillNameTheAxes) {
  const json j = curve_json(BehaviorAnalysis{}, "chronometric");
  EXPECT_EQ(j["x"], "signed_signal");
  EXPECT_EQ(j["y"], "reaction_time");
  EXPECT_EQ(j["groups"].size(), 4u);
  EXPECT_TRUE(j["inputs"].empty());
  EXPECT_EQ(curve_csv(BehaviorAnalysis{}, "chronometric"), "input,subject,group,x,mean,sem,n\n");
  const BehaviorAnalysis a = analyze_behavior({{"none", test::make_table({})}}, BehaviorConfig{});
  const json s = behavior_summary_json(a)["inputs"][0];
  EXPECT_EQ(s["n_trials"], 0);
  EXPECT_TRUE(s["accuracy"]["mean"].is_null());
  EXPECT_TRUE(s["timeout_rate"].is_null());
}

TEST(AnalyzeBehavior, LabelsMustBeUniqueAndNonEmpty) {
  auto message = [](const std::vector<LabeledTable>& in) {
    try {
      analyze_behavior(in, BehaviorConfig{});
    } catch (const InvalidInput& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message({{"a", hand_table()}, {"a", hand_table()}}),
            "behavior: label must be unique per input, got \"a\"");
  EXPECT_EQ(message({{"", hand_table()}}), "behavior: label must not be empty, got \"\"");
  BehaviorConfig bad;
  bad.rt_bins = 0;
  EXPECT_THROW(analyze_behavior({}, bad), InvalidInput);
}

}  // namespace
}  // namespace iblrnn
