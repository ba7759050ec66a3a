// Agent: the one interface through which any decision maker (RNN, Bayesian actor, distilled
// model, oracle, random) plays the task in closed loop, many sessions in lock-step.
// Shapes: x is 3 × B (rows o^L, o^R, r; one column per session), p is 2 × B (P(left), P(right)).
#pragma once

#include <cstdint>

#include <Eigen/Core>

namespace iblrnn::task {

/// What the engine tells an agent about each session's current step (arrays of length B).
struct StepContext {
  const int* k = nullptr;            // step index within the trial (0-based; blank steps first)
  const int* trial = nullptr;        // trial index within the session
  const unsigned char* active = nullptr;  // 1 while the session runs; 0 once it has ended
  int n_blank_steps = 2;             // steps 0 .. n_blank_steps−1 are blank
  const std::uint64_t* session = nullptr;  // the session's index in its run (SessionPlan::session)
};

/// A closed-loop decision maker. The engine applies the threshold rule to p.
/// Every agent treats its columns independently (a column's outputs depend only on its own
/// session), so a run played in chunks of sessions equals the run played in one lock-step.
class Agent {
 public:
  virtual ~Agent() = default;

  /// Starts B fresh sessions (hidden state to zero, beliefs to their prior).
  virtual void begin(int n_sessions) = 0;

  /// One lock-step over all B sessions: reads x (3 × B), writes p (2 × B, columns sum to 1).
  /// Columns of sessions with ctx.active[b] == 0 hold zeros and their p is ignored.
  virtual void step(const Eigen::Ref<const Eigen::MatrixXd>& x, const StepContext& ctx,
                    Eigen::Ref<Eigen::MatrixXd> p) = 0;
};

}  // namespace iblrnn::task
