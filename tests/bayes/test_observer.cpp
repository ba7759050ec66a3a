#include <gtest/gtest.h>

#include <cmath>

#include "brute_force.hpp"
#include "iblrnn/bayes/bayes_agents.hpp"
#include "iblrnn/bayes/block_filter.hpp"
#include "iblrnn/bayes/observer.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/task/engine.hpp"
#include "iblrnn/task/simple_agents.hpp"

using namespace iblrnn::bayes;
using namespace iblrnn::core;
using namespace iblrnn::task;

namespace iblrnn {
namespace {

// A task with ≤ 9 trials per session and ≤ 4 observation steps, so every block path can be
// enumerated.
TaskConfig tiny_task(bool unbiased_first) {
  TaskConfig task;
  task.block_len_min = 2;
  task.block_len_max = 3;
  task.block_len_p = 0.3;
  task.n_blocks = 3;
  task.n_obs_max = 4;
  task.p_stim_concordant = 0.75;
  if (unbiased_first) {
    task.first_block_len = 2;
    task.block_length = BlockLength::truncated_exponential;
    task.block_len_mean = 2.5;
    task.n_blocks = 4;
  }
  return task;
}

struct TrialObs {
  std::vector<double> left, right;
};

std::vector<TrialObs> trial_observations(const RunRecord& run, int session) {
  std::vector<TrialObs> out;
  for (std::size_t i = 0; i < run.trials.size(); ++i) {
    if (run.trials.session[i] != session) continue;
    TrialObs o;
    for (std::int64_t j = run.trials.first_step[i];
         j < run.trials.first_step[i] + run.trials.n_steps[i]; ++j) {
      if (run.steps.k[j] < run.config.n_blank_steps) continue;
      o.left.push_back(run.steps.x[3 * j]);
      o.right.push_back(run.steps.x[3 * j + 1]);
    }
    out.push_back(o);
  }
  return out;
}

// Enumerates every block path and every μ: P(s_n = +1 | what the filter learned from trials
// < n, o_{n, ≤ t}), where a trial's data is its true side, or (feedback mode, timeouts) its
// observations with the side summed out.
void expect_observer_equals_enumeration(const TaskConfig& task, const RunRecord& run,
                                        const Observation& obs, bool feedback) {
  const auto pmf = block_length_pmf(task);
  std::size_t row0 = 0;
  for (int s = 0; s < run.n_sessions; ++s) {
    const auto trial_obs = trial_observations(run, s);
    const int n = static_cast<int>(trial_obs.size());
    ASSERT_LE(n, 10);
    const auto paths = test::all_paths(n, task.first_block_len);
    for (int i = 0; i < n; ++i) {
      const std::size_t row = row0 + i;
      auto lik_before = [&](const std::vector<int>& path) {
        double w = test::path_probability(path, task.first_block_len, pmf);
        for (int m = 0; m < i && w > 0; ++m) {
          const std::size_t r = row0 + m;
          if (!feedback || run.trials.choice[r] != 0) {
            w *= test::emission(task, run.trials.stim_side[r], path[m]);
          } else {
            w *= test::emission(task, -1, path[m]) *
                     test::obs_likelihood(task, trial_obs[m].left, trial_obs[m].right, -1, false) +
                 test::emission(task, 1, path[m]) *
                     test::obs_likelihood(task, trial_obs[m].left, trial_obs[m].right, 1, false);
          }
        }
        return w;
      };
      double z = 0, block_right = 0;
      std::vector<double> right_w(trial_obs[i].left.size() + 1, 0.0), left_w(right_w.size(), 0.0);
      for (const auto& path : paths) {
        const double w = lik_before(path);
        if (w == 0) continue;
        z += w;
        if (path[i] > 0) block_right += w;
        for (std::size_t t = 0; t <= trial_obs[i].left.size(); ++t) {
          const std::vector<double> ol(trial_obs[i].left.begin(), trial_obs[i].left.begin() + t);
          const std::vector<double> orr(trial_obs[i].right.begin(), trial_obs[i].right.begin() + t);
          right_w[t] += w * test::emission(task, 1, path[i]) * test::obs_likelihood(task, ol, orr, 1, false);
          left_w[t] += w * test::emission(task, -1, path[i]) * test::obs_likelihood(task, ol, orr, -1, false);
        }
      }
      EXPECT_NEAR(obs.block_prior[2 * row + 1], block_right / z, 1e-12) << "trial " << row;
      EXPECT_NEAR(obs.stim_prior_right[row], right_w[0] / (right_w[0] + left_w[0]), 1e-12);
      int t = 0;
      for (std::int64_t j = run.trials.first_step[row];
           j < run.trials.first_step[row] + run.trials.n_steps[row]; ++j) {
        if (run.steps.k[j] >= task.n_blank_steps) ++t;
        EXPECT_NEAR(obs.step_posterior_right[j], right_w[t] / (right_w[t] + left_w[t]), 1e-12)
            << "trial " << row << " step " << j;
      }
    }
    row0 += n;
  }
}

RunRecord tiny_run(const TaskConfig& task, const BayesConfig& bayes, std::uint64_t seed) {
  const auto plans = make_sessions(task, seed, 4);
  BayesAgent actor(task, bayes, BayesAgentKind::actor);
  return play(task, plans, actor);
}

TEST(Observer, EqualsEnumerationOverBlockPathsAndMuWithTrueSides) {
  for (bool unbiased : {false, true}) {
    const TaskConfig task = tiny_task(unbiased);
    BayesConfig bayes;
    bayes.filter = FilterModel::semi_markov;
    const RunRecord run = tiny_run(task, bayes, 3);
    const Observation obs = observe(run, bayes);
    expect_observer_equals_enumeration(task, run, obs, false);
  }
}

TEST(Observer, FeedbackModeEqualsEnumerationWithTimeoutEvidence) {
  const TaskConfig task = tiny_task(false);
  BayesConfig bayes;
  bayes.filter = FilterModel::semi_markov;
  const RunRecord run = tiny_run(task, bayes, 4);
  int timeouts = 0;
  for (auto c : run.trials.choice) timeouts += c == 0;
  ASSERT_GT(timeouts, 0) << "the test needs timeouts";
  const Observation obs = observe(run, bayes, BlockUpdate::feedback);
  expect_observer_equals_enumeration(task, run, obs, true);
}

TEST(Observer, MapAccuracyCountsDecisionStepPosterior) {
  TaskConfig task;
  task.n_blocks = 3;
  const auto plans = make_sessions(task, 9, 2);
  OracleAgent oracle(plans);
  const RunRecord run = play(task, plans, oracle);
  const Observation obs = observe(run, BayesConfig{});
  double correct = 0;
  for (std::size_t i = 0; i < run.trials.size(); ++i) {
    const std::int64_t last = run.trials.first_step[i] + run.trials.n_steps[i] - 1;
    EXPECT_EQ(obs.decision_posterior_right[i], obs.step_posterior_right[last]);
    EXPECT_EQ(obs.map_side[i], obs.step_posterior_right[last] >= 0.5 ? 1 : -1);
    correct += obs.map_side[i] == run.trials.stim_side[i];
    EXPECT_NEAR(obs.block_posterior[2 * i] + obs.block_posterior[2 * i + 1], 1.0, 1e-12);
  }
  EXPECT_DOUBLE_EQ(obs.accuracy, correct / run.trials.size());
}

TEST(Observer, FromPlansEqualsFromRecordedStepsOnEveryTrialOutput) {
  // The random agent times out now and then, so the feedback update takes evidence too.
  TaskConfig task;
  task.n_blocks = 4;
  const auto plans = make_sessions(task, 17, 3);
  for (const char* filter : {"markov", "semi_markov"}) {
    BayesConfig bayes;
    bayes.filter = parse_choice<FilterModel>(filter, "test", "filter");
    RandomAgent agent(17);
    const RunRecord run = play(task, plans, agent);
    PlayOptions quiet;
    quiet.record_steps = false;
    RandomAgent again(17);
    const RunRecord trials_only = play(task, plans, again, quiet);
    ASSERT_EQ(trials_only.steps.size(), 0u);
    std::size_t timeouts = 0;
    for (auto ch : run.trials.choice) timeouts += ch == 0;
    EXPECT_GT(timeouts, 0u);
    for (const BlockUpdate update : {BlockUpdate::true_sides, BlockUpdate::feedback}) {
      const Observation a = observe(run, bayes, update);
      const Observation b = observe(trials_only, plans, bayes, update);
      EXPECT_TRUE(b.step_posterior_right.empty());
      EXPECT_EQ(a.block_prior, b.block_prior) << filter;
      EXPECT_EQ(a.block_posterior, b.block_posterior) << filter;
      EXPECT_EQ(a.stim_prior_right, b.stim_prior_right) << filter;
      EXPECT_EQ(a.decision_posterior_right, b.decision_posterior_right) << filter;
      EXPECT_EQ(a.map_side, b.map_side) << filter;
      EXPECT_EQ(a.accuracy, b.accuracy) << filter;
    }
  }
}

TEST(Observer, RejectsRunWithoutSteps) {
  TaskConfig task;
  const auto plans = make_sessions(task, 1, 1);
  OracleAgent oracle(plans);
  PlayOptions options;
  options.record_steps = false;
  const RunRecord run = play(task, plans, oracle, options);
  try {
    observe(run, BayesConfig{});
    FAIL() << "no throw";
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "observe: run must hold recorded steps, got \"no steps\"");
  }
}

}  // namespace
}  // namespace iblrnn
