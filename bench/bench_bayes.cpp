// Questions: how many closed-loop trials per second does the Bayesian actor play on one core
// (target >= 1 million with the Markov filter), and how long does a whole observer pass over
// a recorded 1000-block run take (target: well under a second)? Counters report trials/s.
#include <benchmark/benchmark.h>

#include "iblrnn/bayes/bayes_agents.hpp"
#include "iblrnn/bayes/observer.hpp"
#include "iblrnn/task/engine.hpp"
#include "iblrnn/task/simple_agents.hpp"
#include "closed_loop.hpp"

using namespace iblrnn::bayes;
using namespace iblrnn::task;


// Arg 0: 0 = markov, 1 = semi_markov; arg 1: 0 = actor, 1 = actor_commit, 2 = reward_optimal.
static void BM_BayesAgentClosedLoop(benchmark::State& state) {
  BayesConfig bayes;
  bayes.filter = state.range(0) ? FilterModel::semi_markov : FilterModel::markov;
  const auto kind = static_cast<BayesAgentKind>(state.range(1));
  const TaskConfig task = iblrnn::bench::thousand_block_task();
  auto policy = kind == BayesAgentKind::reward_optimal
                    ? std::make_shared<const RewardPolicy>(task, bayes)
                    : nullptr;
  iblrnn::bench::closed_loop_trials(state, task, false,
                            [&](std::uint64_t) { return BayesAgent(task, bayes, kind, policy); });
}
BENCHMARK(BM_BayesAgentClosedLoop)
    ->Args({0, 0})->Args({1, 0})->Args({0, 1})->Args({0, 2})
    ->ArgNames({"semi_markov", "agent"})->Unit(benchmark::kMillisecond);

// Reference in the same run: the engine alone with the random agent (no inference).
static void BM_RandomAgentReference(benchmark::State& state) {
  iblrnn::bench::closed_loop_trials(state, iblrnn::bench::thousand_block_task(), false,
                            [](std::uint64_t seed) { return RandomAgent(seed); });
}
BENCHMARK(BM_RandomAgentReference)->Unit(benchmark::kMillisecond);

// One observer pass (true sides) over a recorded 1000-block actor run (≈ 49 000 trials).
static void BM_ObserverPass1000Blocks(benchmark::State& state) {
  TaskConfig task;
  task.n_blocks = 1000;
  BayesConfig bayes;
  bayes.filter = state.range(0) ? FilterModel::semi_markov : FilterModel::markov;
  const auto plans = make_sessions(task, 5, 1);
  BayesAgent actor(task, bayes, BayesAgentKind::actor);
  const RunRecord run = play(task, plans, actor);
  for (auto _ : state) {
    const Observation obs = observe(run, bayes);
    benchmark::DoNotOptimize(obs.accuracy);
  }
  state.counters["trials_per_s"] = benchmark::Counter(
      double(run.trials.size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ObserverPass1000Blocks)->Arg(0)->Arg(1)->ArgName("semi_markov")->Unit(benchmark::kMillisecond);

// Building the reward-optimal policy tables for the paper2020 task (default grid).
static void BM_RewardPolicyBuild(benchmark::State& state) {
  TaskConfig task;
  BayesConfig bayes;
  for (auto _ : state) {
    RewardPolicy policy(task, bayes);
    benchmark::DoNotOptimize(&policy);
  }
}
BENCHMARK(BM_RewardPolicyBuild)->Unit(benchmark::kMillisecond);
