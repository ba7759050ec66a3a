// The iblrnn executable: behavior end to end — a played run, a mouse folder and an ALF folder
// side by side; the written curves checked against an independent NumPy computation from
// trials.csv; user errors are one line with exit 2 and leave no output folder.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "../support/cli_prelude.hpp"
#include "iblrnn/behavior/analyze.hpp"
#include "iblrnn/behavior/mouse_data.hpp"

using namespace iblrnn::io;

namespace {
const std::string kData = std::string(IBLRNN_TEST_DATA_DIR) + "/behavior";

}  // namespace

TEST(CliBehavior, WritesEveryCurveWithEveryInputSideBySide) {
  TempDir dir;
  ASSERT_EQ(iblrnn_cli("simulate --preset iblrig --agent random --blocks 8 --sessions 4 --seed 3 "
                       "--out " + (dir / "run")).exit_code, 0);
  // Labels interleaved with the inputs they name; the third input keeps its default label.
  const auto r = iblrnn_cli("behavior " + (dir / "run") + " --label random " + kData +
                            "/mice --label mice " + kData + "/alf_session --out " + (dir / "b"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const auto& name : iblrnn::behavior::behavior_curve_names()) {
    EXPECT_TRUE(fs::exists(dir / ("b/" + name + ".json"))) << name;
    EXPECT_TRUE(fs::exists(dir / ("b/" + name + ".csv"))) << name;
  }
  EXPECT_TRUE(fs::exists(dir / "b/psychometric_fits.csv"));
  EXPECT_NE(read_text_file(dir / "b/config.toml").find("[behavior]"), std::string::npos);
  const auto summary = nlohmann::json::parse(read_text_file(dir / "b/summary.json"));
  ASSERT_EQ(summary["inputs"].size(), 3u);
  EXPECT_EQ(summary["inputs"][0]["label"], "random");
  EXPECT_EQ(summary["inputs"][0]["rt_unit"], "steps");
  EXPECT_EQ(summary["inputs"][1]["label"], "mice");
  EXPECT_EQ(summary["inputs"][1]["n_subjects"], 2);
  EXPECT_EQ(summary["inputs"][1]["n_rt_missing"], 2);
  EXPECT_EQ(summary["inputs"][2]["label"], "alf_session");  // default label: folder name
  EXPECT_EQ(summary["inputs"][2]["n_trials"], 6);
  // The same numbers as the library computes in-process.
  iblrnn::behavior::BehaviorConfig config;
  const auto direct = iblrnn::behavior::behavior_summary_json(iblrnn::behavior::analyze_behavior(
      {{"mice", iblrnn::behavior::read_mouse_folder(kData + "/mice", false)}}, config));
  EXPECT_EQ(summary["inputs"][1], direct["inputs"][0]);
  EXPECT_NE(r.output.find("\"label\": \"mice\""), std::string::npos);
  // Running again replaces the output folder.
  const auto again = iblrnn_cli("behavior " + kData + "/mice --out " + (dir / "b"));
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(nlohmann::json::parse(read_text_file(dir / "b/summary.json"))["inputs"].size(), 1u);
}

TEST(CliBehavior, PsychometricAndAccuracyMatchNumPyFromTrialsCsv) {
  TempDir dir;
  ASSERT_EQ(iblrnn_cli("simulate --agent random --blocks 6 --sessions 4 --seed 8 "
                       "--out " + (dir / "run")).exit_code, 0);
  ASSERT_EQ(iblrnn_cli("behavior " + (dir / "run") + " --out " + (dir / "b")).exit_code, 0);
  std::ofstream(dir / "check.py") << R"(
import csv, sys
import numpy as np
t = np.genfromtxt(sys.argv[1] + "/run/trials.csv", delimiter=",", names=True)
x = t["stim_side"] * t["signal"] + 0.0
resp = t["response_side"] != 0
ok = 0
for row in csv.DictReader(open(sys.argv[1] + "/b/psychometric.csv")):
    side = {"block_left": -1, "block_right": 1, "unbiased": 0}[row["group"]]
    m = resp & (t["block_side"] == side) & (x == float(row["x"]))
    p = np.mean(t["response_side"][m] > 0)
    sem = np.std((t["response_side"][m] > 0).astype(float), ddof=1) / np.sqrt(m.sum())
    assert int(row["n"]) == m.sum(), row
    assert abs(float(row["mean"]) - p) < 1e-12, row
    assert abs(float(row["sem"]) - sem) < 1e-12, row
    ok += 1
for row in csv.DictReader(open(sys.argv[1] + "/b/accuracy_abs_signal.csv")):
    m = (t["block_side"] != 0) & (t["signal"] == float(row["x"]))   # timeouts count as wrong
    assert int(row["n"]) == m.sum() and abs(float(row["mean"]) - t["correct"][m].mean()) < 1e-12, row
    ok += 1
print("checked", ok)
)";
  const auto py = run_command(std::string(iblrnn::testing::python_with_numpy()) + " " +
                              (dir / "check.py") + " " + dir.path());
  ASSERT_EQ(py.exit_code, 0) << py.output;
  // 2 block sides × 11 signed signals + 6 levels of |signal|.
  EXPECT_NE(py.output.find("checked 28"), std::string::npos) << py.output;
}

TEST(CliBehavior, BadInputIsOneLineExitTwoAndNoFolder) {
  TempDir dir;
  std::ofstream(dir / "bad.csv")
      << "trial_num,session_num,stim_probability_left,contrast,position,response_choice,"
         "trial_correct,reaction_time\n1,1,0.5,1,35,1,0,0.3\n";
  struct Case {
    std::string args, message;
  };
  const std::vector<Case> cases = {
      {dir / "bad.csv",
       dir / "bad.csv" + ":2: trial_correct 0 contradicts response_choice 1 and position 35"},
      {kData + "/mice --label a --label b", "behavior: label must be given at most once per input (1), got 2"},
      {kData + "/mice " + kData + "/mice", "behavior: label must be unique per input, got \"mice\""},
      {dir / "absent", dir / "absent: no such file or folder"},
      {kData + "/mice --set behavior.rt_bins=0", "BehaviorConfig: rt_bins must be in [1, 1000], got 0"},
  };
  for (const auto& c : cases) {
    const auto r = iblrnn_cli("behavior " + c.args + " --out " + (dir / "out"));
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    EXPECT_FALSE(fs::exists(dir / "out")) << c.args;
  }
}

const std::string kRoot = std::string(IBLRNN_TEST_DATA_DIR) + "/../..";

// The mouse reference shipped with the sources (data/mice-may2020) joins an agent's outputs
// as one more input, row for row; a stale reference is refused and nothing is written.
TEST(CliBehavior, MouseReferenceIsAppendedRowForRow) {
  TempDir dir;
  const std::string ref = kRoot + "/data/mice-may2020";
  ASSERT_EQ(iblrnn_cli("simulate --agent random --blocks 4 --seed 2 --out " + (dir / "run")).exit_code, 0);
  const auto r = iblrnn_cli("behavior " + (dir / "run") + " --mouse-reference " + ref + " --out " + (dir / "b"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto summary = nlohmann::json::parse(read_text_file(dir / "b/summary.json"));
  ASSERT_EQ(summary["inputs"].size(), 2u);
  EXPECT_EQ(summary["inputs"][1]["label"], "mice");
  EXPECT_EQ(summary["inputs"][1]["rt_unit"], "s");
  EXPECT_GT(summary["inputs"][1]["n_trials"].get<std::int64_t>(), 1000000);
  for (const char* f : {"psychometric.csv", "accuracy_concordance.csv", "psychometric_table.csv"}) {
    const std::string ours = read_text_file(dir / ("b/" + std::string(f)));
    std::string theirs = read_text_file(ref + "/" + f);
    theirs = theirs.substr(theirs.find('\n') + 1);
    ASSERT_GE(ours.size(), theirs.size()) << f;
    EXPECT_EQ(ours.substr(ours.size() - theirs.size()), theirs) << f;
  }
  const auto psy = nlohmann::json::parse(read_text_file(dir / "b/psychometric.json"));
  EXPECT_EQ(psy["inputs"].back()["label"], "mice");
  // A reference whose header differs (another version's outputs) is refused.
  fs::create_directories(dir / "stale");
  std::ofstream(dir / "stale/psychometric.csv") << "input,x\nmice,0\n";
  const auto bad = iblrnn_cli("behavior " + (dir / "run") + " --mouse-reference " + (dir / "stale") +
                              " --out " + (dir / "b2"));
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("stale/psychometric.csv:1: header differs"), std::string::npos) << bad.output;
  EXPECT_FALSE(fs::exists(dir / "b2"));
}

// The committed reference is what scripts/make_mouse_reference.py computes from the export.
TEST(CliBehavior, MouseReferenceIsReproducibleFromTheExport) {
  const std::string data = std::string(IBLRNN_SHARED_DIR) + "/data/ibl-mouse-may2020";
  if (!fs::exists(data)) GTEST_SKIP() << "no mouse export at " << data;
  TempDir dir;
  const auto r = run_command(std::string(iblrnn::testing::python_with_numpy()) + " " +
                             kRoot + "/scripts/make_mouse_reference.py " +
                             IBLRNN_BINARY + " " + data + " " + (dir / "ref"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string ref = kRoot + "/data/mice-may2020";
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(ref)) {
    const std::string name = e.path().filename().string();
    EXPECT_EQ(read_text_file(dir / ("ref/" + name)), read_text_file(e.path().string())) << name;
    ++n;
  }
  EXPECT_GE(n, 16u);
}
