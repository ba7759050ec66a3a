// Runs of many sessions processed chunk by chunk: sessions [0, n_sessions) of the run with
// seed `seed` are generated a chunk of consecutive sessions at a time, each chunk is handed
// to `work` (play it, observe it: anything that treats sessions independently), and the
// results are handed to `consume` in session order (write them). Memory holds `threads`
// chunks rather than the run. `threads` chunks are worked on concurrently; since every agent
// and the observer treat sessions independently (task/agent.hpp) and consume() sees the
// chunks in order, the outputs do not depend on the thread count or the chunk size.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

#include "iblrnn/core/thread_team.hpp"
#include "iblrnn/task/session.hpp"

namespace iblrnn::task {

/// Sessions per chunk: enough for about `chunk_trials` trials (at least one session), from
/// the config's expected trials per session.
int sessions_per_chunk(const TaskConfig& config, std::int64_t chunk_trials = 32768);

template <class Result>
void for_session_chunks(const TaskConfig& config, std::uint64_t seed, int n_sessions, int threads,
                        const std::function<Result(const std::vector<SessionPlan>&)>& work,
                        const std::function<void(const std::vector<SessionPlan>&, Result&)>& consume) {
  const int per_chunk = sessions_per_chunk(config);
  const int n_chunks = (n_sessions + per_chunk - 1) / per_chunk;
  threads = std::clamp(threads, 1, std::max(1, n_chunks));
  core::ThreadTeam team(threads);
  std::vector<std::vector<SessionPlan>> plans(threads);
  std::vector<Result> results(threads);
  for (int c0 = 0; c0 < n_chunks; c0 += threads) {
    const int n_here = std::min(threads, n_chunks - c0);
    team.run([&](int i) {
      if (i >= n_here) return;
      const int s0 = (c0 + i) * per_chunk, s1 = std::min(n_sessions, s0 + per_chunk);
      plans[i].clear();
      for (int s = s0; s < s1; ++s) plans[i].push_back(make_session(config, seed, s));
      results[i] = work(plans[i]);
    });
    for (int i = 0; i < n_here; ++i) {
      consume(plans[i], results[i]);
      results[i] = Result{};
    }
  }
}

}  // namespace iblrnn::task
