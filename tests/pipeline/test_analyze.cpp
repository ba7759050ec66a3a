// `iblrnn analyze` end to end on a hand-built network: a run folder written with the rnn and
// io writers, the analysis written to disk, read back, and the CLI's exit codes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../analysis/constructed_network.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/pipeline/analyze.hpp"
#include "iblrnn/io/network_files.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::pipeline;
using namespace iblrnn::rnn;
using namespace iblrnn::task;

namespace fs = std::filesystem;

namespace {

// RUN/ with the network files and RUN/eval/ with a 20-block evaluation.
std::string make_run(const std::string& name, const Network& net = iblrnn::constructed::constructed_network(12)) {
  const std::string run = (fs::temp_directory_path() / ("iblrnn_analyze_" + name)).string();
  fs::remove_all(run);
  make_dirs(run + "/eval");
  save_network(run, net);
  RunRecord rec;
  const NetworkRecording r = iblrnn::constructed::play_recording(net, 20, 4, rec);
  write_trials_csv(run + "/eval", rec.trials);
  write_step_arrays(run + "/eval", rec);
  std::vector<double> hidden(r.hidden.data(), r.hidden.data() + r.hidden.size());
  write_npy(run + "/eval/hidden.npy", hidden,
            {std::size_t(r.hidden.cols()), std::size_t(r.hidden.rows())});
  return run;
}

}  // namespace

TEST(RunAnalyze, WritesSummaryArraysAndTables) {
  const std::string run = make_run("full");
  AnalyzeOptions o;
  o.run = run;
  o.config.analysis.n_fixed_point_starts = 8;
  o.config.analysis.n_grid = 7;
  const auto summary = run_analyze(o);
  const std::string out = run + "/analysis";
  for (const char* f : {"summary.json", "config.toml", "trial_ends.csv", "trajectories.csv",
                        "evidence_velocity.csv", "block_belief_by_trial.csv", "fixed_points.csv",
                        "flow/right_probed.npy", "flow/no_stimulus_empirical.npy",
                        "pools/correlation_reordered.npy", "pca/explained.npy", "readouts.npy"})
    EXPECT_TRUE(fs::exists(out + "/" + f)) << f;
  for (const char* key : {"pca_variance_explained", "readout_in_plane_fraction",
                          "block_decoder_accuracy_full", "block_decoder_accuracy_pca",
                          "readout_angle_full_deg", "readout_angle_pca_deg", "slope_stimulus",
                          "slope_block", "block_belief_scale", "line_attractor", "fixed_points",
                          "pools"})
    EXPECT_TRUE(summary.contains(key)) << key;
  // The observer ran on the evaluation: its block belief scale κ = Σ x Q / Σ x² (x = 2β − 1,
  // eq. A8) recomputed from trial_ends.csv, with Q_block = u_b · (pc1, pc2) from
  // readouts_plane.npy, not from the file's own q_block column.
  ASSERT_TRUE(summary["block_belief_scale"].is_object()) << summary["observer"].dump();
  const NpyArray axes = read_npy(out + "/readouts_plane.npy");
  ASSERT_EQ(axes.shape, (std::vector<std::size_t>{2, 2}));
  std::ifstream ends(out + "/trial_ends.csv");
  std::string line;
  std::getline(ends, line);
  ASSERT_EQ(line.rfind("trial,session,block,trial_in_block,block_side,stim_side,signal,choice,pc1,pc2,"
                       "q_stim,q_block,p_right_block,bayes_block_right", 0), 0u) << line;
  double sxq = 0, sxx = 0;
  long n = 0;
  while (std::getline(ends, line)) {
    std::vector<std::string> cell;
    std::stringstream row(line);
    for (std::string c; std::getline(row, c, ',');) cell.push_back(c);
    ASSERT_EQ(cell.size(), 14u) << line;
    const double q = axes.data[2] * std::stod(cell[8]) + axes.data[3] * std::stod(cell[9]);
    EXPECT_NEAR(q, std::stod(cell[11]), 1e-9) << line;
    const double x = 2.0 * std::stod(cell[13]) - 1.0;
    sxq += x * q;
    sxx += x * x;
    ++n;
  }
  EXPECT_EQ(n, summary["block_belief_scale"]["n"].get<long>());
  EXPECT_NEAR(summary["block_belief_scale"]["scale"].get<double>(), sxq / sxx, 1e-9);
  EXPECT_GT(sxq / sxx, 0.0);
  // Every file written is declared (analysis/analysis_files.hpp), and every declared one written.
  std::vector<std::string> written;
  for (const auto& e : fs::recursive_directory_iterator(out))
    if (e.is_regular_file()) written.push_back(fs::relative(e.path(), out).generic_string());
  const FileMismatch files = check_files(analysis_file_schema(), written);
  EXPECT_TRUE(files.ok()) << files.describe();
  EXPECT_GT(summary["observer"]["accuracy"].get<double>(), 0.5);
  // Arrays read back with their documented shapes.
  const NpyArray pc = read_npy(out + "/step_pc.npy");
  ASSERT_EQ(pc.shape.size(), 2u);
  EXPECT_EQ(pc.shape[1], 2u);
  EXPECT_EQ(pc.shape[0], read_npy(run + "/eval/inputs.npy").shape[0]);
  const NpyArray flow = read_npy(out + "/flow/left_probed.npy");
  EXPECT_EQ(flow.shape, (std::vector<std::size_t>{7, 7, 2}));
  const NpyArray expl = read_npy(out + "/pca/explained.npy");
  EXPECT_NEAR(expl.data[0], summary["pca_variance_explained"][0].get<double>(), 1e-15);
  fs::remove_all(run);
}

TEST(RunAnalyze, LstmCellStatesAreReplayedExactly) {
  NetworkConfig nc;
  nc.arch = Arch::lstm;
  nc.n_hidden = 6;
  const std::string run = make_run("lstm", Network::init(nc, 3));
  AnalyzeOptions o;
  o.run = run;
  o.config.analysis.n_fixed_point_starts = 4;
  o.config.analysis.n_grid = 5;
  const auto summary = run_analyze(o);
  EXPECT_LT(summary["lstm_cell_replay_max_abs_h_error"].get<double>(), 1e-12);
  EXPECT_EQ(summary["dynamics_state"], "h stacked over c (LSTM)");
  ASSERT_TRUE(summary["fixed_points"].is_object());
  const NpyArray states = read_npy(run + "/analysis/fixed_points/no_stimulus_states.npy");
  EXPECT_EQ(states.shape[1], 12u);  // h over c
  fs::remove_all(run);
}

TEST(RunAnalyze, MissingEvaluationNamesTheFix) {
  const std::string run = make_run("noeval");
  fs::remove_all(run + "/eval");
  AnalyzeOptions o;
  o.run = run;
  try {
    run_analyze(o);
    FAIL();
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("iblrnn eval"), std::string::npos) << e.what();
  }
  fs::remove_all(run);
}

TEST(RunAnalyze, EvaluatesFirstWhenTheRunHasAConfig) {
  const std::string run = make_run("autoeval");
  fs::remove_all(run + "/eval");
  StudyConfig config;
  write_text_file(run + "/config.toml", to_toml(config));
  AnalyzeOptions o;
  o.run = run;
  o.config.eval.eval_blocks = 6;
  o.config.analysis.n_fixed_point_starts = 4;
  const auto summary = run_analyze(o);
  EXPECT_TRUE(fs::exists(run + "/eval/hidden.npy"));
  EXPECT_TRUE(fs::exists(run + "/analysis/summary.json"));
  EXPECT_EQ(summary["n_steps"].get<long>(), long(read_npy(run + "/eval/inputs.npy").shape[0]));
  fs::remove_all(run);
}

TEST(RunAnalyze, CliRunsAndRejectsBadInputWithExitTwo) {
  if (!fs::exists(IBLRNN_BINARY)) {
    GTEST_SKIP() << "iblrnn binary not built (" << IBLRNN_BINARY << "); CLI check skipped";
  }
  const std::string run = make_run("cli");
  const std::string out = run + "/custom_out";
  const std::string cmd = std::string(IBLRNN_BINARY) + " analyze " + run + " --out " + out +
                          " --set analysis.n_fixed_point_starts=4 >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_TRUE(fs::exists(out + "/summary.json"));
  const std::string bad = std::string(IBLRNN_BINARY) + " analyze " + run +
                          " --set analysis.n_grid=1 2>" + run + "/err.txt >/dev/null";
  EXPECT_EQ(WEXITSTATUS(std::system(bad.c_str())), 2);
  std::ifstream err(run + "/err.txt");
  std::string line;
  std::getline(err, line);
  EXPECT_NE(line.find("AnalysisConfig: n_grid must be in [2, 1000], got 1"), std::string::npos)
      << line;
  const std::string missing = std::string(IBLRNN_BINARY) + " analyze " + run + "/nothing 2>/dev/null";
  EXPECT_EQ(WEXITSTATUS(std::system(missing.c_str())), 2);
  fs::remove_all(run);
}
