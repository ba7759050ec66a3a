// The iblrnn executable: distill end to end on a tiny trained network — the output folder,
// summary keys, reduced models that `iblrnn eval` accepts, and one-line errors with exit 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "../support/cli_prelude.hpp"
#include "iblrnn/distill/distill_schema.hpp"

TEST(CliDistill, WritesSummaryArraysAndNetworkFoldersThatEvalAccepts) {
  TempDir dir;
  const std::string run = dir / "run";
  ASSERT_EQ(iblrnn_cli("train --hidden 6 --steps 3 --set task.n_blocks=2 --out " + run).exit_code,
            0);
  ASSERT_EQ(iblrnn_cli("eval " + run + " --blocks 6 --no-bayes").exit_code, 0);
  const auto r = iblrnn_cli("distill " + run +
                            " --set distill.conventional_steps=5 --set distill.task_trained_steps=2"
                            " --set distill.eval_blocks=6 --set distill.flow_grid=5");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* f : {"summary.json", "radd/network.json", "radd/config.toml",
                        "radd/rnn.weight_hh_l0.npy", "conventional/readout.weight.npy",
                        "task_trained_2/network.json", "radd_z.npy", "radd_z_free.npy",
                        "radd_free_run_error.npy", "radd_projection.npy", "conventional_loss.npy",
                        "portraits/radd_left_flow.npy", "portraits/task_trained_2_right_flow.npy"})
    EXPECT_TRUE(fs::exists(run + "/distill/" + f)) << f;
  const auto s = nlohmann::json::parse(read_text_file(run + "/distill/summary.json"));
  for (const char* k : {"A", "B", "c", "r2", "fit_seconds", "gain", "free_run_error"})
    EXPECT_TRUE(s["radd"].contains(k)) << k;
  EXPECT_EQ(s["radd"]["A"].size(), 2u);
  EXPECT_EQ(s["radd"]["B"][0].size(), 3u);
  for (const char* k : {"teacher", "radd", "conventional", "task_trained_2"})
    EXPECT_TRUE(s["accuracy"].contains(k)) << k;
  EXPECT_EQ(s["conventional"]["steps"], 5);
  EXPECT_TRUE(s["portraits"]["radd"].contains("left"));
  const auto mismatch = iblrnn::check_summary(iblrnn::distill_summary_schema(), s);
  EXPECT_TRUE(mismatch.ok()) << mismatch.describe();
  // The teacher replayed on the common session equals its own evaluation.
  const auto e = nlohmann::json::parse(read_text_file(run + "/eval/summary.json"));
  EXPECT_DOUBLE_EQ(s["accuracy"]["teacher"].get<double>(), e["accuracy"].get<double>());
  const auto ev = iblrnn_cli("eval " + run + "/distill/radd --blocks 2 --no-bayes");
  EXPECT_EQ(ev.exit_code, 0) << ev.output;
  EXPECT_TRUE(fs::exists(run + "/distill/radd/eval/hidden.npy"));
}

// The optional parts of the summary (refinement, a 3-unit PCA reduction with no plane portrait,
// a 3-unit conventional student, no task-trained network) are declared as well.
TEST(CliDistill, OptionalPartsMatchTheSchema) {
  TempDir dir;
  const std::string run = dir / "run";
  ASSERT_EQ(iblrnn_cli("train --hidden 6 --steps 3 --set task.n_blocks=2 --out " + run).exit_code,
            0);
  const auto r = iblrnn_cli("distill " + run +
                            " --set distill.conventional_steps=3 --set distill.conventional_hidden=3"
                            " --set distill.task_trained=false --set distill.refine_steps=2"
                            " --set distill.projection=pca --set distill.n_components=3"
                            " --set distill.eval_blocks=4 --set distill.flow_grid=3"
                            " --set distill.fixed_point_grid=2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto s = nlohmann::json::parse(read_text_file(run + "/distill/summary.json"));
  EXPECT_EQ(s["radd"]["n_units"], 3);
  EXPECT_TRUE(s["radd"].contains("refine"));
  EXPECT_TRUE(s["portraits"]["radd"].empty());
  EXPECT_FALSE(s["portraits"].contains("conventional"));
  EXPECT_FALSE(s.contains("task_trained_2"));
  const auto mismatch = iblrnn::check_summary(iblrnn::distill_summary_schema(), s);
  EXPECT_TRUE(mismatch.ok()) << mismatch.describe();
}

// An LSTM teacher whose evaluation kept h only (a sweep removes cell.npy): its cells are
// replayed, so its fixed points are still searched in the (h, c) space and compared.
TEST(CliDistill, LstmTeacherWithoutRecordedCellsIsReplayed) {
  TempDir dir;
  const std::string run = dir / "run";
  ASSERT_EQ(iblrnn_cli("train --hidden 4 --steps 2 --set network.arch=lstm --set task.n_blocks=2"
                       " --out " + run).exit_code, 0);
  ASSERT_EQ(iblrnn_cli("eval " + run + " --blocks 4 --no-bayes").exit_code, 0);
  for (const char* f : {"/eval/cell.npy", "/eval/steps/cell.npy"}) fs::remove(run + f);
  const auto r = iblrnn_cli("distill " + run +
                            " --set distill.conventional_steps=0 --set distill.task_trained=false"
                            " --set distill.eval_blocks=4 --set distill.flow_grid=3"
                            " --set distill.fixed_point_grid=2 --set analysis.n_fixed_point_starts=4");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto s = nlohmann::json::parse(read_text_file(run + "/distill/summary.json"));
  EXPECT_EQ(s["teacher"]["arch"], "lstm");
  EXPECT_LT(s["teacher"]["lstm_cell_replay_max_abs_h_error"].get<double>(), 1e-12);
  EXPECT_FALSE(s["portraits"]["teacher"].contains("skipped"));
  EXPECT_TRUE(s["portraits"]["teacher"].contains("left"));
  const auto mismatch = iblrnn::check_summary(iblrnn::distill_summary_schema(), s);
  EXPECT_TRUE(mismatch.ok()) << mismatch.describe();
}

TEST(CliDistill, BadInputIsOneLineExitTwo) {
  TempDir dir;
  const auto missing = iblrnn_cli("distill " + (dir / "nothing"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.output.find("config.toml"), std::string::npos) << missing.output;
  const auto bad = iblrnn_cli("distill " + (dir / "nothing") + " --set distill.scale_max=2");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("DistillConfig: scale_max must be in (0, 1), got 2"), std::string::npos)
      << bad.output;
  EXPECT_FALSE(fs::exists(dir / "nothing/distill"));
}
