// The iblrnn executable: distill end to end on a tiny trained network — the output folder,
// summary keys, reduced models that `iblrnn eval` accepts, and one-line errors with exit 2.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "../support/cli_prelude.hpp"
#include "iblrnn/distill/distill_schema.hpp"
#include "iblrnn/io/npy.hpp"

using namespace iblrnn::io;

namespace {

// A tiny network trained into `run` (train `train_flags`, 2-block sessions), distilled with
// `distill_flags`; returns the distill summary.
nlohmann::json distilled(const std::string& run, const std::string& train_flags,
                         const std::string& distill_flags) {
  const auto t = iblrnn_cli("train " + train_flags + " --set task.n_blocks=2 --out " + run);
  EXPECT_EQ(t.exit_code, 0) << t.output;
  const auto r = iblrnn_cli("distill " + run + " " + distill_flags);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return nlohmann::json::parse(read_text_file(run + "/distill/summary.json"));
}

}  // namespace

TEST(CliDistill, WritesSummaryArraysAndNetworkFoldersThatEvalAccepts) {
  TempDir dir;
  const std::string run = dir / "run";
  ASSERT_EQ(iblrnn_cli("train --hidden 6 --steps 3 --set task.n_blocks=2 --out " + run).exit_code,
            0);
  ASSERT_EQ(iblrnn_cli("eval " + run + " --blocks 6 --no-bayes").exit_code, 0);
  const auto r = iblrnn_cli("distill " + run +
                            " --set distill.conventional_steps=5 --set distill.task_trained_steps=2"
                            " --set eval.eval_blocks=6 --set distill.flow_grid=5");
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
  const auto mismatch = iblrnn::io::check_summary(iblrnn::distill::distill_summary_schema(), s);
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
  const auto s = distilled(dir / "run", "--hidden 6 --steps 3",
                           "--set distill.conventional_steps=3 --set distill.conventional_hidden=3"
                           " --set distill.task_trained=false --set distill.refine_steps=2"
                           " --set distill.projection=pca --set distill.n_components=3"
                           " --set eval.eval_blocks=4 --set distill.flow_grid=3"
                           " --set distill.fixed_point_grid=2");
  EXPECT_EQ(s["radd"]["n_units"], 3);
  EXPECT_TRUE(s["radd"].contains("refine"));
  EXPECT_TRUE(s["portraits"]["radd"].empty());
  EXPECT_FALSE(s["portraits"].contains("conventional"));
  EXPECT_FALSE(s.contains("task_trained_2"));
  const auto mismatch = iblrnn::io::check_summary(iblrnn::distill::distill_summary_schema(), s);
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
                            " --set eval.eval_blocks=4 --set distill.flow_grid=3"
                            " --set distill.fixed_point_grid=2 --set analysis.n_fixed_point_starts=4");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto s = nlohmann::json::parse(read_text_file(run + "/distill/summary.json"));
  EXPECT_EQ(s["teacher"]["arch"], "lstm");
  EXPECT_LT(s["teacher"]["lstm_cell_replay_max_abs_h_error"].get<double>(), 1e-12);
  EXPECT_FALSE(s["portraits"]["teacher"].contains("skipped"));
  EXPECT_TRUE(s["portraits"]["teacher"].contains("left"));
  const auto mismatch = iblrnn::io::check_summary(iblrnn::distill::distill_summary_schema(), s);
  EXPECT_TRUE(mismatch.ok()) << mismatch.describe();
}

// The arrays of the folder against the summary's numbers, recomputed from their definitions:
// the free-run error per step and its RMSE (eq. D7), the loss per conventional step, and the
// RADD portrait's flow from the summary's A, B, c (eq. D12).
TEST(CliDistill, ArraysAgreeWithTheSummaryByTheirDefinitions) {
  TempDir dir;
  const std::string run = dir / "run";
  const auto s = distilled(run, "--hidden 5 --steps 3",
                           "--set distill.conventional_steps=4 --set distill.task_trained=false"
                           " --set eval.eval_blocks=4 --set distill.flow_grid=4"
                           " --set distill.fixed_point_grid=3");
  const std::string d = run + "/distill/";
  const auto z = iblrnn::io::read_npy(d + "radd_z.npy"), zf = iblrnn::io::read_npy(d + "radd_z_free.npy");
  const auto err = iblrnn::io::read_npy(d + "radd_free_run_error.npy");
  ASSERT_EQ(z.shape.size(), 2u);
  ASSERT_EQ(z.shape[1], 2u);
  ASSERT_EQ(zf.shape, z.shape);
  ASSERT_EQ(err.size(), z.shape[0]);
  double sum2 = 0;
  for (std::size_t t = 0; t < z.shape[0]; ++t) {
    const double e0 = zf.data[2 * t] - z.data[2 * t], e1 = zf.data[2 * t + 1] - z.data[2 * t + 1];
    EXPECT_NEAR(err.data[t], std::sqrt(e0 * e0 + e1 * e1), 1e-12) << t;
    sum2 += e0 * e0 + e1 * e1;
  }
  EXPECT_NEAR(s["radd"]["free_run_error"].get<double>(), std::sqrt(sum2 / double(z.shape[0]) / 2.0),
              1e-12);
  EXPECT_EQ(iblrnn::io::read_npy(d + "conventional_loss.npy").size(), 4u);
  EXPECT_EQ(s["conventional"]["steps"], 4);
  const auto P = iblrnn::io::read_npy(d + "radd_projection.npy");
  EXPECT_EQ(P.shape, (std::vector<std::size_t>{2, 5}));
  // Flow under the "right" input at grid point (i, j): tanh(A z + B x + c) − z.
  const auto flow = iblrnn::io::read_npy(d + "portraits/radd_right_flow.npy");
  ASSERT_EQ(flow.shape, (std::vector<std::size_t>{4, 4, 2}));
  const auto& A = s["radd"]["A"];
  const auto& B = s["radd"]["B"];
  const auto& c = s["radd"]["c"];
  const auto& x = s["portraits"]["inputs"]["right"];
  const auto& axis = s["portraits"]["flow_axis"];
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 4; ++j) {
      const double zz[2] = {axis[i].get<double>(), axis[j].get<double>()};
      for (int u = 0; u < 2; ++u) {
        double a = c[u].get<double>();
        for (int v = 0; v < 2; ++v) a += A[u][v].get<double>() * zz[v];
        for (int k = 0; k < 3; ++k) a += B[u][k].get<double>() * x[k].get<double>();
        EXPECT_NEAR(flow.data[(i * 4 + j) * 2 + u], std::tanh(a) - zz[u], 1e-12) << i << j << u;
      }
    }
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
