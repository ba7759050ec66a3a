// Agents that need no training, for testing the closed loop: the oracle (knows the stimulus
// side, acts on its first observation step) and the random agent (P(right) ~ U(0, 1) on every
// step, so it acts on an observation step with probability 2·(1 − threshold)).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "iblrnn/core/random.hpp"
#include "iblrnn/task/agent.hpp"
#include "iblrnn/task/session.hpp"

namespace iblrnn::task {

/// Always correct on the first observation step; needs the sessions it plays (plans[b]).
class OracleAgent : public Agent {
 public:
  explicit OracleAgent(const std::vector<SessionPlan>& plans) : plans_(plans) {}
  void begin(int n_sessions) override;
  void step(const Eigen::Ref<const Eigen::MatrixXd>& x, const StepContext& ctx,
            Eigen::Ref<Eigen::MatrixXd> p) override;

 private:
  const std::vector<SessionPlan>& plans_;
};

/// P(right) ~ U(0, 1) each step, a counter-based draw keyed on (seed, Stream::agent, session,
/// trial, step): the same in a lock-step of any sessions.
class RandomAgent : public Agent {
 public:
  explicit RandomAgent(std::uint64_t seed) : seed_(seed) {}
  void begin(int n_sessions) override;
  void step(const Eigen::Ref<const Eigen::MatrixXd>& x, const StepContext& ctx,
            Eigen::Ref<Eigen::MatrixXd> p) override;

 private:
  std::uint64_t seed_;
};

}  // namespace iblrnn::task
