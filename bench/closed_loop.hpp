// Shared benchmark body: play one fresh session of `task` per iteration (session generation
// not timed) with the agent make_agent(seed) returns, and report trials_per_s.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>

#include "iblrnn/task/engine.hpp"

namespace iblrnn::bench {

/// The benchmarks' task: the default one with 1000 blocks (≈ 49 000 trials) per session.
inline task::TaskConfig thousand_block_task() {
  task::TaskConfig task;
  task.n_blocks = 1000;
  return task;
}

template <class MakeAgent>
void closed_loop_trials(benchmark::State& state, const task::TaskConfig& task, bool record_steps,
                        MakeAgent make_agent) {
  std::int64_t trials = 0;
  std::uint64_t seed = 1;
  for (auto _ : state) {
    state.PauseTiming();
    auto plans = task::make_sessions(task, seed++, 1);
    state.ResumeTiming();
    auto agent = make_agent(seed);
    task::PlayOptions options;
    options.record_steps = record_steps;
    const task::RunRecord run = task::play(task, plans, agent, options);
    trials += static_cast<std::int64_t>(run.trials.size());
    benchmark::DoNotOptimize(run.trials.choice.data());
  }
  state.counters["trials_per_s"] = benchmark::Counter(double(trials), benchmark::Counter::kIsRate);
}

}  // namespace iblrnn::bench
