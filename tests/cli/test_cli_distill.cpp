// The iblrnn executable: distill end to end on a tiny trained network — the output folder,
// summary keys, reduced models that `iblrnn eval` accepts, and one-line errors with exit 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "../support/cli_prelude.hpp"

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
  // The teacher replayed on the common session equals its own evaluation.
  const auto e = nlohmann::json::parse(read_text_file(run + "/eval/summary.json"));
  EXPECT_DOUBLE_EQ(s["accuracy"]["teacher"].get<double>(), e["accuracy"].get<double>());
  const auto ev = iblrnn_cli("eval " + run + "/distill/radd --blocks 2 --no-bayes");
  EXPECT_EQ(ev.exit_code, 0) << ev.output;
  EXPECT_TRUE(fs::exists(run + "/distill/radd/eval/hidden.npy"));
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
