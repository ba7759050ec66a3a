// The iblrnn executable: train and eval end to end on a tiny configuration; bad input is one
// line with exit 2.
#include <gtest/gtest.h>

#include <filesystem>

#include "../support/cli_prelude.hpp"

using namespace iblrnn::io;

namespace {
const std::string kTiny =
    " --hidden 5 --steps 3 --set task.n_blocks=1 --set train.batch_size=2 --set train.log_every=1";
}  // namespace

TEST(CliTrain, TrainThenEvalWritesBothFolders) {
  TempDir dir;
  const auto t = iblrnn_cli("train --preset paper2020" + kTiny + " --out " + (dir / "run"));
  ASSERT_EQ(t.exit_code, 0) << t.output;
  EXPECT_NE(t.output.find("\"finished\": true"), std::string::npos) << t.output;
  EXPECT_NE(read_text_file(dir / "run/config.toml").find("optimizer = \"sgd\""), std::string::npos);
  const auto e = iblrnn_cli("eval " + (dir / "run") + " --blocks 2 --no-bayes");
  ASSERT_EQ(e.exit_code, 0) << e.output;
  EXPECT_NE(e.output.find("\"accuracy\""), std::string::npos) << e.output;
  EXPECT_TRUE(fs::exists(dir / "run/eval/hidden.npy"));
  EXPECT_TRUE(fs::exists(dir / "run/eval/trials.csv"));
}

TEST(CliTrain, LstmEvalWritesTheCellState) {
  TempDir dir;
  const auto t = iblrnn_cli("train --arch lstm" + kTiny + " --out " + (dir / "run"));
  ASSERT_EQ(t.exit_code, 0) << t.output;
  const auto e = iblrnn_cli("eval " + (dir / "run") + " --blocks 2 --no-bayes");
  ASSERT_EQ(e.exit_code, 0) << e.output;
  // NumPy reads cell.npy as (n_steps, H) like hidden.npy, and h = o ⊙ tanh(c) gives |h| ≤ |tanh c|.
  const std::string check =
      std::string(iblrnn::testing::python_with_numpy()) +
      " -c \"import numpy as np; h = np.load('" + (dir / "run/eval/hidden.npy") + "'); c = np.load('" +
      (dir / "run/eval/cell.npy") + "'); assert c.shape == h.shape and h.shape[1] == 5, c.shape; "
      "assert c.dtype == np.float64; assert not np.array_equal(c, h); "
      "assert np.all(np.abs(h) <= np.abs(np.tanh(c)) + 1e-15); print('ok')\"";
  const CommandResult r = run_command(check);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("ok"), std::string::npos) << r.output;
}

TEST(CliTrain, BadInputIsOneLineExitTwo) {
  TempDir dir;
  struct Case {
    std::string args, message;
  };
  const std::vector<Case> cases = {
      {"train --hidden 0 --out " + (dir / "a"), "NetworkConfig: n_hidden must be in [1, 4096], got 0"},
      {"train --arch transformer --out " + (dir / "b"),
       "--arch: arch must be one of rnn | gru | lstm, got \"transformer\""},
      {"train --set train.loss=mse --out " + (dir / "c"), "--set train.loss: loss must be one of xent | neg_prob, got \"mse\""},
      {"train --resume --out " + (dir / "d"), "--resume needs a checkpoint"},
      {"eval " + (dir / "missing"), "config.toml"},
      // A shortcut flag reads its value by the field's type and names itself.
      {"train --seed 1.5 --out " + (dir / "e"), "--seed: seed expects an integer, got '1.5'"},
      {"train --steps many --out " + (dir / "f"), "--steps: n_steps expects an integer, got 'many'"},
  };
  for (const auto& c : cases) {
    expect_one_line_error(iblrnn_cli(c.args), c.message, c.args);
  }
  EXPECT_FALSE(fs::exists(dir / "a"));
}

// A shortcut flag is an alias of its config field: --seed 7 --hidden 3 writes the configuration
// of --set train.seed=7 --set network.n_hidden=3, and after every --set it wins.
TEST(CliTrain, ShortcutFlagsAreAliasesOfTheirFields) {
  TempDir dir;
  ASSERT_EQ(iblrnn_cli("train --preset fast --set train.n_steps=1 --set train.seed=9 --seed 7 --hidden 3 --out " +
                       (dir / "flags")).exit_code, 0);
  ASSERT_EQ(iblrnn_cli("train --preset fast --set train.n_steps=1 --set train.seed=7 --set network.n_hidden=3 --out " +
                       (dir / "sets")).exit_code, 0);
  EXPECT_EQ(read_text_file(dir / "flags/config.toml"), read_text_file(dir / "sets/config.toml"));
  EXPECT_NE(read_text_file(dir / "flags/config.toml").find("\nseed = 7  #"), std::string::npos);
}
