// The claims' measurements read from output folders (claims_from_folder.hpp): each number
// from its summary key, C2 and C3 counted from a hand-made trials.csv, a missing file leaving
// the claim "not tested", and the JSON form of the table.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "../support/shell.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/report/claims_from_folder.hpp"

using namespace iblrnn::io;
using namespace iblrnn::report;

using iblrnn::testing::TempDir;

namespace {

// Header of trials.csv (docs/outputs.md) and one row.
const char* kHeader = "session,block,trial_in_block,block_side,p_left,stim_side,signal,concordant,choice,correct,n_obs\n";
std::string row(int k, int block_side, int stim_side, double signal, int correct) {
  const int concordant = block_side == stim_side;
  const int choice = correct ? stim_side : -stim_side;
  return "0,1," + std::to_string(k) + "," + std::to_string(block_side) + ",0.2," + std::to_string(stim_side) +
         "," + std::to_string(signal) + "," + std::to_string(concordant) + "," + std::to_string(choice) + "," +
         std::to_string(correct) + ",3\n";
}

}  // namespace

TEST(ClaimsFromFolder, NumbersComeFromTheirSummariesAndTrials) {
  TempDir dir;
  const std::string d = dir.path();
  make_dirs(d + "/network/eval");
  make_dirs(d + "/analysis");
  make_dirs(d + "/distill");
  make_dirs(d + "/bayes/actor");
  write_json(d + "/network/eval/summary.json", {{"accuracy", 0.86}, {"timeout_rate", 0.01}});
  write_json(d + "/bayes/actor/summary.json", {{"accuracy", 0.84}});
  write_json(d + "/analysis/summary.json",
             {{"readout_angle_full_deg_paper2020", 73.5},
              {"readout_angle_full_deg_ours", 89.5},
              {"fixed_points", {{"left", {{"stable_points", {{{"quadrant", "left_stim/left_block"}}}}}},
                                {"right", {{"stable_points", nlohmann::json::array()}}}}},
              {"dynamics", {{"no_stimulus", {{"label", "bistable"}, {"slow_channel", true},
                                             {"angles", {{"block_plane_deg", 24.0}}}}}}},
              {"step_dq", {{"feedback_mean", 0.2}, {"observation_mean", 1.0}}}});
  write_json(d + "/distill/summary.json",
             {{"accuracy", {{"radd", 0.85}, {"teacher", 0.86}}},
              {"radd", {{"by_scaling", {{"shared", {{"input_drive_ratio", 4.8},
                                                     {"time_constants", {7.2, nullptr}}}}}}}}});
  // C2: μ = 0 trials of biased blocks: k < 5 → 1 of 4 correct; 19 ≤ k < 40 → 3 of 4.
  // C3: 0 < μ ≤ 0.5: concordant 2 of 2 correct, discordant 1 of 4.
  std::string csv = kHeader;
  for (int k : {0, 1, 2, 3}) csv += row(k, -1, 1, 0.0, k == 0);
  for (int k : {19, 25, 30, 39}) csv += row(k, 1, 1, 0.0, k != 30);
  csv += row(41, 1, 1, 0.0, 0);    // k = 41: in neither range
  csv += row(6, 1, 1, 0.25, 1);    // concordant
  csv += row(7, -1, -1, 0.5, 1);   // concordant
  for (int i = 0; i < 4; ++i) csv += row(8 + i, 1, -1, 0.25, i == 0);  // discordant
  csv += row(12, 1, -1, 1.0, 0);   // μ > 0.5: left out
  std::ofstream(d + "/network/eval/trials.csv") << csv;

  ReportFolder f(d);
  const ClaimMeasurements m = read_claim_measurements(f, f, 3);
  EXPECT_EQ(m.seed, 3);
  EXPECT_EQ(m.rnn_accuracy, 0.86);
  EXPECT_EQ(m.rnn_timeout_rate, 0.01);
  EXPECT_EQ(m.bayes_actor_accuracy, 0.84);
  EXPECT_TRUE(std::isnan(m.actor_commit_accuracy));  // no bayes/actor_commit: not tested
  EXPECT_DOUBLE_EQ(m.zero_signal_early, 0.25);
  EXPECT_DOUBLE_EQ(m.zero_signal_late, 0.75);
  EXPECT_DOUBLE_EQ(m.concordant_low, 1.0);
  EXPECT_DOUBLE_EQ(m.concordant_low_ci, 0.0);
  EXPECT_DOUBLE_EQ(m.discordant_low, 0.25);
  EXPECT_NEAR(m.discordant_low_ci, 1.96 * std::sqrt(0.25 * 0.75 / 4), 1e-12);
  EXPECT_EQ(m.angle_full_paper2020, 73.5);
  EXPECT_EQ(m.angle_full_ours, 89.5);
  EXPECT_TRUE(std::isnan(m.angle_plane_paper2020));
  ASSERT_TRUE(m.left_concordant_attractor.has_value());
  EXPECT_TRUE(*m.left_concordant_attractor);
  ASSERT_TRUE(m.right_concordant_attractor.has_value());
  EXPECT_FALSE(*m.right_concordant_attractor);
  EXPECT_EQ(m.no_stimulus_label, "bistable");
  EXPECT_TRUE(m.no_stimulus_slow_channel);
  EXPECT_EQ(m.no_stimulus_angle_block_plane, 24.0);
  EXPECT_EQ(m.feedback_dq, 0.2);
  EXPECT_EQ(m.observation_dq, 1.0);
  EXPECT_EQ(m.radd_accuracy, 0.85);
  EXPECT_EQ(m.radd_input_drive_ratio, 4.8);
  EXPECT_EQ(m.radd_tau_stimulus, 7.2);
  EXPECT_TRUE(std::isinf(m.radd_tau_block));  // null: none (A_ii ≥ 1)

  const nlohmann::json j = claims_json(build_claims({m}));
  ASSERT_EQ(j.size(), 16u);
  EXPECT_EQ(j[1]["id"], "C2");
  EXPECT_EQ(j[1]["counts"][0]["fraction"], "1/1");  // 0.25 < 0.5 < 0.75
  EXPECT_EQ(j[1]["counts"][0]["holds"][0], true);
  EXPECT_EQ(j[15]["values"][0]["radd_tau_block"], "none (A_ii >= 1)");
  EXPECT_EQ(j[10]["counts"][1]["definition"], "bistable_slow_channel");
  EXPECT_EQ(j[10]["counts"][1]["fraction"], "1/1");
}

// A sweep point: the evaluation in eval/ of the point's own folder and no bayes stage, so C1's
// threshold actor comes from the evaluation's actor_accuracy.
TEST(ClaimsFromFolder, ASweepPointReadsItsEvaluationAndItsActor) {
  TempDir dir;
  const std::string d = dir.path();
  make_dirs(d + "/eval");
  write_json(d + "/eval/summary.json", {{"accuracy", 0.86}, {"timeout_rate", 0.01}, {"actor_accuracy", 0.79}});
  std::string csv = kHeader;
  for (int k : {0, 1}) csv += row(k, -1, 1, 0.0, k == 0);
  std::ofstream(d + "/eval/trials.csv") << csv;
  ReportFolder f(d);
  const ClaimMeasurements m = read_claim_measurements(f, f, 2, "eval");
  EXPECT_EQ(m.rnn_accuracy, 0.86);
  EXPECT_EQ(m.bayes_actor_accuracy, 0.79);
  EXPECT_DOUBLE_EQ(m.zero_signal_early, 0.5);
  // The study layout finds nothing there: every measurement not tested.
  const ClaimMeasurements study = read_claim_measurements(f, f, 2);
  EXPECT_TRUE(std::isnan(study.rnn_accuracy));
  EXPECT_TRUE(std::isnan(study.bayes_actor_accuracy));
  EXPECT_TRUE(std::isnan(study.zero_signal_early));
  // With a study's bayes/actor the study's actor is used, not the evaluation's.
  make_dirs(d + "/bayes/actor");
  write_json(d + "/bayes/actor/summary.json", {{"accuracy", 0.8}});
  ReportFolder g(d);
  EXPECT_EQ(read_claim_measurements(g, g, 2, "eval").bayes_actor_accuracy, 0.8);
}
