// Run-folder files: trials.csv round trip, ALF trials read by NumPy with IBL's sign
// conventions, summary numbers against counts.
#include <gtest/gtest.h>

#include "iblrnn/pipeline/presets.hpp"

#include <filesystem>
#include <fstream>
#include <map>

#include "../support/shell.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/npy.hpp"
#include "iblrnn/io/alf_trials.hpp"
#include "iblrnn/io/run_files.hpp"
#include "iblrnn/task/engine.hpp"
#include "iblrnn/task/simple_agents.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::pipeline;
using namespace iblrnn::task;

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

TEST(AlfTrials, NumpyReadsThemOnIblTerms) {
  TempDir dir;
  const RunRecord run = random_run();
  AlfConfig alf;
  alf.step_duration = 0.25;
  write_alf_trials(dir.path(), run, alf);
  write_trials_csv(dir.path(), run.trials);
  // Independent check in NumPy, reading the files as brainbox does: _ibl_trials. prefix,
  // probabilityLeft exactly 0.2 / 0.8 (so `== 0.2` selects), choice int64 with IBL's sign
  // (brainbox: rightward = choice == -1) = −response_side of trials.csv, contrasts as
  // fractions μ / 2.5 with the raw μ in _iblrnn_signal, feedbackType int64 ±1, and the
  // step clock: response − stimOn = n_obs · Δ, intervals contiguous.
  const std::string script =
      "import numpy as np, csv, sys\n"
      "p=sys.argv[1]; rows=list(csv.DictReader(open(p+'/trials.csv')))\n"
      "L=lambda a: np.load(p+'/alf/_ibl_trials.'+a+'.npy')\n"
      "ch=L('choice'); cl=L('contrastLeft'); cr=L('contrastRight'); fb=L('feedbackType')\n"
      "pl=L('probabilityLeft'); sig=L('_iblrnn_signal'); iv=L('intervals')\n"
      "on=L('stimOn_times'); go=L('goCue_times'); rs=L('response_times'); fbt=L('feedback_times')\n"
      "nobs=L('_iblrnn_nObs')\n"
      "assert ch.dtype==np.int64 and fb.dtype==np.int64, (ch.dtype, fb.dtype)\n"
      "assert iv.shape==(len(rows),2) and len(ch)==len(rows)\n"
      "assert set(np.unique(pl))=={0.2,0.8}, np.unique(pl)\n"
      "assert (pl==0.2).sum()>0 and (pl==0.8).sum()>0\n"
      "sc=np.diff(np.nan_to_num(np.c_[cl,cr])).flatten()*100\n"
      "assert set(np.unique(np.abs(sc)).round(9))=={0,20,40,60,80,100}, np.unique(sc)\n"
      "assert np.all(np.isnan(cl)!=np.isnan(cr))\n"
      "assert np.allclose(np.nan_to_num(cl)+np.nan_to_num(cr), sig/2.5, rtol=0, atol=1e-15)\n"
      "assert np.allclose(rs-on, nobs*0.25, rtol=0, atol=1e-9) and np.all(go==on) and np.all(fbt==rs)\n"
      "assert np.all(iv[:,0]<=on) and np.all(on<rs) and np.all(rs==iv[:,1])\n"
      "assert iv[0,0]==0 and np.all(iv[1:,0]==iv[:-1,1])\n"
      "for i,r in enumerate(rows):\n"
      "  assert ch[i]==-int(r['response_side'])\n"
      "  s=int(r['stim_side']); m=float(r['signal'])\n"
      "  assert sig[i]==m and (np.isnan(cl[i]) if s>0 else np.isnan(cr[i]))\n"
      "  assert fb[i]==(1 if r['correct']=='1' else -1)\n"
      "  assert pl[i]==float(r['p_left'])\n"
      "  assert (ch[i]==-1)==(r['response_side']=='1')\n"
      "print('alf-ok')\n";
  std::ofstream(dir / "check.py") << script;
  const auto r = run_command(std::string(iblrnn::testing::python_with_numpy()) + " " + (dir / "check.py") + " " + dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("alf-ok"), std::string::npos);
}

TEST(AlfTrials, IblrigContrastsAreWrittenAsTheyAre) {
  TaskConfig c;
  c = preset_config("iblrig").task;
  for (double s : c.signals) EXPECT_EQ(alf_contrast(c, s), s);
  TaskConfig paper;
  EXPECT_EQ(alf_contrast(paper, 2.5), 1.0);
  EXPECT_EQ(alf_contrast(paper, 0.5), 0.2);
  EXPECT_EQ(paper.p_left_of_block(1), 0.2);
  EXPECT_EQ(paper.p_left_of_block(-1), 0.8);
}

TEST(AlfTrials, SessionLayoutIsOnesFolderTree) {
  AlfConfig alf;
  alf.layout = AlfLayout::session;
  alf.subject = "agentA";
  EXPECT_EQ(alf.trials_dir("run"), "run/Subjects/agentA/2020-01-01/001/alf");
  alf.prefix = "none";
  EXPECT_EQ(alf.file_name("choice"), "trials.choice.npy");
  alf.date = "2020-13-01";
  EXPECT_THROW(alf.validate(), InvalidInput);
  alf.date = "2020-01-01";
  alf.subject = "../x";
  EXPECT_THROW(alf.validate(), InvalidInput);
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
