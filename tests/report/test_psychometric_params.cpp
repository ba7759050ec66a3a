// The psychometric parameter table: every number equals the behaviour outputs' (written by the
// behaviour job itself on two agents' runs and a small two-mouse folder), the agents' signal
// units come from psychometric_fits.csv and summary.json, the caption names the fit, and the
// page shows the table.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <sstream>

#include "../support/shell.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/pipeline/behavior.hpp"
#include "iblrnn/report/html_page.hpp"
#include "iblrnn/report/psychometric_params.hpp"
#include "report_fixture.hpp"

using namespace iblrnn::behavior;
using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::pipeline;
using namespace iblrnn::report;
using namespace iblrnn::task;

using iblrnn::testing::TempDir;

namespace {

// A mouse CSV (IBL export columns): blocks of 60 trials alternating P(left) = 0.8 / 0.2, the
// side drawn with P(left), contrasts 0–100 %, P(right) = 0.05 + 0.9 Φ((x − m_block)/0.2).
std::string mouse_csv(std::uint64_t seed, double bias) {
  std::uint64_t s = seed;
  auto uniform = [&s] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) / 9007199254740992.0;
  };
  const double levels[] = {0, 0.0625, 0.125, 0.25, 1};
  std::string out = "trial_num,session_num,stim_probability_left,contrast,position,response_choice,"
                    "trial_correct,reaction_time\n";
  for (int i = 0; i < 2400; ++i) {
    const double p_left = (i / 60) % 2 == 0 ? 0.8 : 0.2;
    const int side = uniform() < p_left ? -1 : 1;
    const double c = levels[static_cast<int>(uniform() * 5) % 5];
    const double m = p_left > 0.5 ? bias : -bias;
    const double p_right = 0.05 + 0.9 * (std::erf((side * c - m) / 0.2) + 1) / 2;
    const int choice = uniform() < p_right ? 1 : -1;
    std::ostringstream row;
    row << i << "," << 1 + i / 600 << "," << p_left << "," << c << "," << 35 * side << "," << choice << ","
        << (choice == side) << ",0.3\n";
    out += row.str();
  }
  return out;
}

// Two agents' runs and two mice, analysed by the behaviour job into DIR/behavior.
void write_behavior_outputs(const std::string& dir, const std::string& fit) {
  TaskConfig config;
  config.n_blocks = 8;
  const auto plans = make_sessions(config, 11, 2);
  iblrnn::testing::HeuristicAgent heuristic;
  iblrnn::testing::write_agent_run(dir + "/network/eval", play(config, plans, heuristic), "rnn");
  OracleAgent oracle(plans);
  iblrnn::testing::write_agent_run(dir + "/bayes/actor", play(config, plans, oracle), "actor");
  make_dirs(dir + "/mice");
  write_text_file(dir + "/mice/mouse_a.csv", mouse_csv(3, 0.06));
  write_text_file(dir + "/mice/mouse_b.csv", mouse_csv(5, 0.1));
  BehaviorOptions b;
  b.inputs = {dir + "/network/eval", dir + "/bayes/actor", dir + "/mice"};
  b.labels = {"RNN", "actor", "mice"};
  b.config.fit = parse_choice<FitRanges>(fit, "test", "fit");
  b.config.fit_restarts = 3;
  b.out = dir + "/behavior";
  run_behavior(b);
}

// psychometric_table.csv parsed here on its own: (input, subject) → column → value (NaN if empty).
std::map<std::pair<std::string, std::string>, std::map<std::string, double>> parse_table(const std::string& path) {
  std::istringstream in(read_text_file(path));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  std::stringstream h(line);
  for (std::string c; std::getline(h, c, ',');) names.push_back(c);
  std::map<std::pair<std::string, std::string>, std::map<std::string, double>> out;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    EXPECT_EQ(cells.size(), names.size()) << line;
    auto& row = out[{cells[0], cells[1]}];
    for (std::size_t i = 3; i < cells.size(); ++i)
      row[names[i]] = cells[i].empty() ? std::nan("") : std::strtod(cells[i].c_str(), nullptr);
  }
  return out;
}

void expect_same(double table, double file, const std::string& what) {
  if (std::isnan(file)) EXPECT_TRUE(std::isnan(table)) << what;
  else EXPECT_EQ(table, file) << what;
}

}  // namespace

TEST(PsychometricParams, EveryNumberIsTheBehaviorOutputsOwn) {
  TempDir dir;
  write_behavior_outputs(dir.path(), "iblrnn");
  ReportFolder folder(dir.path());
  std::string why;
  const auto rows = read_psychometric_params(folder, why);
  const auto file = parse_table(dir.path() + "/behavior/psychometric_table.csv");
  ASSERT_EQ(rows.size(), 5u) << why;  // RNN, actor, mice pooled, mouse_a, mouse_b
  ASSERT_EQ(file.size(), 5u);
  for (const auto& r : rows) {
    ASSERT_TRUE(file.count({r.input, r.subject})) << r.input << "/" << r.subject;
    const auto& f = file.at({r.input, r.subject});
    const std::string who = r.input + "/" + r.subject + " ";
    EXPECT_EQ(r.fit, "iblrnn");
    EXPECT_EQ(static_cast<double>(r.n_trials), f.at("n_trials")) << who;
    const std::pair<const char*, const Estimate*> fields[] = {
        {"bias_left_pct", &r.bias_left_pct},           {"bias_right_pct", &r.bias_right_pct},
        {"bias_shift_pct", &r.bias_shift_pct},         {"threshold_left_pct", &r.threshold_left_pct},
        {"threshold_right_pct", &r.threshold_right_pct}, {"lapse_low_left", &r.lapse_low_left},
        {"lapse_high_left", &r.lapse_high_left},       {"lapse_low_right", &r.lapse_low_right},
        {"lapse_high_right", &r.lapse_high_right}};
    for (const auto& [name, e] : fields) {
      expect_same(e->value, f.at(name), who + name);
      expect_same(e->se, f.at(std::string(name) + "_se"), who + name + "_se");
    }
    EXPECT_EQ(r.mice, r.input == "mice") << who;
    if (r.mice) {
      EXPECT_TRUE(std::isnan(r.bias_left_x.value)) << who << "mice are in % contrast only";
    } else {
      // The signal units: the fit's m and w, and the summary's Δm; % = μ × (100 / max(1, max μ)),
      // the same factor for bias, threshold and shift.
      ASSERT_TRUE(std::isfinite(r.bias_left_x.value)) << who;
      const double k = r.threshold_left_pct.value / r.threshold_left_x.value;
      EXPECT_NEAR(r.bias_left_pct.value, k * r.bias_left_x.value, 1e-9 * std::abs(k)) << who;
      EXPECT_NEAR(r.bias_right_pct.value, k * r.bias_right_x.value, 1e-9 * std::abs(k)) << who;
      EXPECT_NEAR(r.bias_shift_pct.value, k * r.bias_shift_x.value, 1e-9 * std::abs(k)) << who;
      EXPECT_NEAR(r.threshold_right_pct.value, k * r.threshold_right_x.value, 1e-9 * std::abs(k)) << who;
    }
  }
  // The mice lean towards the block (the generator's m = ±0.06, ±0.1): a positive shift in %.
  EXPECT_GT(file.at({"mice", "mouse_b"}).at("bias_shift_pct"), 10);
  EXPECT_LT(file.at({"mice", "mouse_b"}).at("bias_shift_pct"), 30);

  const Figure f = psychometric_params_figure(folder);
  ASSERT_TRUE(f.available()) << f.missing;
  EXPECT_TRUE(f.spec.is_null());
  ASSERT_EQ(f.table.rows.size(), 3u);         // the pooled inputs
  ASSERT_EQ(f.table.folded_rows.size(), 2u);  // each mouse
  EXPECT_EQ(f.table.folded_label, "each mouse (2)");
  EXPECT_EQ(f.table.columns.size(), 11u);  // one fit kind: no fit column
  EXPECT_NE(f.caption.find("Fit `iblrnn`"), std::string::npos) << f.caption;
  EXPECT_EQ(f.caption.find("too_few_levels"), std::string::npos) << f.caption;  // every fit ok
  // Cells: the formatted file values; agents carry their μ line, mice not.
  const auto& rnn = f.table.rows[0];
  EXPECT_EQ(rnn[0], "RNN 50-unit");
  const auto& frnn = file.at({"RNN", ""});
  EXPECT_EQ(rnn[1], std::to_string(static_cast<std::int64_t>(frnn.at("n_trials"))));
  EXPECT_EQ(rnn[2].substr(0, rnn[2].find('\n')),
            format_estimate({frnn.at("bias_left_pct"), frnn.at("bias_left_pct_se")}, 2));
  EXPECT_NE(rnn[2].find("\nμ: "), std::string::npos);
  EXPECT_EQ(rnn[7], format_estimate({frnn.at("lapse_low_left"), frnn.at("lapse_low_left_se")}, 3));
  const auto& mice = f.table.rows[2];
  EXPECT_EQ(mice[0], "mice");
  EXPECT_EQ(mice[4], format_estimate({file.at({"mice", ""}).at("bias_shift_pct"),
                                      file.at({"mice", ""}).at("bias_shift_pct_se")}, 2));
  EXPECT_EQ(f.table.folded_rows[0][0], "mouse_a");  // one input with subjects: no "(mice)"
  for (const auto& r : rows) EXPECT_EQ(r.status_left, "ok") << r.input << "/" << r.subject;
}

TEST(PsychometricParams, IblFitIsNamedAndHasNoSignalUnits) {
  TempDir dir;
  write_behavior_outputs(dir.path(), "ibl");
  ReportFolder folder(dir.path());
  const Figure f = psychometric_params_figure(folder);
  ASSERT_TRUE(f.available()) << f.missing;
  EXPECT_NE(f.caption.find("Fit `ibl` (ibllib's ranges"), std::string::npos) << f.caption;
  EXPECT_EQ(f.caption.find("`iblrnn`"), std::string::npos) << f.caption;
  for (const auto& row : f.table.rows)
    for (const auto& cell : row) EXPECT_EQ(cell.find('\n'), std::string::npos) << cell;
  // ibllib's box: thresholds in [10, 50] %, lapses at most 0.2.
  std::string why;
  for (const auto& r : read_psychometric_params(folder, why)) {
    EXPECT_EQ(r.fit, "ibl");
    EXPECT_GE(r.threshold_left_pct.value, 10 - 1e-9);
    EXPECT_LE(r.threshold_left_pct.value, 50 + 1e-9);
    EXPECT_LE(r.lapse_high_right.value, 0.2 + 1e-9);
  }
}

TEST(PsychometricParams, AFitWithoutEstimatesSaysWhy) {
  TempDir dir;
  make_dirs(dir.path() + "/behavior");
  write_text_file(dir.path() + "/behavior/psychometric_table.csv",
                  "input,subject,fit,n_trials,bias_left_pct,bias_left_pct_se,bias_right_pct,bias_right_pct_se,"
                  "bias_shift_pct,bias_shift_pct_se,threshold_left_pct,threshold_left_pct_se,threshold_right_pct,"
                  "threshold_right_pct_se,lapse_low_left,lapse_low_left_se,lapse_high_left,lapse_high_left_se,"
                  "lapse_low_right,lapse_low_right_se,lapse_high_right,lapse_high_right_se\n"
                  "RNN,,iblrnn,1052,,,,,,,,,,,,,,,,,,\n");
  write_text_file(dir.path() + "/behavior/psychometric_fits.csv",
                  "input,subject,group,fit,m,m_se,w,w_se,gamma1,gamma1_se,gamma2,gamma2_se,nll,n_trials,"
                  "n_levels,status,bias_pct,bias_pct_se,threshold_pct,threshold_pct_se\n"
                  "RNN,,block_left,iblrnn,,,,,,,,,,0,0,too_few_levels,,,,\n"
                  "RNN,,block_right,iblrnn,,,,,,,,,,1,1,too_few_levels,,,,\n");
  ReportFolder folder(dir.path());
  const Figure f = psychometric_params_figure(folder);
  ASSERT_EQ(f.table.rows.size(), 1u);
  EXPECT_EQ(f.table.rows[0][0], "RNN 50-unit\nfit: too_few_levels");
  EXPECT_EQ(f.table.rows[0][2], "—\nμ: —");
  EXPECT_TRUE(f.table.folded_rows.empty());
  EXPECT_NE(f.caption.find("too_few_levels: fewer than 3"), std::string::npos) << f.caption;
}

TEST(PsychometricParams, RowsFromTwoFitsGetAFitColumnAndTheCaptionSaysWhichIsWhich) {
  // A study fitted with `ibl` beside the mouse reference, fitted with `iblrnn`.
  TempDir dir;
  make_dirs(dir.path() + "/behavior");
  const std::string values = ",5,0.5,-5,0.5,10,0.7,20,1,20,1,0.05,0.01,0.05,0.01,0.05,0.01,0.05,0.01\n";
  write_text_file(dir.path() + "/behavior/psychometric_table.csv",
                  "input,subject,fit,n_trials,bias_left_pct,bias_left_pct_se,bias_right_pct,bias_right_pct_se,"
                  "bias_shift_pct,bias_shift_pct_se,threshold_left_pct,threshold_left_pct_se,threshold_right_pct,"
                  "threshold_right_pct_se,lapse_low_left,lapse_low_left_se,lapse_high_left,lapse_high_left_se,"
                  "lapse_low_right,lapse_low_right_se,lapse_high_right,lapse_high_right_se\n"
                  "RNN,,ibl,1000" + values + "actor,,ibl,1000" + values + "mice,,iblrnn,900" + values);
  write_text_file(dir.path() + "/behavior/summary.json",
                  R"({"inputs": [{"label": "RNN", "rt_unit": "steps"}, {"label": "actor", "rt_unit": "steps"},
                                 {"label": "mice", "rt_unit": "s"}]})");
  ReportFolder folder(dir.path());
  const Figure f = psychometric_params_figure(folder);
  ASSERT_EQ(f.table.columns.size(), 12u);
  EXPECT_EQ(f.table.columns[2], "fit");
  ASSERT_EQ(f.table.rows.size(), 3u);
  EXPECT_EQ(f.table.rows[0][2], "ibl");
  EXPECT_EQ(f.table.rows[2][2], "iblrnn");
  EXPECT_EQ(f.table.rows[2][3], "5.00 ± 0.50");
  EXPECT_EQ(f.table.rows[2][5], "10.00 ± 0.70");  // the mice: % contrast only
  EXPECT_EQ(f.table.rows[0][3], "5.00 ± 0.50");   // an `ibl` fit is in % already
  EXPECT_NE(f.caption.find("Fit `ibl` (ibllib's ranges: m ∈ [−50, 50] %, w ∈ [10, 50] %, lapses ≤ 0.2; a no-go "
                           "counts as not right) for RNN 50-unit, Bayesian actor; fit `iblrnn` (x = the signal, "
                           "bounds relative to its range, no-go trials left out) for mice."),
            std::string::npos)
      << f.caption;
}

TEST(PsychometricParams, FormatsValueAndStandardError) {
  EXPECT_EQ(format_estimate({5.047358, 0.0792176}, 2), "5.05 ± 0.08");
  EXPECT_EQ(format_estimate({-4.724, 0.0788}, 2), "-4.72 ± 0.08");
  EXPECT_EQ(format_estimate({0.05885, 0.000654}, 3), "0.059 ± 0.001");
  EXPECT_EQ(format_estimate({0.2, std::nan("")}, 3), "0.200 ± n/a");
  EXPECT_EQ(format_estimate({}, 2), "—");
}

TEST(PsychometricParams, MissingTableIsANotAvailableBoxAndThePageShowsTheTable) {
  TempDir empty;
  ReportFolder none(empty.path());
  const Figure missing = psychometric_params_figure(none);
  EXPECT_FALSE(missing.available());
  EXPECT_NE(missing.missing.find("behavior/psychometric_table"), std::string::npos) << missing.missing;

  TempDir dir;
  write_behavior_outputs(dir.path(), "iblrnn");
  const std::string html = render_report_html(build_report_page(dir.path()));
  const std::size_t card = html.find("id=\"card-psychometric_params\"");
  ASSERT_NE(card, std::string::npos);
  const std::size_t end = html.find("</figure>", card);
  const std::string body = html.substr(card, end - card);
  EXPECT_NE(body.find("<table class=\"repro params\">"), std::string::npos);
  EXPECT_NE(body.find("<details class=\"folded\"><summary>each mouse (2)</summary>"), std::string::npos);
  EXPECT_NE(body.find("<div class=\"sub\">μ: "), std::string::npos);
  EXPECT_EQ(body.find("class=\"chart\""), std::string::npos);  // a table, not a Vega figure
}
