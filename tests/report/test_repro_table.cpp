// The reproduction table: the rows are SPEC §7's numbers, our values come from summary.json
// (mean and sample sd over seeds) or the module summaries, and are formatted in each row's unit.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "../support/shell.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/report/repro_table.hpp"
#include "report_fixture.hpp"

using namespace iblrnn::report;

using iblrnn::testing::TempDir;

namespace {
const ReproRow& find(const std::vector<ReproRow>& rows, const std::string& key) {
  for (const auto& r : rows)
    if (r.key == key) return r;
  throw std::runtime_error("no row " + key);
}
}  // namespace

TEST(ReproTable, RowsAreTheNumbersOfSpecSection7) {
  // SPEC §7, typed in again here as the independent reference.
  const std::map<std::string, std::vector<double>> spec = {
      {"rnn_accuracy", {0.855}},
      {"radd_accuracy", {0.8687}},
      {"pc12_variance", {0.8874}},
      {"stim_readout_in_plane", {0.9339}},
      {"block_decoder_accuracy", {0.826, 0.825}},
      {"readout_angle_deg", {73, 68}},
      {"evidence_slopes", {0.84, 0.18}},
      {"radd_A", {0.54, 0.31, 0.19, 0.84}},
      {"radd_B", {-0.20, 0.20, 0.005, -0.04, 0.04, 0.02}},
      {"distill_seconds", {60, 5 * 3600}},
      {"zero_signal_rise", {0.2, 0.3, 0.7, 0.8}}};
  const auto rows = paper_rows();
  ASSERT_EQ(rows.size(), spec.size());
  for (const auto& r : rows) {
    ASSERT_TRUE(spec.count(r.key)) << r.key;
    EXPECT_EQ(r.paper, spec.at(r.key)) << r.key;
    EXPECT_FALSE(r.quantity.empty());
    EXPECT_FALSE(r.paper_text.empty());
    for (double v : r.ours) EXPECT_TRUE(std::isnan(v));
    EXPECT_NO_THROW(r.rule.validate());
  }
}

TEST(ReproTable, SeedsGiveMeanAndSampleStandardDeviation) {
  ReproRow r = find(paper_rows(), "block_decoder_accuracy");
  ASSERT_TRUE(fill_from_json(r, {{"seeds", {{0.80, 0.79}, {0.84, 0.83}, {0.82, nullptr}}}}));
  EXPECT_EQ(r.n_seeds, 3);
  EXPECT_NEAR(r.ours[0], 0.82, 1e-15);
  EXPECT_NEAR(r.sd[0], 0.02, 1e-15);  // deviations ±0.02, 0 → sqrt(0.0008 / 2)
  EXPECT_NEAR(r.ours[1], 0.81, 1e-15);
  EXPECT_NEAR(r.sd[1], std::sqrt(0.0008), 1e-15);  // two seeds (0.79, 0.83): 2·0.02² / 1
  ReproRow single = find(paper_rows(), "radd_A");
  ASSERT_TRUE(fill_from_json(single, {{0.5, 0.3}, {0.2, 0.8}}));
  EXPECT_EQ(single.n_seeds, 1);
  EXPECT_EQ(single.ours, (std::vector<double>{0.5, 0.3, 0.2, 0.8}));
  EXPECT_TRUE(std::isnan(single.sd[0]));
  ReproRow bad = find(paper_rows(), "radd_A");
  EXPECT_FALSE(fill_from_json(bad, {0.5, 0.3}));
  EXPECT_FALSE(fill_from_json(bad, "text"));
}

TEST(ReproTable, ValuesComeFromSummaryThenModuleSummaries) {
  TempDir dir;
  iblrnn::testing::make_report_fixture(dir.path(), 4);
  ReportFolder folder(dir.path());
  const auto rows = build_repro_table(folder);
  const ReproRow& acc = find(rows, "rnn_accuracy");  // summary.json, three seeds
  EXPECT_EQ(acc.source, "summary.json");
  EXPECT_EQ(acc.n_seeds, 3);
  EXPECT_NEAR(acc.ours[0], (0.852 + 0.861 + 0.848) / 3, 1e-12);
  EXPECT_EQ(acc.judgement.verdict, Verdict::reproduced);
  const ReproRow& angle = find(rows, "readout_angle_deg");  // analysis/summary.json, paper2020
  EXPECT_EQ(angle.source, "analysis/summary.json");
  EXPECT_EQ(angle.ours, (std::vector<double>{75, 64}));
  // Ours is named beside the paper's definition with its cause.
  EXPECT_NE(angle.judgement.reason.find("Ours (the full-state decoder, no mean in a direction) gives 88° / 70°"),
            std::string::npos) << angle.judgement.reason;
  const ReproRow& a = find(rows, "radd_A");  // distill/summary.json
  EXPECT_EQ(a.ours, (std::vector<double>{0.5, 0.3, 0.2, 0.85}));
  EXPECT_EQ(a.judgement.verdict, Verdict::reproduced);
  const ReproRow& time = find(rows, "distill_seconds");
  EXPECT_EQ(time.ours, (std::vector<double>{4.2, 3600}));
  EXPECT_EQ(time.judgement.verdict, Verdict::reproduced);  // 4.2 s < 60 s and 857× faster
}

TEST(ReproTable, AnEmptyFolderLeavesEveryRowNotRun) {
  TempDir dir;
  ReportFolder folder(dir.path());
  for (const auto& r : build_repro_table(folder)) {
    EXPECT_EQ(r.judgement.verdict, Verdict::not_run) << r.key;
    EXPECT_EQ(format_ours(r), "—");
    EXPECT_EQ(format_spread(r), "");
  }
}

TEST(ReproTable, FormatsFollowTheRowsUnit) {
  ReproRow acc = find(paper_rows(), "rnn_accuracy");
  ASSERT_TRUE(fill_from_json(acc, {{"seeds", {0.85, 0.87}}}));
  EXPECT_EQ(format_ours(acc), "86.00 %");
  EXPECT_EQ(format_spread(acc), "± 1.41 pp (2 seeds)");
  ReproRow a = find(paper_rows(), "radd_A");
  ASSERT_TRUE(fill_from_json(a, {{0.5, 0.3}, {0.2, 0.85}}));
  EXPECT_EQ(format_ours(a), "[[0.50, 0.30], [0.20, 0.85]]");
  EXPECT_EQ(format_spread(a), "1 seed");
  ReproRow t = find(paper_rows(), "distill_seconds");
  ASSERT_TRUE(fill_from_json(t, {30.0, 7200.0}));
  EXPECT_EQ(format_ours(t), "30.0 s / 2.0 h");
  ASSERT_TRUE(fill_from_json(t, {0.0175, 300.0}));
  EXPECT_EQ(format_ours(t), "0.02 s / 5.0 min");
  ReproRow rise = find(paper_rows(), "zero_signal_rise");
  ASSERT_TRUE(fill_from_json(rise, {0.25, 0.75}));
  EXPECT_EQ(format_ours(rise), "0.25 → 0.75");
  ReproRow angle = find(paper_rows(), "readout_angle_deg");
  ASSERT_TRUE(fill_from_json(angle, {72.6, 68.2}));
  EXPECT_EQ(format_ours(angle), "73° / 68°");
}

TEST(ReproTable, JsonHasEveryRowWithVerdictAndReason) {
  auto rows = paper_rows();
  ASSERT_TRUE(fill_from_json(rows[0], 0.9));
  rows[0].judgement = judge(rows[0].rule, rows[0].paper, rows[0].ours, rows[0].sd);
  const auto j = repro_table_json(rows);
  ASSERT_EQ(j.size(), rows.size());
  EXPECT_EQ(j[0]["key"], "rnn_accuracy");
  EXPECT_EQ(j[0]["verdict"], "qualitatively");  // 4.5 pp off: outside 1.5 pp, inside 5 pp
  EXPECT_TRUE(j[1]["ours_values"][0].is_null());
  EXPECT_EQ(j[1]["verdict"], "not run");
}

TEST(ReproTable, WithClaimsARowIsJudgedOnTheSeedsAndItsClaim) {
  TempDir dir;
  iblrnn::testing::make_report_fixture(dir.path(), 4);
  auto top = nlohmann::json::parse(iblrnn::io::read_text_file(dir / "summary.json"));
  top["rnn_accuracy"] = {{"seeds", {0.80, 0.81, 0.79}}};  // 4.5 pp from the paper's 85.5 %
  auto claim = [](int holds) {
    return nlohmann::json::array({{{"id", "C1"},
                                   {"counts", {{{"criterion", "RNN accuracy ≥ the threshold Bayesian actor's"},
                                                {"n_holds", holds},
                                                {"n_tested", 3}}}}}});
  };
  top["claims"] = claim(2);
  iblrnn::io::write_json(dir / "summary.json", top);
  {
    ReportFolder folder(dir.path());
    const ReproRow& acc = find(build_repro_table(folder), "rnn_accuracy");
    EXPECT_EQ(acc.per_seed.size(), 3u);
    EXPECT_EQ(acc.judgement.verdict, Verdict::qualitatively) << acc.judgement.reason;
    EXPECT_NE(acc.judgement.reason.find("the claim holds on 2/3 seeds"), std::string::npos) << acc.judgement.reason;
  }
  top["claims"] = claim(1);
  iblrnn::io::write_json(dir / "summary.json", top);
  {
    ReportFolder folder(dir.path());
    const ReproRow& acc = find(build_repro_table(folder), "rnn_accuracy");
    EXPECT_EQ(acc.judgement.verdict, Verdict::differs) << acc.judgement.reason;
  }
  // A seed's own table ignores the study's summary (its means).
  ReportFolder folder(dir.path());
  const ReproRow& own = find(build_repro_table(folder, true), "rnn_accuracy");
  EXPECT_NE(own.source, "summary.json");
}
