// The iblrnn executable: bayes end to end — the run folder with the agent's own beliefs, the
// actor's probabilities equal to its recorded posterior, summary fields, and user errors as
// one line with exit 2 and no output folder.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "../support/cli_prelude.hpp"
#include "iblrnn/io/npy.hpp"

using namespace iblrnn::io;

TEST(CliBayes, ActorWritesRunFolderWithPosteriorsAndSummary) {
  TempDir dir;
  const auto r = iblrnn_cli("bayes --agent actor --filter semi_markov --blocks 3 --sessions 2 "
                            "--record steps --out " + (dir / "run"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* f : {"trials.csv", "summary.json", "config.toml", "alf/_ibl_trials.choice.npy",
                        "probs.npy", "bayes/step_posterior.npy", "bayes/block_prior.npy",
                        "bayes/block_posterior.npy", "bayes/stim_prior.npy",
                        "bayes/observer_step_posterior.npy", "bayes/observer_map_side.npy"})
    EXPECT_TRUE(fs::exists(dir / ("run/" + std::string(f)))) << f;
  const auto summary = nlohmann::json::parse(read_text_file(dir / "run/summary.json"));
  EXPECT_EQ(summary["agent"], "actor");
  EXPECT_EQ(summary["filter"], "semi_markov");
  for (const char* key : {"accuracy", "timeout_rate", "mean_n_obs", "mean_outcome",
                          "accuracy_by_signal", "accuracy_concordant", "accuracy_discordant",
                          "observer_accuracy"})
    EXPECT_TRUE(summary.contains(key)) << key;
  // The actor's output is its posterior: probs.npy equals bayes/step_posterior.npy on
  // observation steps.
  const auto probs = iblrnn::io::read_npy(dir / "run/probs.npy");
  const auto post = iblrnn::io::read_npy(dir / "run/bayes/step_posterior.npy");
  const auto k = iblrnn::io::read_npy(dir / "run/step_k.npy");
  ASSERT_EQ(post.shape, probs.shape);
  ASSERT_EQ(post.shape[1], 2u);
  int compared = 0;
  for (std::size_t j = 0; j < k.size(); ++j) {
    if (k.data[j] < 2) continue;
    EXPECT_NEAR(probs.data[2 * j + 1], post.data[2 * j + 1], 1e-12);
    ++compared;
  }
  EXPECT_GT(compared, 100);
  EXPECT_NE(read_text_file(dir / "run/config.toml").find("[bayes]"), std::string::npos);
}

TEST(CliBayes, DefaultRecordsTrialsOnlyWithTheSameTrialFilesAndSummary) {
  // Trial-level outputs do not depend on whether steps are recorded, nor on the threads or
  // the chunking of sessions (60 sessions of 12 blocks: several chunks of sessions).
  TempDir dir;
  const std::string common = "bayes --agent actor --blocks 12 --sessions 60 --seed 4 ";
  ASSERT_EQ(iblrnn_cli(common + "--record steps --threads 1 --out " + (dir / "steps")).exit_code, 0);
  ASSERT_EQ(iblrnn_cli(common + "--out " + (dir / "trials")).exit_code, 0);
  ASSERT_EQ(iblrnn_cli(common + "--threads 3 --out " + (dir / "three")).exit_code, 0);
  for (const char* f : {"inputs.npy", "probs.npy", "outcome.npy", "step_trial.npy",
                        "bayes/step_posterior.npy", "bayes/observer_step_posterior.npy"})
    EXPECT_FALSE(fs::exists(dir / ("trials/" + std::string(f)))) << f;
  for (const char* f : {"trials.csv", "alf/_ibl_trials.choice.npy", "alf/_ibl_trials._iblrnn_session.npy",
                        "bayes/block_prior.npy", "bayes/block_posterior.npy",
                        "bayes/stim_prior.npy", "bayes/observer_map_side.npy"}) {
    EXPECT_EQ(read_text_file(dir / ("trials/" + std::string(f))),
              read_text_file(dir / ("steps/" + std::string(f)))) << f;
    EXPECT_EQ(read_text_file(dir / ("trials/" + std::string(f))),
              read_text_file(dir / ("three/" + std::string(f)))) << f;
  }
  auto a = nlohmann::json::parse(read_text_file(dir / "steps/summary.json"));
  auto b = nlohmann::json::parse(read_text_file(dir / "trials/summary.json"));
  EXPECT_EQ(a["n_sessions"], 60);
  EXPECT_EQ(a["record"], "steps");
  EXPECT_EQ(b["record"], "trials");
  a.erase("record");
  b.erase("record");
  EXPECT_EQ(a, b);
  const auto rec = iblrnn_cli("bayes --record everything --out " + (dir / "bad"));
  EXPECT_EQ(rec.exit_code, 2);
  EXPECT_EQ(rec.output, "iblrnn: error: bayes: record must be trials or steps, got \"everything\"\n");
  EXPECT_FALSE(fs::exists(dir / "bad"));
}

TEST(CliBayes, RewardOptimalNeverTimesOut) {
  TempDir dir;
  const auto r = iblrnn_cli("bayes --agent reward_optimal --set bayes.dp_n_grid=31 "
                            "--set dp_n_prior=5 --blocks 2 --out " + (dir / "ro"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto summary = nlohmann::json::parse(read_text_file(dir / "ro/summary.json"));
  EXPECT_EQ(summary["timeout_rate"], 0.0);
  EXPECT_TRUE(summary.contains("dp_start_value_unbiased"));
}

TEST(CliBayes, UserErrorsAreOneLineWithExitTwoAndNoFolder) {
  TempDir dir;
  for (const std::string args : {"--agent greedy", "--filter hmm", "--set bayes.switch_prob=2"}) {
    const auto r = iblrnn_cli("bayes " + args + " --out " + (dir / "bad"));
    EXPECT_EQ(r.exit_code, 2) << args << ": " << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    EXPECT_FALSE(fs::exists(dir / "bad")) << args;
  }
  const auto r = iblrnn_cli("bayes --filter hmm --out " + (dir / "bad"));
  EXPECT_NE(r.output.find("--filter: filter must be one of markov | semi_markov, got \"hmm\""), std::string::npos)
      << r.output;
}

// The ALF trials folder of an agent, read by brainbox's definitions restated in NumPy/SciPy
// (get_signed_contrast, compute_performance, compute_psychometric with ibllib's plotting
// ranges, compute_reaction_time): finite for both biased blocks, thresholds and biases away
// from the bounds, the bias ordered by block, reaction times in seconds.
TEST(CliBayes, BrainboxReadsTheAlfTrialsOnIblTerms) {
  TempDir dir;
  ASSERT_EQ(iblrnn_cli("bayes --agent actor_commit --sessions 20 --seed 3 --out " + (dir / "run"))
                .exit_code, 0);
  std::ofstream(dir / "check.py") << R"PY(import sys, numpy as np
from scipy.optimize import minimize
from scipy.special import erf
p = sys.argv[1]
L = lambda a: np.load(p + '/_ibl_trials.' + a + '.npy')
t = {a: L(a) for a in ['choice', 'contrastLeft', 'contrastRight', 'probabilityLeft',
                       'feedbackType', 'stimOn_times', 'response_times']}
# brainbox's definitions, restated: signed contrast in %, P(rightward) = mean(choice == -1)
sc = np.diff(np.nan_to_num(np.c_[t['contrastLeft'], t['contrastRight']])).flatten() * 100
def performance(block, prob_right):
    idx = t['probabilityLeft'] == block
    cs, n = np.unique(sc[idx], return_counts=True)
    y = (t['choice'] == -1) if prob_right else (t['feedbackType'] == 1)
    return np.array([np.mean(y[(sc == c) & idx]) for c in cs]), cs, n
def fit(block):  # ibllib's plotting ranges
    pr, cs, n = performance(block, True)
    k = np.round(pr * n)
    def nll(q):
        P = np.clip(q[2] + (1 - q[2] - q[3]) * (erf((cs - q[0]) / q[1]) + 1) / 2, 1e-12, 1 - 1e-12)
        return -np.sum(k * np.log(P) + (n - k) * np.log1p(-P))
    b = [(-50, 50), (10, 50), (0, 0.2), (0, 0.2)]
    return min((minimize(nll, s, method='L-BFGS-B', bounds=b) for s in
                [(0, 40, .1, .1), (-20, 20, .05, .05), (20, 20, .05, .05)]), key=lambda r: r.fun).x
for block in (0.2, 0.8):
    assert np.sum(t['probabilityLeft'] == block) > 0, block
    for pr in (True, False):
        perf, cs, n = performance(block, pr)
        assert np.all(np.isfinite(perf)), (block, perf)
    m, w, g1, g2 = fit(block)
    print('block', block, 'bias', round(m, 2), 'threshold', round(w, 2), 'lapses', round(g1, 3), round(g2, 3))
    assert 10.5 < w < 49.5 and -49.5 < m < 49.5, (block, m, w)
rt = t['response_times'] - t['stimOn_times']
med = [np.nanmedian(rt[sc == c]) for c in np.unique(sc)]
assert np.all(np.isfinite(med)) and min(med) > 0, med
print('median RT (s) by contrast', np.round(med, 2))
b2, b8 = fit(0.2)[0], fit(0.8)[0]
assert b8 > b2, (b2, b8)  # P(left) = 0.8 shifts the curve towards right-side stimuli
print('brainbox-ok')
)PY";
  const auto r = run_command(std::string(iblrnn::testing::python_with_numpy()) + " " +
                             (dir / "check.py") + " " + (dir / "run/alf"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("brainbox-ok"), std::string::npos) << r.output;
}
