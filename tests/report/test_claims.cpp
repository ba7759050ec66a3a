// The claims table (docs/report.md K1) and the seed-based verdict (K2) on hand-made seeds:
// counts per definition, "not tested" never counted as failing, thresholds at their edges,
// and a tolerance alone never giving "qualitatively".
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "iblrnn/core/error.hpp"
#include "iblrnn/report/claim_verdict.hpp"
#include "iblrnn/report/claims.hpp"

using namespace iblrnn::core;
using namespace iblrnn::report;


namespace {

const ClaimResult& find(const std::vector<ClaimResult>& t, const std::string& id) {
  for (const auto& r : t)
    if (r.id == id) return r;
  throw std::runtime_error("no claim " + id);
}

ClaimMeasurements seed_with_angles(std::int64_t seed, double paper2020, double ours) {
  ClaimMeasurements m;
  m.seed = seed;
  m.angle_full_paper2020 = paper2020;
  m.angle_full_ours = ours;
  return m;
}

}  // namespace

TEST(Claims, OneEntryPerClaimInOrder) {
  const auto table = build_claims({ClaimMeasurements{}});
  ASSERT_EQ(table.size(), 16u);
  for (int i = 0; i < 16; ++i) {
    EXPECT_EQ(table[i].id, "C" + std::to_string(i + 1));
    EXPECT_FALSE(table[i].counts.empty());
    EXPECT_FALSE(table[i].counts[0].criterion.empty());
    // Nothing measured: nothing tested, nothing counted as failing.
    EXPECT_EQ(table[i].counts[0].n_tested, 0) << table[i].id;
    EXPECT_EQ(table[i].counts[0].fraction(), "0/0");
  }
}

TEST(Claims, AnglesCountedPerDefinition) {
  const auto table = build_claims({seed_with_angles(1, 74, 89), seed_with_angles(2, 70, 88),
                                   seed_with_angles(3, 81, 79.9), seed_with_angles(4, 80, 90)});
  const ClaimResult& c7 = find(table, "C7");
  ASSERT_EQ(c7.counts.size(), 2u);
  EXPECT_EQ(c7.counts[0].definition, "paper2020");
  EXPECT_EQ(c7.counts[0].fraction(), "2/4");  // 80 is not < 80
  EXPECT_FALSE(c7.counts[0].majority());      // a tie is no majority
  EXPECT_EQ(c7.counts[1].definition, "ours");
  EXPECT_EQ(c7.counts[1].fraction(), "1/4");
  ASSERT_EQ(c7.seeds.size(), 4u);
  EXPECT_EQ(c7.seeds[2], 3);
  EXPECT_EQ(c7.values[0][0].first, "angle_full_paper2020");
  EXPECT_EQ(c7.values[0][0].second, 74);
}

TEST(Claims, LineAttractorClaimAndTheBistableFinding) {
  ClaimMeasurements line, channel, off_axis, none;
  line.no_stimulus_label = "line_attractor";
  line.no_stimulus_angle_block_plane = 20;
  off_axis.no_stimulus_label = "line_attractor";
  off_axis.no_stimulus_angle_block_plane = 60;
  channel.no_stimulus_label = "bistable";
  channel.no_stimulus_slow_channel = true;
  channel.no_stimulus_angle_block_plane = 24;
  const auto table = build_claims({line, channel, off_axis, none});
  const ClaimResult& c11 = find(table, "C11");
  EXPECT_EQ(c11.counts[0].fraction(), "1/3");
  EXPECT_EQ(c11.counts[1].definition, "bistable_slow_channel");
  EXPECT_EQ(c11.counts[1].fraction(), "1/3");
  EXPECT_FALSE(c11.counts[0].holds[3].has_value());
}

TEST(Claims, CriteriaAtTheirEdges) {
  ClaimMeasurements m;
  m.rnn_accuracy = 0.80;
  m.bayes_actor_accuracy = 0.80;
  EXPECT_EQ(claim_holds("C1", "", m), true);
  m.zero_signal_early = 0.5;
  m.zero_signal_late = 0.8;
  EXPECT_EQ(claim_holds("C2", "", m), false);  // early must be below chance
  m.concordant_low = 0.8, m.concordant_low_ci = 0.05, m.discordant_low = 0.7,
  m.discordant_low_ci = 0.05;
  EXPECT_EQ(claim_holds("C3", "", m), false);  // CIs touch
  m.discordant_low = 0.69;
  EXPECT_EQ(claim_holds("C3", "", m), true);
  m.slope_stimulus = 0.63, m.slope_block = 0.2, m.slope_stimulus_p = 1e-9, m.slope_block_p = 1e-6;
  EXPECT_EQ(claim_holds("C8", "", m), true);
  m.slope_block_p = 1e-4;
  EXPECT_EQ(claim_holds("C8", "", m), false);
  m.radd_input_drive_ratio = 4.7, m.radd_tau_stimulus = 2.0;
  m.radd_tau_block = std::numeric_limits<double>::infinity();  // none: A_bb ≥ 1
  EXPECT_EQ(claim_holds("C16", "", m), true);
  m.radd_input_drive_ratio = 1.8;
  EXPECT_EQ(claim_holds("C16", "", m), false);
  m.radd_keeps_portrait = true, m.conventional_keeps_portrait = false;
  EXPECT_FALSE(claim_holds("C15", "", m).has_value());  // task-trained not run
  m.task_trained_keeps_portrait = false;
  EXPECT_EQ(claim_holds("C15", "", m), true);
  EXPECT_THROW(claim_holds("C17", "", m), InvalidInput);
  EXPECT_THROW(claim_holds("C7", "", m), InvalidInput);
}

TEST(ClaimVerdict, PaperInsideTheSeedsRangeIsReproduced) {
  const Judgement j = judge_on_seeds({73}, {{70}, {76}, {71}}, {0.0}, nullptr);
  EXPECT_EQ(j.verdict, Verdict::reproduced) << j.reason;
  // Or within the tolerance of the mean (one seed).
  EXPECT_EQ(judge_on_seeds({73}, {{74.5}}, {2.0}, nullptr).verdict, Verdict::reproduced);
}

TEST(ClaimVerdict, ToleranceAloneNeverGivesQualitatively) {
  // 16.6° off, and no claim: differs, however wide a "qualitative" band would have been.
  const Judgement j = judge_on_seeds({73}, {{89.6}}, {10.0}, nullptr);
  EXPECT_EQ(j.verdict, Verdict::differs) << j.reason;
  EXPECT_NE(j.reason.find("no claim"), std::string::npos);
  ClaimCount untested;
  untested.holds = {std::nullopt, std::nullopt};
  EXPECT_EQ(judge_on_seeds({73}, {{89.6}}, {10.0}, &untested).verdict, Verdict::differs);
}

TEST(ClaimVerdict, ClaimOnMajorityGivesQualitativelyElseDiffers) {
  const auto table = build_claims({seed_with_angles(1, 60, 89), seed_with_angles(2, 62, 88),
                                   seed_with_angles(3, 85, 90)});
  const ClaimResult& c7 = find(table, "C7");
  // Paper 73° is outside [60, 85]? No: inside, so reproduced regardless of the claim.
  EXPECT_EQ(judge_on_seeds({73}, {{60}, {62}, {85}}, {0.0}, &c7.counts[0]).verdict,
            Verdict::reproduced);
  // A number outside the range: the claim (2/3 under paper2020) makes it qualitatively ...
  const Judgement q = judge_on_seeds({50}, {{60}, {62}, {85}}, {1.0}, &c7.counts[0]);
  EXPECT_EQ(q.verdict, Verdict::qualitatively) << q.reason;
  EXPECT_NE(q.reason.find("2/3"), std::string::npos);
  // ... and under ours (0/3) it differs.
  EXPECT_EQ(judge_on_seeds({50}, {{89}, {88}, {90}}, {1.0}, &c7.counts[1]).verdict,
            Verdict::differs);
}

TEST(ClaimVerdict, MatricesNaNSeedsAndBadSizes) {
  // A 2-entry row: both entries must be in; a seed with a NaN entry is left out.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(judge_on_seeds({0.5, 0.8}, {{0.4, 0.7}, {0.6, 0.9}, {nan, 5}}, {0.0}, nullptr).verdict,
            Verdict::reproduced);
  EXPECT_EQ(judge_on_seeds({0.5, 0.8}, {{0.4, 0.9}, {0.6, 0.95}}, {0.01, 0.05}, nullptr).verdict,
            Verdict::differs);
  EXPECT_EQ(judge_on_seeds({1}, {{nan}}, {0.0}, nullptr).verdict, Verdict::not_run);
  EXPECT_THROW(judge_on_seeds({1, 2}, {{1}}, {0.0}, nullptr), InvalidInput);
  EXPECT_THROW(judge_on_seeds({1}, {{1}}, {-1.0}, nullptr), InvalidInput);
  EXPECT_THROW(judge_on_seeds({1, 2}, {{1, 2}}, {0.0, 0.0, 0.0}, nullptr), InvalidInput);
}

TEST(Claims, ASeedThatDidNotTrainIsNotTestedAndSaysWhy) {
  ClaimMeasurements trained = seed_with_angles(1, 74, 89), failed = seed_with_angles(2, 70, 88);
  trained.rnn_timeout_rate = 0.02;
  failed.rnn_timeout_rate = 0.999;
  EXPECT_EQ(training_failure(trained), "");
  EXPECT_EQ(training_failure(failed), "times out on 99.9 % of evaluation trials (not trained)");
  ClaimMeasurements edge = trained;
  edge.rnn_timeout_rate = kFailedTrainingTimeoutRate;  // not above the limit
  EXPECT_EQ(training_failure(edge), "");
  const auto table = build_claims({trained, failed});
  const ClaimResult& c7 = find(table, "C7");
  EXPECT_EQ(c7.counts[0].fraction(), "1/1");
  EXPECT_FALSE(c7.counts[0].holds[1].has_value());
  // Its values are still listed, for the record.
  EXPECT_EQ(c7.values[1][0].second, 70);
}
