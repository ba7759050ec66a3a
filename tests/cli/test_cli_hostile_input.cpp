// Hostile input answered as promised: exit 2, one line naming the file or field, nothing
// half-written (mutated network folders, trial tables, ALF folders, checkpoints, TOML files,
// counts that would overflow, degenerate distributions, paths the system refuses).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "../support/cli_prelude.hpp"
#include "iblrnn/io/npy.hpp"

using namespace iblrnn::io;

namespace {

const std::string kTiny =
    " --hidden 5 --steps 3 --set task.n_blocks=1 --set train.batch_size=2 --set train.log_every=1";

void expect_refused(const CommandResult& r, const std::string& text, const std::string& what) {
  EXPECT_EQ(r.exit_code, 2) << what << "\n" << r.output;
  EXPECT_NE(r.output.find(text), std::string::npos) << what << "\n" << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << what << "\n" << r.output;
  EXPECT_EQ(r.output.find("internal error"), std::string::npos) << what << "\n" << r.output;
}

void replace_line(const std::string& path, std::size_t line, const std::string& text) {
  std::string all = read_text_file(path), out;
  std::size_t pos = 0, n = 0;
  while (pos < all.size()) {
    const auto nl = all.find('\n', pos);
    out += (n == line ? text : all.substr(pos, nl - pos)) + "\n";
    pos = nl + 1;
    ++n;
  }
  std::ofstream(path) << out;
}

}  // namespace

TEST(CliHostileInput, NetworkFoldersWithBadWeightsAreRefused) {
  TempDir dir;
  ASSERT_EQ(iblrnn_cli("train" + kTiny + " --out " + (dir / "net")).exit_code, 0);
  fs::copy(dir / "net", dir / "bad", fs::copy_options::recursive);
  fs::remove(dir / "bad/.iblrnn-output");
  std::vector<double> w(5 * 5, 0.1);
  w[7] = std::nan("");
  iblrnn::io::write_npy(dir / "bad/rnn.weight_hh_l0.npy", w, {5, 5});
  expect_refused(iblrnn_cli("eval " + (dir / "bad") + " --blocks 2"),
                 "rnn.weight_hh_l0.npy: weights must be finite, got nan at index 7", "NaN weight");
  w[7] = INFINITY;
  iblrnn::io::write_npy(dir / "bad/rnn.weight_hh_l0.npy", w, {5, 5});
  expect_refused(iblrnn_cli("eval " + (dir / "bad") + " --blocks 2"), "weights must be finite, got inf",
                 "inf weight");
  std::ofstream(dir / "bad/rnn.weight_hh_l0.npy", std::ios::binary)
      << std::string("\x93NUMPY\x01\x00\x46\x00{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", 80);
  expect_refused(iblrnn_cli("eval " + (dir / "bad") + " --blocks 2"), "not a supported .npy file", "shape -1");
  EXPECT_FALSE(fs::exists(dir / "bad/eval"));
}

TEST(CliHostileInput, CheckpointStateWithWrongTypesIsRefused) {
  TempDir dir;
  ASSERT_EQ(iblrnn_cli("train" + kTiny + " --stop-after 1 --out " + (dir / "net")).exit_code, 0);
  const std::string state = dir / "net/checkpoint/state.json";
  const std::string good = read_text_file(state);
  struct Case {
    std::string from, to, message;
  };
  const std::vector<Case> cases = {
      {"\"step\": 1", "\"step\": \"1\"", "state.json: step must be an integer in [0, 9223372036854775807], got \"1\""},
      {"\"step\": 1", "\"step\": -5", "step must be an integer in [0,"},
      {"\"step\": 1", "\"step\": 99", "step must be in [0, train.n_steps = 3], got 99"},
      {"\"optimizer_t\":", "\"optimizer_t\": [], \"x\":", "optimizer_t must be an integer"},
      {"\"wall_seconds\":", "\"wall_seconds\": \"a\", \"x\":", "wall_seconds must be a finite number"},
      {"\"n\":", "\"n\": 1.5, \"x\":", "extra.log_window: n must be an integer"},
      {"{", "{{", "state.json: malformed JSON at byte"},
  };
  for (const auto& c : cases) {
    std::string text = good;
    const auto at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from << " in " << good;
    text.replace(at, c.from.size(), c.to);
    std::ofstream(state) << text;
    expect_refused(iblrnn_cli("train --resume --out " + (dir / "net")), c.message, c.to);
  }
}

TEST(CliHostileInput, TrialTablesOutOfRangeAreRefused) {
  TempDir dir;
  ASSERT_EQ(iblrnn_cli("simulate --blocks 2 --agent random --out " + (dir / "run")).exit_code, 0);
  const std::string header = read_text_file(dir / "run/trials.csv").substr(0, read_text_file(dir / "run/trials.csv").find('\n'));
  ASSERT_EQ(header, "session,block,trial_in_block,block_side,p_left,stim_side,signal,concordant,response_side,correct,n_obs");
  struct Case {
    std::string row, message;
  };
  const std::vector<Case> cases = {
      {"0,0,0,0,0.5,1,0.5,0,7,0,1", "response_side must be an integer in [-1, 1], got 7"},
      {"0,0,-1,0,0.5,1,0.5,0,1,1,1", "trial_in_block must be an integer in [0, 2147483647], got -1"},
      {"1e12,0,0,0,0.5,1,0.5,0,1,1,1", "session must be an integer in [0, 2147483647], got 1000000000000"},
      {"nan,0,0,0,0.5,1,0.5,0,1,1,1", "session must be an integer"},
      {"0,0,0,0,0.5,1,nan,0,1,1,1", "signal must be in [0,"},
      {"0,0,0,0,1.5,1,0.5,0,1,1,1", "p_left must be in [0, 1], got 1.5"},
      {"0,0,0,0,0.5,1e23,0.5,0,1,1,1", "stim_side must be an integer in [-1, 1], got 9.9999999999999992e+22"},
      {"0,0,0,0,0.5,1,0.5,-1,1,1,1", "concordant must be an integer in [0, 1], got -1"},
      {"0,0,0,0,0.5,1,0.5,0,1,1,9.2e18", "n_obs must be an integer in [0, 2147483647]"},
  };
  for (const auto& c : cases) {
    fs::remove_all(dir / "t");
    fs::create_directories(dir / "t");
    fs::copy_file(dir / "run/trials.csv", dir / "t/trials.csv");
    replace_line(dir / "t/trials.csv", 1, c.row);
    expect_refused(iblrnn_cli("behavior " + (dir / "t/trials.csv") + " --out " + (dir / "b")),
                   "trials.csv:2: " + c.message, c.row);
    EXPECT_FALSE(fs::exists(dir / "b"));
  }
}

TEST(CliHostileInput, AlfFoldersWithEmptyOrShortAttributesAreRefused) {
  TempDir dir;
  ASSERT_EQ(iblrnn_cli("simulate --blocks 2 --agent random --out " + (dir / "run")).exit_code, 0);
  iblrnn::io::write_npy(dir / "run/alf/_ibl_trials.choice.npy", std::vector<double>{});
  expect_refused(iblrnn_cli("behavior " + (dir / "run/alf") + " --out " + (dir / "b")),
                 "_ibl_trials.choice.npy: expected a 1-D array of at least one trial value, got shape (0,)",
                 "empty choice");
  iblrnn::io::write_npy(dir / "run/alf/_ibl_trials.choice.npy", std::vector<double>{1, -1});
  expect_refused(iblrnn_cli("behavior " + (dir / "run/alf") + " --out " + (dir / "b")),
                 "_ibl_trials.contrastLeft.npy: expected a 1-D array of n_trials = 2 values", "short");
}

TEST(CliHostileInput, EvalFoldersWithShortStepArraysAreRefusedByAnalyze) {
  TempDir dir;
  ASSERT_EQ(iblrnn_cli("train" + kTiny + " --out " + (dir / "net")).exit_code, 0);
  ASSERT_EQ(iblrnn_cli("eval " + (dir / "net") + " --blocks 2 --no-bayes").exit_code, 0);
  iblrnn::io::write_npy(dir / "net/eval/outcome.npy", std::vector<double>(3, 0.0));
  expect_refused(iblrnn_cli("analyze " + (dir / "net") + " --set analysis.n_grid=5"),
                 "outcome.npy: size must be (n_steps,) with n_steps =", "short outcome");
  iblrnn::io::write_npy(dir / "net/eval/probs.npy", std::vector<double>(4, 0.5), {2, 2});
  expect_refused(iblrnn_cli("analyze " + (dir / "net") + " --set analysis.n_grid=5"), "probs.npy",
                 "short probs");
}

TEST(CliHostileInput, CountsAndDistributionsThatWouldOverflowOrSpinAreRefused) {
  TempDir dir;
  const std::string out = " --out " + (dir / "x");
  expect_refused(iblrnn_cli("train --steps 2147483648" + out),
                 "TrainConfig: n_steps must be in [1, 1000000000], got 2147483648", "2^31 steps");
  const auto huge = iblrnn_cli("train --steps 99999999999999999999" + out);
  EXPECT_EQ(huge.exit_code, 2) << huge.output;
  expect_refused(iblrnn_cli("simulate --set task.block_len_p=1e-300" + out),
                 "TaskConfig: block_len_p must give P(block_len_min <= L <= block_len_max) >= 0.001",
                 "p = 1e-300");
  expect_refused(iblrnn_cli("simulate --set task.block_length=truncated_exponential "
                            "--set task.block_len_mean=0.01" + out),
                 "TaskConfig: block_len_mean must give P(block_len_min <= x <= block_len_max) >= 0.001",
                 "mean 0.01");
  for (const std::string v : {"0", "-1", "\"\""})
    EXPECT_EQ(iblrnn_cli("reproduce --quick --eval-blocks " + v + out).exit_code, 2) << v;
  EXPECT_FALSE(fs::exists(dir / "x"));
}

TEST(CliHostileInput, ConfigFilesAndPathsAreOneLineErrors) {
  TempDir dir;
  expect_refused(iblrnn_cli("config --config " + dir.path()), "is a folder, not a config file", "folder");
  std::ofstream(dir / "bom.toml") << "\xEF\xBB\xBF[task]\nn_blocks = 3\n";
  expect_refused(iblrnn_cli("config --config " + (dir / "bom.toml")), "byte-order mark", "BOM");
  std::ofstream(dir / "nl.toml") << "[task]\npreset = \"a\\nb\"\n";
  expect_refused(iblrnn_cli("config --config " + (dir / "nl.toml")), "a\\nb", "newline escape");
  expect_refused(iblrnn_cli("simulate --blocks 2 --out " + dir.path() + "/" + std::string(300, 'n')),
                 "File name too long", "long name");
}
