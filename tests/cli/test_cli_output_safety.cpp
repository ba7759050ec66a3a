// Nothing a user has is deleted or mixed: foreign folders refused, --out equal to an input
// refused, a second writer refused, readers of a folder being written refused, SIGTERM and a
// full disk leave no temporaries and no partial files, divergence before the first periodic
// checkpoint still resumes (docs/design.md, "Output folders").
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "../support/cli_prelude.hpp"
#include "iblrnn/io/npy.hpp"

using namespace iblrnn::io;

namespace {

const std::string kTiny =
    " --hidden 5 --steps 3 --set task.n_blocks=1 --set train.batch_size=2 --set train.log_every=1";

std::vector<std::string> leftovers(const std::string& dir) {
  std::vector<std::string> v;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (n.find(".tmp-") != std::string::npos || n.ends_with(".iblrnn-lock")) v.push_back(n);
  }
  return v;
}

void expect_one_line_exit_2(const CommandResult& r, const std::string& text) {
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(text), std::string::npos) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
}

// Starts a long training in the background and waits until it holds its folder.
std::string start_long_train(const std::string& out) {
  const std::string pidfile = out + ".pid";
  run_command("(" + std::string(IBLRNN_BINARY) + " train --hidden 5 --steps 100000000 "
              "--set task.n_blocks=1 --set train.batch_size=2 --out " + out +
              " >/dev/null 2>&1 </dev/null & echo $! > " + pidfile + ")");
  for (int i = 0; i < 200 && !fs::exists(out + "/checkpoint/state.json"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::string pid = read_text_file(pidfile);
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid;
}

}  // namespace

TEST(CliOutputSafety, AFolderHoldingAConfigTomlIsNotDeleted) {
  TempDir dir;
  fs::create_directories(dir / "p");
  std::ofstream(dir / "p/config.toml") << "a=1\n";
  std::ofstream(dir / "p/notes.txt") << "x\n";
  expect_one_line_exit_2(iblrnn_cli("simulate --blocks 2 --out " + (dir / "p")),
                         "is not an iblrnn output folder");
  expect_one_line_exit_2(iblrnn_cli("train" + kTiny + " --out " + (dir / "p")),
                         "is not an iblrnn output folder");
  expect_one_line_exit_2(iblrnn_cli("reproduce --quick --out " + (dir / "p")),
                         "is not an iblrnn output folder");
  EXPECT_EQ(read_text_file(dir / "p/notes.txt"), "x\n");
  EXPECT_EQ(read_text_file(dir / "p/config.toml"), "a=1\n");
  // Another command's output is not replaced either; the same command's is.
  ASSERT_EQ(iblrnn_cli("simulate --blocks 2 --out " + (dir / "s")).exit_code, 0);
  expect_one_line_exit_2(iblrnn_cli("bayes --agent actor --blocks 2 --out " + (dir / "s")),
                         "holds the output of `iblrnn simulate`");
  EXPECT_EQ(iblrnn_cli("simulate --blocks 3 --out " + (dir / "s")).exit_code, 0);
  EXPECT_TRUE(leftovers(dir.path()).empty());
}

TEST(CliOutputSafety, OutEqualToTheInputIsRefusedAndTheNetworkKept) {
  TempDir dir;
  ASSERT_EQ(iblrnn_cli("train" + kTiny + " --out " + (dir / "net")).exit_code, 0);
  const std::string weights = read_text_file(dir / "net/rnn.weight_hh_l0.npy");
  expect_one_line_exit_2(iblrnn_cli("eval " + (dir / "net") + " --blocks 2 --out " + (dir / "net")),
                         "out must not be or contain an input");
  expect_one_line_exit_2(iblrnn_cli("eval " + (dir / "net") + " --blocks 2 --out " + dir.path()),
                         "out must not be or contain an input");
  expect_one_line_exit_2(iblrnn_cli("analyze " + (dir / "net") + " --out " + (dir / "net")),
                         "out must not be or contain an input");
  expect_one_line_exit_2(iblrnn_cli("distill " + (dir / "net") + " --out " + (dir / "net")),
                         "out must not be or contain an input");
  expect_one_line_exit_2(
      iblrnn_cli("behavior " + (dir / "net") + " --out " + (dir / "net")), "out must not be or contain an input");
  EXPECT_EQ(read_text_file(dir / "net/rnn.weight_hh_l0.npy"), weights);
  EXPECT_TRUE(fs::exists(dir / "net/checkpoint/state.json"));
  // A second fresh train into a finished run is refused.
  expect_one_line_exit_2(iblrnn_cli("train" + kTiny + " --out " + (dir / "net")),
                         "already holds an `iblrnn train` output; pass --resume");
}

TEST(CliOutputSafety, ASecondWriterAndReadersAreRefusedWhileTrainRuns) {
  TempDir dir;
  const std::string out = dir / "net";
  const std::string pid = start_long_train(out);
  ASSERT_TRUE(fs::exists(out + "/checkpoint/state.json"));
  expect_one_line_exit_2(iblrnn_cli("train" + kTiny + " --out " + out), "is being written by another iblrnn process");
  expect_one_line_exit_2(iblrnn_cli("train --resume --out " + out), "is being written by another iblrnn process");
  expect_one_line_exit_2(iblrnn_cli("eval " + out + " --blocks 2"), "is being written by another iblrnn process");
  expect_one_line_exit_2(iblrnn_cli("analyze " + out), "is being written by another iblrnn process");
  expect_one_line_exit_2(iblrnn_cli("distill " + out), "is being written by another iblrnn process");
  ASSERT_EQ(run_command("kill -0 " + pid).exit_code, 0) << "the training should still run";
  // SIGTERM: the run ends, its temporaries and lock go with it; the folder is an interrupted run.
  run_command("kill -TERM " + pid + "; while kill -0 " + pid + " 2>/dev/null; do sleep 0.05; done");
  EXPECT_TRUE(leftovers(dir.path()).empty()) << leftovers(dir.path())[0];
  expect_one_line_exit_2(iblrnn_cli("eval " + out + " --blocks 2"), "is an interrupted `iblrnn train` output");
}

TEST(CliOutputSafety, ADiskLimitLeavesNoPartialFileUnderAFinalName) {
  TempDir dir;
  // File-size limits from 1 to 64 KiB cut simulate's files at every point of the folder.
  for (int kib : {1, 2, 4, 8, 16, 32, 64}) {
    const std::string out = dir / ("s" + std::to_string(kib));
    const auto r = run_command("ulimit -f " + std::to_string(kib) + "; " + IBLRNN_BINARY +
                               " simulate --blocks 40 --agent random --out " + out + " </dev/null");
    EXPECT_EQ(r.exit_code, 2) << kib << " KiB: " << r.output;
    EXPECT_NE(r.output.find("write failed"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(out)) << kib;
  }
  EXPECT_TRUE(leftovers(dir.path()).empty());
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(CliOutputSafety, TheReportReplacesOnlyAnEarlierReport) {
  TempDir dir;
  ASSERT_EQ(iblrnn_cli("simulate --blocks 2 --agent random --out " + (dir / "sim")).exit_code, 0);
  std::ofstream(dir / "notes.txt") << "mine\n";
  expect_one_line_exit_2(iblrnn_cli("report " + (dir / "sim") + " --out " + (dir / "notes.txt")),
                         "--out exists and is not an output of `iblrnn report`");
  EXPECT_EQ(read_text_file(dir / "notes.txt"), "mine\n");
  expect_one_line_exit_2(iblrnn_cli("report " + (dir / "sim") + " --out " + (dir / "sim")),
                         "--out exists and is not an output of `iblrnn report`");
  for (int i = 0; i < 2; ++i) {
    const auto r = iblrnn_cli("report " + (dir / "sim") + " --out " + (dir / "r.html"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
  }
  EXPECT_TRUE(leftovers(dir.path()).empty());
}

TEST(CliOutputSafety, ADiskLimitDuringTrainingLeavesNoPartialWeightsAndTheRunRestarts) {
  TempDir dir;
  // 50 hidden units: the recurrent weights (20 KiB) and the optimizer moments (22 KiB) exceed
  // the smaller limits, so the cut falls on config.toml, the first checkpoint or the weights.
  const std::string train = std::string(IBLRNN_BINARY) +
                            " train --hidden 50 --steps 3 --set task.n_blocks=1 --set train.batch_size=2 --out ";
  for (int kib : {1, 8, 21}) {
    const std::string out = dir / ("n" + std::to_string(kib));
    const auto r = run_command("ulimit -f " + std::to_string(kib) + "; " + train + out + " </dev/null");
    EXPECT_EQ(r.exit_code, 2) << kib << " KiB: " << r.output;
    EXPECT_NE(r.output.find("write failed"), std::string::npos) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    // Every array left under a final name is whole: its header matches its size.
    for (const auto& e : fs::recursive_directory_iterator(out)) {
      if (e.path().extension() == ".npy") EXPECT_NO_THROW(iblrnn::io::read_npy(e.path().string())) << e.path();
    }
    EXPECT_TRUE(leftovers(dir.path()).empty()) << kib << ": " << leftovers(dir.path())[0];
    // The same command without the limit runs the training to its end in the same folder.
    const auto again = run_command(train + out + " </dev/null");
    EXPECT_EQ(again.exit_code, 0) << kib << " KiB: " << again.output;
    EXPECT_EQ(iblrnn_cli("eval " + out + " --blocks 2 --no-bayes").exit_code, 0) << kib;
  }
  EXPECT_TRUE(leftovers(dir.path()).empty());
}

TEST(CliOutputSafety, ADiskLimitOnTheReportLeavesNoFile) {
  TempDir dir;
  ASSERT_EQ(iblrnn_cli("simulate --blocks 2 --agent random --out " + (dir / "sim")).exit_code, 0);
  const auto r = run_command("ulimit -f 64; " + std::string(IBLRNN_BINARY) + " report " + (dir / "sim") +
                             " --out " + (dir / "r.html") + " </dev/null");
  expect_one_line_exit_2(r, "r.html: write failed");
  EXPECT_FALSE(fs::exists(dir / "r.html"));
  EXPECT_TRUE(leftovers(dir.path()).empty());
}

TEST(CliOutputSafety, SigtermDuringAStagedWriteLeavesNothing) {
  TempDir dir;
  const std::string out = dir / "big";
  const std::string pidfile = dir / "pid";
  run_command("(" + std::string(IBLRNN_BINARY) + " simulate --blocks 200000 --agent random --out " + out +
              " >/dev/null 2>&1 </dev/null & echo $! > " + pidfile + ")");
  bool staged = false;
  for (int i = 0; i < 200 && !staged; ++i) {
    for (const auto& e : fs::directory_iterator(dir.path()))
      staged = staged || e.path().filename().string().starts_with("big.tmp-");
    if (!staged) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(staged) << "simulate should be writing its staged folder";
  std::string pid = read_text_file(pidfile);
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  run_command("kill -TERM " + pid + "; while kill -0 " + pid + " 2>/dev/null; do sleep 0.05; done");
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(leftovers(dir.path()).empty()) << leftovers(dir.path())[0];
}

TEST(CliOutputSafety, APathTooDeepIsOneLine) {
  TempDir dir;
  std::string deep = dir.path();
  for (int i = 0; i < 25; ++i) deep += "/" + std::string(200, 'd');
  expect_one_line_exit_2(iblrnn_cli("simulate --blocks 2 --out " + deep), "cannot create folder: File name too long");
  EXPECT_TRUE(fs::is_empty(dir.path()));
}
