// The task engine: plays any Agent through sessions in closed loop, in lock-step batches
// (SPEC §1.1; docs/design.md eq. T6–T8: inputs, the act rule, outcomes and feedback).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "iblrnn/task/agent.hpp"
#include "iblrnn/task/run_record.hpp"
#include "iblrnn/task/session.hpp"

namespace iblrnn::task {

/// Options of a closed-loop run.
struct PlayOptions {
  bool record_steps = true;  // fill RunRecord::steps
  /// Called now and then with (trials done, trials total); may be empty.
  std::function<void(std::int64_t, std::int64_t)> progress;
};

/// Plays `agent` through the given sessions, all in one lock-step batch (B = plans.size()).
/// The agent's begin(B) is called first. Returns trials (with choices) and steps.
RunRecord play(const TaskConfig& config, const std::vector<SessionPlan>& plans, Agent& agent,
               const PlayOptions& options = {});

/// The generative sequence only (no agent): trials table without choices.
RunRecord describe(const TaskConfig& config, const std::vector<SessionPlan>& plans);

/// Sessions 0..n_sessions−1 of the run with seed `seed`.
std::vector<SessionPlan> make_sessions(const TaskConfig& config, std::uint64_t seed,
                                       int n_sessions);

}  // namespace iblrnn::task
