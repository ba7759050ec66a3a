#include <gtest/gtest.h>

#include "iblrnn/pipeline/presets.hpp"

#include <cmath>

#include "iblrnn/bayes/bayes_agents.hpp"
#include "iblrnn/bayes/observer.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/core/random.hpp"
#include "iblrnn/task/engine.hpp"

using namespace iblrnn::bayes;
using namespace iblrnn::core;
using namespace iblrnn::pipeline;
using namespace iblrnn::task;

namespace iblrnn {
namespace {

RunRecord play_bayes(const TaskConfig& task, const BayesConfig& bayes, BayesAgentKind kind,
                     int n_sessions, std::uint64_t seed, BayesAgent** keep = nullptr) {
  const auto plans = make_sessions(task, seed, n_sessions);
  static std::unique_ptr<BayesAgent> agent;
  agent = std::make_unique<BayesAgent>(task, bayes, kind);
  agent->record_learned_sides(true);
  if (keep) *keep = agent.get();
  return play(task, plans, *agent);
}

// Checks step by step that the agent acted exactly at the first observation step where the
// (independently replayed) posterior crosses the threshold, and otherwise timed out.
void expect_threshold_decisions(const RunRecord& run, const BayesConfig& bayes) {
  const TaskConfig& task = run.config;
  const Observation obs = observe(run, bayes, BlockUpdate::feedback);
  int n_acted = 0, n_timeouts = 0;
  for (std::size_t i = 0; i < run.trials.size(); ++i) {
    int crossing = -1, side = 0;
    for (std::int64_t j = run.trials.first_step[i];
         j < run.trials.first_step[i] + run.trials.n_steps[i]; ++j) {
      if (run.steps.k[j] < task.n_blank_steps) continue;
      const double post = obs.step_posterior_right[j];
      // The actor's output is its posterior.
      ASSERT_NEAR(run.steps.p[2 * j + 1], post, 1e-12) << "step " << j;
      if (1.0 - post > task.act_threshold) side = -1;
      else if (post > task.act_threshold) side = 1;
      if (side != 0) {
        crossing = run.steps.k[j] - task.n_blank_steps + 1;
        break;
      }
    }
    if (crossing > 0) {
      ++n_acted;
      EXPECT_EQ(run.trials.n_obs[i], crossing) << "trial " << i;
      EXPECT_EQ(run.trials.choice[i], side) << "trial " << i;
    } else {
      ++n_timeouts;
      EXPECT_EQ(run.trials.choice[i], 0) << "trial " << i;
      EXPECT_EQ(run.trials.n_obs[i], task.n_obs_max) << "trial " << i;
    }
  }
  EXPECT_GT(n_acted, 0);
  EXPECT_GT(n_timeouts, 0);
}

TEST(BayesActor, ActsExactlyWhenPosteriorFirstCrossesThreshold) {
  TaskConfig task;
  task.n_blocks = 6;
  for (const std::string filter : {"markov", "semi_markov"}) {
    BayesConfig bayes;
    bayes.filter = parse_choice<FilterModel>(filter, "test", "filter");
    expect_threshold_decisions(play_bayes(task, bayes, BayesAgentKind::actor, 3, 21), bayes);
  }
  TaskConfig rig;
  rig = preset_config("iblrig").task;
  rig.n_blocks = 3;
  BayesConfig semi;
  semi.filter = FilterModel::semi_markov;
  expect_threshold_decisions(play_bayes(rig, semi, BayesAgentKind::actor, 2, 22), semi);
}

TEST(BayesActor, CompatActorMatchesCompatObserver) {
  TaskConfig task;
  task.n_blocks = 4;
  BayesConfig bayes;
  bayes.compat = Compat::paper2020;
  bayes.evidence = Evidence::d_only;
  expect_threshold_decisions(play_bayes(task, bayes, BayesAgentKind::actor, 2, 23), bayes);
}

TEST(BayesActor, FeedbackLearnedSidesEqualTrueSidesAfterEveryAction) {
  TaskConfig task;
  task.n_blocks = 5;
  BayesAgent* agent = nullptr;
  const RunRecord run = play_bayes(task, BayesConfig{}, BayesAgentKind::actor, 3, 24, &agent);
  std::size_t row = 0;
  int checked = 0;
  for (int s = 0; s < 3; ++s) {
    const auto& learned = agent->learned_sides(s);
    std::size_t n = 0;
    while (row + n < run.trials.size() && run.trials.session[row + n] == s) ++n;
    ASSERT_EQ(learned.size() + 1, n);  // the last trial has no feedback step
    for (std::size_t i = 0; i < learned.size(); ++i) {
      if (run.trials.choice[row + i] != 0) {
        EXPECT_EQ(learned[i], run.trials.stim_side[row + i]);
        ++checked;
      } else {
        EXPECT_EQ(learned[i], 0);
      }
    }
    row += n;
  }
  EXPECT_GT(checked, 100);
}

TEST(BayesActorCommit, NeverTimesOutAndCommitsToMapSide) {
  TaskConfig task;
  task.n_blocks = 6;
  const RunRecord run = play_bayes(task, BayesConfig{}, BayesAgentKind::actor_commit, 2, 25);
  const Observation obs = observe(run, BayesConfig{}, BlockUpdate::feedback);
  int committed = 0;
  for (std::size_t i = 0; i < run.trials.size(); ++i) {
    EXPECT_NE(run.trials.choice[i], 0);
    const std::int64_t last = run.trials.first_step[i] + run.trials.n_steps[i] - 1;
    const double post = obs.step_posterior_right[last];
    if (std::max(post, 1 - post) <= task.act_threshold) {
      EXPECT_EQ(run.trials.n_obs[i], task.n_obs_max);
      EXPECT_EQ(run.trials.choice[i], post >= 0.5 ? 1 : -1);
      ++committed;
    }
  }
  EXPECT_GT(committed, 0);
}

TEST(BayesAgent, SameSeedGivesIdenticalChoices) {
  TaskConfig task;
  task.n_blocks = 3;
  const RunRecord a = play_bayes(task, BayesConfig{}, BayesAgentKind::actor, 2, 26);
  const RunRecord b = play_bayes(task, BayesConfig{}, BayesAgentKind::actor, 2, 26);
  EXPECT_EQ(a.trials.choice, b.trials.choice);
  EXPECT_EQ(a.steps.p, b.steps.p);
}

TEST(BayesAgent, ParseKindRejectsUnknownName) {
  EXPECT_EQ(parse_bayes_agent_kind("actor_commit"), BayesAgentKind::actor_commit);
  try {
    parse_bayes_agent_kind("greedy");
    FAIL() << "no throw";
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(),
                 "bayes: agent must be actor, actor_commit or reward_optimal, got \"greedy\"");
  }
}

}  // namespace
}  // namespace iblrnn

namespace iblrnn {
namespace {

// The beliefs an agent records while it plays equal the feedback observer's replay of its
// run, trial by trial and exactly, for every agent kind and filter, and with the paper's
// timeout rule (compat paper2020), where timeouts update the filter differently.
TEST(BayesAgent, RecordedBeliefsEqualTheFeedbackObserver) {
  TaskConfig task;
  task.n_blocks = 3;
  task.n_obs_max = 3;  // short trials: timeouts happen
  for (const char* filter : {"markov", "semi_markov"}) {
    for (const char* compat : {"exact", "paper2020"}) {
      BayesConfig bayes;
      bayes.filter = parse_choice<FilterModel>(filter, "test", "filter");
      bayes.compat = parse_choice<Compat>(compat, "test", "compat");
      bayes.dp_n_grid = 31;
      bayes.dp_n_prior = 5;
      for (const BayesAgentKind kind : {BayesAgentKind::actor, BayesAgentKind::actor_commit,
                                        BayesAgentKind::reward_optimal}) {
        if (kind == BayesAgentKind::reward_optimal && bayes.compat != Compat::exact) continue;
        const auto plans = make_sessions(task, 8, 4);
        BayesAgent agent(task, bayes, kind);
        agent.record_beliefs(true);
        const RunRecord run = play(task, plans, agent);
        const BayesAgent::Beliefs b = agent.beliefs(run);
        const Observation o = observe(run, bayes, BlockUpdate::feedback);
        const std::string what = std::string(filter) + " " + compat + " " + std::to_string(int(kind));
        EXPECT_EQ(b.block_prior, o.block_prior) << what;
        EXPECT_EQ(b.block_posterior, o.block_posterior) << what;
        EXPECT_EQ(b.stim_prior_right, o.stim_prior_right) << what;
      }
    }
  }
}

}  // namespace
}  // namespace iblrnn
