// The iblrnn executable: simulate and config end to end — errors are one line with exit 2 and
// leave no output folder, equal seeds give byte-identical files, config round-trips.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../support/cli_prelude.hpp"

using namespace iblrnn::io;

namespace {
int count_lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}
}  // namespace

TEST(CliSimulate, WritesTheRunFolderAndPrintsItsSummary) {
  TempDir dir;
  const auto r = iblrnn_cli("simulate --agent oracle --blocks 3 --sessions 2 --record steps --out " +
                            (dir / "run"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* f : {"trials.csv", "summary.json", "config.toml", "alf/_ibl_trials.choice.npy",
                        "alf/_ibl_trials.contrastLeft.npy", "inputs.npy", "probs.npy"})
    EXPECT_TRUE(fs::exists(dir / ("run/" + std::string(f)))) << f;
  EXPECT_NE(r.output.find("\"accuracy\": 1.0"), std::string::npos) << r.output;
  const auto g = iblrnn_cli("simulate --out " + (dir / "gen"));
  ASSERT_EQ(g.exit_code, 0) << g.output;
  EXPECT_FALSE(fs::exists(dir / "gen/alf/_ibl_trials.choice.npy"));
}

TEST(CliSimulate, SameSeedGivesByteIdenticalFiles) {
  TempDir dir;
  for (const char* name : {"a", "b"})
    ASSERT_EQ(iblrnn_cli("simulate --agent random --seed 9 --sessions 3 --record steps --out " +
                         (dir / name)).exit_code, 0);
  ASSERT_EQ(iblrnn_cli("simulate --agent random --seed 10 --sessions 3 --out " + (dir / "c")).exit_code, 0);
  for (const char* f : {"trials.csv", "summary.json", "config.toml", "inputs.npy", "probs.npy",
                        "alf/_ibl_trials.choice.npy", "alf/_ibl_trials.contrastRight.npy"}) {
    EXPECT_EQ(read_text_file(dir / ("a/" + std::string(f))), read_text_file(dir / ("b/" + std::string(f)))) << f;
  }
  EXPECT_NE(read_text_file(dir / "a/trials.csv"), read_text_file(dir / "c/trials.csv"));
}

TEST(CliSimulate, PerStepArraysOnlyOnRequestAndTrialFilesIndependentOfThreads) {
  TempDir dir;
  const std::string common = "simulate --agent random --seed 3 --blocks 40 --sessions 30 ";
  ASSERT_EQ(iblrnn_cli(common + "--out " + (dir / "t")).exit_code, 0);
  ASSERT_EQ(iblrnn_cli(common + "--record steps --threads 1 --out " + (dir / "s")).exit_code, 0);
  for (const char* f : {"inputs.npy", "probs.npy", "outcome.npy", "step_trial.npy", "step_k.npy",
                        "trial_first_step.npy", "trial_n_steps.npy"}) {
    EXPECT_FALSE(fs::exists(dir / ("t/" + std::string(f)))) << f;
    EXPECT_TRUE(fs::exists(dir / ("s/" + std::string(f)))) << f;
  }
  for (const char* f : {"trials.csv", "alf/_ibl_trials.choice.npy", "alf/_ibl_trials._iblrnn_session.npy"})
    EXPECT_EQ(read_text_file(dir / ("t/" + std::string(f))), read_text_file(dir / ("s/" + std::string(f)))) << f;
}

TEST(CliSimulate, BadInputIsOneLineExitTwoAndNoFolder) {
  TempDir dir;
  std::ofstream(dir / "bad.toml") << "[task]\nn_blocks = \"four\"\n";
  std::ofstream(dir / "broken.toml") << "[task\nn_blocks = 3\n";
  std::ofstream(dir / "unknown.toml") << "[task]\nblocks = 3\n";
  struct Case {
    std::string args, message;
  };
  const std::vector<Case> cases = {
      {"--set n_blocks=0", "iblrnn: error: TaskConfig: n_blocks must be in [1, 1000000], got 0"},
      {"--set p_stim_concordant=1.2", "iblrnn: error: TaskConfig: p_stim_concordant must be in (0.5, 1], got 1.2"},
      {"--set nonsense=1", "iblrnn: error: --set: unknown field \"nonsense\"; `iblrnn config` lists every field"},
      {"--set n_blocks", "iblrnn: error: --set: expected field=value, got \"n_blocks\""},
      {"--blocks -3", "iblrnn: error: TaskConfig: n_blocks must be in [1, 1000000], got -3"},
      {"--blocks four", "iblrnn: error: --blocks: n_blocks expects an integer, got 'four'"},
      {"--preset mars", "iblrnn: error: --preset: unknown preset \"mars\"; valid presets: paper2020, iblrig, fast, two_unit"},
      {"--agent genius", "iblrnn: error: simulate: agent must be none, oracle or random, got \"genius\""},
      {"--sessions 0", "iblrnn: error: simulate: sessions must be in [1, 10000000], got 0"},
      {"--threads 0", "iblrnn: error: simulate: threads must be in [1, 256], got 0"},
      {"--record all", "iblrnn: error: simulate: record must be trials or steps, got \"all\""},
      {"--config " + (dir / "missing.toml"), "iblrnn: error: " + (dir / "missing.toml") + ": cannot open config file"},
      {"--config " + (dir / "bad.toml"), "iblrnn: error: " + (dir / "bad.toml") + ":2: n_blocks expects an integer, got 'four'"},
      {"--config " + (dir / "unknown.toml"), "iblrnn: error: " + (dir / "unknown.toml") + ":2: unknown field task.blocks"},
  };
  for (const auto& c : cases) {
    const auto r = iblrnn_cli("simulate " + c.args + " --out " + (dir / "out"));
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.output;
    EXPECT_EQ(r.output, c.message + "\n") << c.args;
    EXPECT_FALSE(fs::exists(dir / "out")) << c.args;
  }
  const auto broken = iblrnn_cli("simulate --config " + (dir / "broken.toml") + " --out " + (dir / "out"));
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_EQ(count_lines(broken.output), 1) << broken.output;
  EXPECT_NE(broken.output.find((dir / "broken.toml") + ":1: malformed TOML"), std::string::npos) << broken.output;
  const auto flag = iblrnn_cli("simulate --sessions x --out " + (dir / "out"));
  EXPECT_EQ(flag.exit_code, 2);
  EXPECT_EQ(count_lines(flag.output), 1) << flag.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(CliSimulate, FailedRunKeepsThePreviousFolderIntact) {
  TempDir dir;
  ASSERT_EQ(iblrnn_cli("simulate --seed 1 --out " + (dir / "run")).exit_code, 0);
  const std::string before = read_text_file(dir / "run/trials.csv");
  EXPECT_EQ(iblrnn_cli("simulate --set n_blocks=0 --out " + (dir / "run")).exit_code, 2);
  EXPECT_EQ(read_text_file(dir / "run/trials.csv"), before);
}

TEST(CliConfig, ResolvedTomlFeedsBackToTheSameConfig) {
  TempDir dir;
  const auto first = iblrnn_cli("config --preset iblrig --set n_blocks=7 --set task.p_stim_concordant=0.75");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("n_blocks = 7"), std::string::npos);
  EXPECT_NE(first.output.find("first_block_len = 90"), std::string::npos);
  std::ofstream(dir / "c.toml") << first.output;
  const auto second = iblrnn_cli("config --config " + (dir / "c.toml"));
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_EQ(first.output, second.output);
}
