// Verdict rules V1–V5 of the reproduction table: each boundary on both sides, spread over
// seeds widening the tolerance, missing values, and validation messages.
#include <gtest/gtest.h>

#include <cmath>

#include "iblrnn/core/error.hpp"
#include "iblrnn/report/verdict.hpp"

using namespace iblrnn::core;
using namespace iblrnn::report;


namespace {
const double kNaN = std::nan("");

VerdictRule band(double tol, double qual) {
  VerdictRule r;
  r.kind = RuleKind::band;
  r.tol = tol;
  r.qual_tol = qual;
  return r;
}
}  // namespace

TEST(Verdict, NamesAreWords) {
  EXPECT_EQ(verdict_name(Verdict::reproduced), "reproduced");
  EXPECT_EQ(verdict_name(Verdict::qualitatively), "qualitatively");
  EXPECT_EQ(verdict_name(Verdict::differs), "differs");
  EXPECT_EQ(verdict_name(Verdict::not_run), "not run");
}

TEST(Verdict, BandSplitsAtTheToleranceAndTheQualitativeBand) {
  const VerdictRule r = band(0.015, 0.05);
  EXPECT_EQ(judge(r, {0.855}, {0.869}, {}).verdict, Verdict::reproduced);
  EXPECT_EQ(judge(r, {0.855}, {0.841}, {}).verdict, Verdict::reproduced);
  EXPECT_EQ(judge(r, {0.855}, {0.871}, {}).verdict, Verdict::qualitatively);
  EXPECT_EQ(judge(r, {0.855}, {0.904}, {}).verdict, Verdict::qualitatively);
  EXPECT_EQ(judge(r, {0.855}, {0.906}, {}).verdict, Verdict::differs);
  EXPECT_EQ(judge(r, {0.855}, {0.70}, {}).verdict, Verdict::differs);
}

TEST(Verdict, TwoSeedSpreadsWidenTheTolerance) {
  const VerdictRule r = band(0.015, 0.05);
  // 0.03 away: outside the tolerance, inside 2 sd = 0.04.
  EXPECT_EQ(judge(r, {0.855}, {0.885}, {kNaN}).verdict, Verdict::qualitatively);
  EXPECT_EQ(judge(r, {0.855}, {0.885}, {0.02}).verdict, Verdict::reproduced);
  EXPECT_EQ(judge(r, {0.855}, {0.885}, {0.014}).verdict, Verdict::qualitatively);
}

TEST(Verdict, VectorRowIsJudgedByItsWorstEntry) {
  const VerdictRule r = band(10, 25);
  EXPECT_EQ(judge(r, {73, 68}, {70, 75}, {}).verdict, Verdict::reproduced);
  EXPECT_EQ(judge(r, {73, 68}, {70, 90}, {}).verdict, Verdict::qualitatively);
  EXPECT_EQ(judge(r, {73, 68}, {70, 100}, {}).verdict, Verdict::differs);
}

TEST(Verdict, MissingValuesAreNotRunOrNoted) {
  const VerdictRule r = band(10, 25);
  EXPECT_EQ(judge(r, {73, 68}, {kNaN, kNaN}, {}).verdict, Verdict::not_run);
  const Judgement half = judge(r, {73, 68}, {72, kNaN}, {});
  EXPECT_EQ(half.verdict, Verdict::reproduced);
  EXPECT_NE(half.reason.find("1 value(s) not run"), std::string::npos) << half.reason;
}

TEST(Verdict, SignsRuleNeedsEverySignificantSignToMatch) {
  VerdictRule r;
  r.kind = RuleKind::signs;
  r.tol = 0.05;
  r.sign_floor = 0.03;
  const std::vector<double> paper = {-0.20, 0.20, 0.005, -0.04, 0.04, 0.02};
  EXPECT_EQ(judge(r, paper, {-0.22, 0.18, 0.0, -0.05, 0.05, 0.03}, {}).verdict, Verdict::reproduced);
  // Far off but the same signs; the 0.005 entry is below the floor and may flip.
  EXPECT_EQ(judge(r, paper, {-0.6, 0.6, -0.2, -0.3, 0.3, 0.2}, {}).verdict, Verdict::qualitatively);
  EXPECT_EQ(judge(r, paper, {-0.6, 0.6, 0.0, 0.3, 0.3, 0.2}, {}).verdict, Verdict::differs);
}

TEST(Verdict, SignsAndOrderNeedsTheStimulusSlopeAboveTheBlockSlope) {
  VerdictRule r;
  r.kind = RuleKind::signs_and_order;
  r.tol = 0.1;
  EXPECT_EQ(judge(r, {0.84, 0.18}, {0.80, 0.20}, {}).verdict, Verdict::reproduced);
  EXPECT_EQ(judge(r, {0.84, 0.18}, {0.40, 0.05}, {}).verdict, Verdict::qualitatively);
  EXPECT_EQ(judge(r, {0.84, 0.18}, {0.30, 0.50}, {}).verdict, Verdict::differs);
  EXPECT_EQ(judge(r, {0.84, 0.18}, {0.60, -0.10}, {}).verdict, Verdict::differs);
}

TEST(Verdict, RiseRuleChecksBothRangesThenTheRise) {
  VerdictRule r;
  r.kind = RuleKind::rise;
  r.tol = 0.05;
  r.min_rise = 0.2;
  const std::vector<double> paper = {0.2, 0.3, 0.7, 0.8};
  EXPECT_EQ(judge(r, paper, {0.25, 0.75}, {}).verdict, Verdict::reproduced);
  EXPECT_EQ(judge(r, paper, {0.16, 0.84}, {}).verdict, Verdict::reproduced);
  EXPECT_EQ(judge(r, paper, {0.40, 0.75}, {}).verdict, Verdict::qualitatively);  // start too high
  EXPECT_EQ(judge(r, paper, {0.40, 0.62}, {}).verdict, Verdict::qualitatively);
  EXPECT_EQ(judge(r, paper, {0.45, 0.60}, {}).verdict, Verdict::differs);
  EXPECT_EQ(judge(r, paper, {kNaN, 0.6}, {}).verdict, Verdict::not_run);
}

TEST(Verdict, SpeedRuleNeedsTheLimitAndTheRatio) {
  VerdictRule r;
  r.kind = RuleKind::speed;
  r.limit = 60;
  r.ratio = 100;
  EXPECT_EQ(judge(r, {60, 18000}, {5, 1000}, {}).verdict, Verdict::reproduced);
  EXPECT_EQ(judge(r, {60, 18000}, {5, 400}, {}).verdict, Verdict::qualitatively);
  EXPECT_EQ(judge(r, {60, 18000}, {90, 20000}, {}).verdict, Verdict::qualitatively);
  EXPECT_EQ(judge(r, {60, 18000}, {90, 50}, {}).verdict, Verdict::differs);
  EXPECT_EQ(judge(r, {60, 18000}, {5, kNaN}, {}).verdict, Verdict::qualitatively);
  EXPECT_EQ(judge(r, {60, 18000}, {kNaN, 100}, {}).verdict, Verdict::not_run);
}

TEST(Verdict, ReasonsCarryTheNumbersInTheRowsUnit) {
  VerdictRule r = band(0.015, 0.05);
  r.scale = 100;
  r.unit = "pp";
  const Judgement j = judge(r, {0.855}, {0.861}, {});
  EXPECT_NE(j.reason.find("0.6 pp"), std::string::npos) << j.reason;
  EXPECT_NE(j.reason.find("1.5 pp"), std::string::npos) << j.reason;
}

TEST(Verdict, BadRulesAndSizesAreRejectedWithMessages) {
  VerdictRule r = band(-1, 0);
  try {
    judge(r, {1}, {1}, {});
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "VerdictRule: tol must be >= 0, got -1");
  }
  r = band(1, 1);
  try {
    judge(r, {1, 2}, {1}, {});
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "judge: ours must have as many values as the paper, got 1");
  }
  EXPECT_THROW(judge(r, {1}, {1}, {1, 2}), InvalidInput);
  r.kind = RuleKind::rise;
  EXPECT_THROW(judge(r, {1, 2}, {1, 2}, {}), InvalidInput);
}
