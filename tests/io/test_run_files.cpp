// Run-folder files: trials.csv round trip, ALF trials read by NumPy with IBL's sign
// conventions, summary numbers against counts.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "../support/shell.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/task/engine.hpp"
#include "iblrnn/task/simple_agents.hpp"

using namespace iblrnn;
using iblrnn::testing::run_command;
using iblrnn::testing::TempDir;

namespace {
RunRecord random_run() {
  TaskConfig c;
  c.n_blocks = 3;
  auto plans = make_sessions(c, 12, 2);
  RandomAgent agent(12);
  return play(c, plans, agent);
}
}  // namespace

TEST(TrialsCsv, RoundTripsEveryColumn) {
  TempDir dir;
  const RunRecord run = random_run();
  write_trials_csv(dir.path(), run.trials);
  const TrialTable t = read_trials_csv(dir / "trials.csv");
  ASSERT_EQ(t.size(), run.trials.size());
  EXPECT_TRUE(t.has_agent);
  EXPECT_EQ(t.session, run.trials.session);
  EXPECT_EQ(t.block, run.trials.block);
  EXPECT_EQ(t.trial_in_block, run.trials.trial_in_block);
  EXPECT_EQ(t.trial_in_session, run.trials.trial_in_session);
  EXPECT_EQ(t.block_side, run.trials.block_side);
  EXPECT_EQ(t.p_left, run.trials.p_left);
  EXPECT_EQ(t.stim_side, run.trials.stim_side);
  EXPECT_EQ(t.signal, run.trials.signal);
  EXPECT_EQ(t.choice, run.trials.choice);
  EXPECT_EQ(t.correct, run.trials.correct);
  EXPECT_EQ(t.n_obs, run.trials.n_obs);
}

TEST(TrialsCsv, MalformedRowsNameFileAndLine) {
  TempDir dir;
  std::ofstream(dir / "a.csv") << "session,block,trial_in_block,block_side,p_left,stim_side,signal,concordant\n"
                                  "0,0,0,1,0.2,1,0.5,1\n0,0,1,1,0.2,x,0.5,1\n";
  try {
    read_trials_csv(dir / "a.csv");
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_EQ(std::string(e.what()), (dir / "a.csv") + ":3: column stim_side is not a number: 'x'");
  }
  std::ofstream(dir / "b.csv") << "session,block\n0,0\n";
  try {
    read_trials_csv(dir / "b.csv");
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_EQ(std::string(e.what()), (dir / "b.csv") + ":1: missing column trial_in_block");
  }
}

TEST(AlfTrials, NumpyReadsThemWithIblSigns) {
  TempDir dir;
  const RunRecord run = random_run();
  write_alf_trials(dir.path(), run.trials);
  write_trials_csv(dir.path(), run.trials);
  // Independent check in NumPy: choice = −(our choice), contrasts NaN on the other side,
  // feedbackType ±1 matches correct.
  const std::string script =
      "import numpy as np, csv, sys\n"
      "p=sys.argv[1]; rows=list(csv.DictReader(open(p+'/trials.csv')))\n"
      "ch=np.load(p+'/alf/trials.choice.npy'); cl=np.load(p+'/alf/trials.contrastLeft.npy')\n"
      "cr=np.load(p+'/alf/trials.contrastRight.npy'); fb=np.load(p+'/alf/trials.feedbackType.npy')\n"
      "pl=np.load(p+'/alf/trials.probabilityLeft.npy')\n"
      "assert len(ch)==len(rows)\n"
      "for i,r in enumerate(rows):\n"
      "  assert ch[i]==-int(r['choice'])\n"
      "  s=int(r['stim_side']); m=float(r['signal'])\n"
      "  assert (cr[i]==m and np.isnan(cl[i])) if s>0 else (cl[i]==m and np.isnan(cr[i]))\n"
      "  assert fb[i]==(1 if r['correct']=='1' else -1)\n"
      "  assert pl[i]==float(r['p_left'])\n"
      "print('alf-ok')\n";
  std::ofstream(dir / "check.py") << script;
  const auto r = run_command(std::string(iblrnn::testing::python_with_numpy()) + " " + (dir / "check.py") + " " + dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("alf-ok"), std::string::npos);
}

TEST(RunSummary, CountsMatchTheTable) {
  const RunRecord run = random_run();
  const auto j = run_summary(run);
  double correct = 0, timeouts = 0;
  for (std::size_t i = 0; i < run.trials.size(); ++i) {
    correct += run.trials.correct[i];
    timeouts += run.trials.choice[i] == 0;
  }
  EXPECT_EQ(j["n_trials"].get<std::size_t>(), run.trials.size());
  EXPECT_EQ(j["n_blocks"].get<int>(), 6);
  EXPECT_DOUBLE_EQ(j["accuracy"].get<double>(), correct / run.trials.size());
  EXPECT_DOUBLE_EQ(j["timeout_rate"].get<double>(), timeouts / run.trials.size());
  // accuracy_by_signal: weighted mean over signals equals the accuracy.
  std::map<double, double> n_by;
  for (std::size_t i = 0; i < run.trials.size(); ++i) n_by[run.trials.stim_side[i] * run.trials.signal[i] + 0.0] += 1;
  double acc = 0;
  for (auto& [k, v] : j["accuracy_by_signal"].items()) acc += v.get<double>() * n_by[std::stod(k)];
  EXPECT_NEAR(acc / run.trials.size(), correct / run.trials.size(), 1e-12);
}
