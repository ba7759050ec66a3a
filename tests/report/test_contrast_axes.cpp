// The mice on % contrast axes: Fig 3a and the psychometric curves put the mice in their own
// panel by signed contrast (%) on the symmetric-log axis, the agents' stay in μ; the mice's
// fitted curve is the fit's erf evaluated at contrast = x / 100; an agent's `ibl` fit (in %)
// is not drawn on its μ axis.
#include <gtest/gtest.h>

#include <cmath>

#include "../../src/report/figure_parts.hpp"
#include "../support/shell.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/report/figures.hpp"
#include "report_fixture.hpp"

using namespace iblrnn::io;
using namespace iblrnn::report;

using iblrnn::testing::TempDir;
using nlohmann::json;

namespace {

Figure behavior_figure(const std::string& dir, const std::string& id) {
  ReportFolder folder(dir);
  for (auto& f : behavior_section(folder).figures)
    if (f.id == id) return f;
  ADD_FAILURE() << id << " missing";
  return {};
}

void expect_percent_axis(const json& x) {
  EXPECT_EQ(x["field"], "contrast_pct");
  EXPECT_EQ(x["title"], "signed contrast (%)");
  EXPECT_EQ(x["scale"]["type"], "symlog");
  EXPECT_EQ(x["axis"]["values"], json({-100, -25, -12.5, -6.25, 0, 6.25, 12.5, 25, 100}));
}

// The fixture's fits (report_fixture.hpp): erf width 0.15 for the mice, m = ±0.2 · width,
// lapses 0.05 each.
double fixture_mouse_p(double contrast, bool left_block) {
  const double w = 0.15, m = left_block ? 0.2 * w : -0.2 * w;
  return 0.05 + 0.9 * (std::erf((contrast - m) / w) + 1) / 2;
}

}  // namespace

TEST(ContrastAxes, SymlogCoordinateAndItsInverse) {
  EXPECT_NEAR(parts::symlog_pct(6), std::log(2.0), 1e-15);
  EXPECT_NEAR(parts::symlog_pct(-100), -std::log1p(100 / 6.0), 1e-15);
  EXPECT_EQ(parts::symlog_pct(0), 0);
  for (double x : {-100.0, -12.5, -0.3, 0.0, 6.25, 25.0, 100.0})
    EXPECT_NEAR(parts::symlog_pct_inverse(parts::symlog_pct(x)), x, 1e-12 * (1 + std::abs(x)));
}

TEST(ContrastAxes, Fig3aMicePanelInPercentAgentsInSignal) {
  TempDir dir;
  iblrnn::testing::make_report_fixture(dir.path(), 6);
  const Figure f = behavior_figure(dir.path(), "fig3a");
  ASSERT_TRUE(f.available()) << f.missing;
  ASSERT_TRUE(f.spec.contains("hconcat")) << f.spec.dump().substr(0, 300);
  const json& agents = f.spec["hconcat"][0];
  const json& mice = f.spec["hconcat"][1];
  EXPECT_EQ(agents["layer"][0]["encoding"]["x"]["field"], "signed_signal");
  for (const auto& r : agents["data"]["values"]) EXPECT_FALSE(r.contains("mice")) << r.dump();
  expect_percent_axis(mice["layer"][0]["encoding"]["x"]);
  std::size_t n = 0;
  for (const auto& r : mice["data"]["values"]) {
    ASSERT_TRUE(r.contains("mice")) << r.dump();
    EXPECT_DOUBLE_EQ(r["contrast_pct"].get<double>(), parts::r4(100 * r["signed_signal"].get<double>()));
    ++n;
  }
  EXPECT_EQ(n, 18u);  // 9 contrasts × 2 groups (report_fixture.hpp)
  EXPECT_NE(f.caption.find("signed contrast (%)"), std::string::npos) << f.caption;
}

TEST(ContrastAxes, PsychometricMicePanelAndItsFitInPercent) {
  TempDir dir;
  iblrnn::testing::make_report_fixture(dir.path(), 6);
  const Figure f = behavior_figure(dir.path(), "psychometric");
  ASSERT_TRUE(f.available()) << f.missing;
  ASSERT_TRUE(f.spec.contains("concat"));
  bool saw_mice = false;
  for (const auto& panel : f.spec["concat"]) {
    const json& x = panel["layer"][0]["encoding"]["x"];
    if (panel["title"] == "mice") {
      saw_mice = true;
      expect_percent_axis(x);
    } else {
      EXPECT_EQ(x["field"], "signed_signal") << panel["title"];
    }
  }
  EXPECT_TRUE(saw_mice);
  std::size_t n_fit = 0;
  double lo = 0, hi = 0;
  for (const auto& v : f.spec["data"]["values"]) {
    if (v["agent"] != "mice") continue;
    if (v["kind"] == "points") {
      EXPECT_DOUBLE_EQ(v["contrast_pct"].get<double>(), parts::r4(100 * v["signed_signal"].get<double>()));
      continue;
    }
    ++n_fit;
    const double x = v["contrast_pct"].get<double>();
    lo = std::min(lo, x), hi = std::max(hi, x);
    // 4 significant digits on x and p: the slope of p is at most 0.9 / (√π · 0.15) per unit
    // contrast, so an x rounded by 5e-4 relative moves p by at most 1e-3 here.
    EXPECT_NEAR(v["p_right"].get<double>(), fixture_mouse_p(x / 100, v["block"] == "left"), 2e-3) << v.dump();
  }
  EXPECT_EQ(n_fit, 2u * 81u);  // two blocks, 81 points evenly on the symlog axis
  EXPECT_DOUBLE_EQ(lo, -100);
  EXPECT_DOUBLE_EQ(hi, 100);
}

TEST(ContrastAxes, AnAgentsIblFitIsNotDrawnOnItsSignalAxis) {
  TempDir dir;
  iblrnn::testing::make_report_fixture(dir.path(), 6);
  // The same fits, marked as `ibl` (m, w in % contrast).
  const std::string path = dir.path() + "/behavior/psychometric_fits.csv";
  std::string text = read_text_file(path), out;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    const std::string line = text.substr(start, end - start);
    out += line + (start == 0 ? ",fit\n" : ",ibl\n");
  }
  write_text_file(path, out);
  const Figure f = behavior_figure(dir.path(), "psychometric");
  std::size_t rnn_fit = 0, mice_fit = 0;
  for (const auto& v : f.spec["data"]["values"])
    if (v["kind"] == "fit") ++(v["agent"] == "mice" ? mice_fit : rnn_fit);
  EXPECT_EQ(rnn_fit, 0u);
  EXPECT_EQ(mice_fit, 2u * 81u);  // the mice's ibl fit is in % already
  EXPECT_NE(f.caption.find("`ibl` fits are in % contrast"), std::string::npos) << f.caption;
}

TEST(ContrastAxes, MiceReactionTimesOnTheSymlogAxisWithoutRareLevels) {
  TempDir dir;
  iblrnn::testing::make_report_fixture(dir.path(), 6);
  // A rare level (4 %: 9 of a usual level's 900 responses) joins the fixture's five.
  json summary = json::parse(read_text_file(dir.path() + "/behavior/summary.json"));
  summary["inputs"][1]["median_rt_by_abs_signal"].push_back({{"x", 0.04}, {"median", 0.5}, {"n", 9}});
  write_text_file(dir.path() + "/behavior/summary.json", summary.dump());
  const Figure f = behavior_figure(dir.path(), "mice_chronometric");
  ASSERT_TRUE(f.available()) << f.missing;
  EXPECT_EQ(f.spec["encoding"]["x"]["scale"]["type"], "symlog");
  EXPECT_EQ(f.spec["encoding"]["x"]["title"], "contrast (%)");
  std::vector<double> contrasts;
  for (const auto& r : f.spec["data"]["values"]) contrasts.push_back(r["contrast"].get<double>());
  EXPECT_EQ(contrasts, (std::vector<double>{0, 6.25, 12.5, 25, 100}));
  EXPECT_NE(f.caption.find("rare contrasts (4 %"), std::string::npos) << f.caption;
}
