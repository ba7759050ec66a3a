// Question: how many closed-loop trials per second does the task engine play on one core?
// Target (task engine): >= 1 million trials/s with the random agent. Counters report trials/s.
#include <benchmark/benchmark.h>

#include "iblrnn/task/engine.hpp"
#include "iblrnn/task/simple_agents.hpp"
#include "closed_loop.hpp"

using namespace iblrnn::task;


static void BM_ClosedLoopRandomAgent(benchmark::State& state) {
  iblrnn::bench::closed_loop_trials(state, iblrnn::bench::thousand_block_task(), state.range(0) != 0,
                            [](std::uint64_t seed) { return RandomAgent(seed); });
}
BENCHMARK(BM_ClosedLoopRandomAgent)->Arg(0)->Arg(1)->ArgName("record_steps")->Unit(benchmark::kMillisecond);

static void BM_ClosedLoopIncludingSessionGeneration(benchmark::State& state) {
  TaskConfig config;
  config.n_blocks = 1000;
  std::int64_t trials = 0;
  std::uint64_t seed = 1;
  for (auto _ : state) {
    auto plans = make_sessions(config, seed++, 1);
    RandomAgent agent(seed);
    PlayOptions options;
    options.record_steps = false;
    const RunRecord run = play(config, plans, agent, options);
    trials += static_cast<std::int64_t>(run.trials.size());
  }
  state.counters["trials_per_s"] = benchmark::Counter(double(trials), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ClosedLoopIncludingSessionGeneration)->Unit(benchmark::kMillisecond);
