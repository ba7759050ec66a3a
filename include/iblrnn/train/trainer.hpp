// Closed-loop training (SPEC §2; docs/train.md eq. L4, O1–O3): each gradient step plays a
// batch of fresh sessions through the task engine (play(), the network acting online as an
// RnnAgent), then backpropagates through the whole recorded sessions (Backprop, optionally
// truncated), clips, and updates with the optimiser. The sessions of a step are played in
// groups ("plays"): pairs where the fused kernels apply (fused_single_sequence(): the vanilla
// cell with H ≤ 512; fused_gated_sequence(): gru, lstm; the faster way there; sessions
// paired by length, longest first),
// otherwise one contiguous lock-step group per thread. Threads take plays as they free up; play gradients are summed in play order, so
// results are bit-identical for a given thread count (for pairs, for any count).
// Training sessions are keyed by
// (hash_key(seed, Stream::train_sessions), step · batch_size + i), so the trainer's whole
// random state is its step counter (resume = step, weights, optimiser state).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "iblrnn/core/thread_team.hpp"
#include "iblrnn/rnn/bptt.hpp"
#include "iblrnn/rnn/network.hpp"
#include "iblrnn/train/rnn_agent.hpp"
#include "iblrnn/task/engine.hpp"
#include "iblrnn/train/losses.hpp"
#include "iblrnn/train/optimizer.hpp"
#include "iblrnn/train/train_config.hpp"

namespace iblrnn::train {

/// Totals of one batch of closed-loop sessions.
struct BatchStats {
  double loss = 0;                // batch loss (eq. L4): mean over sessions
  std::int64_t n_trials = 0;
  std::int64_t n_correct = 0;
  std::int64_t n_timeouts = 0;
  std::int64_t n_obs = 0;         // observation steps summed over trials
  std::int64_t n_rnn_steps = 0;   // RNN steps played (and backpropagated)
  double grad_norm = 0;           // 2-norm of the gradient before clipping (Trainer::step)
  bool finite = true;             // false if the loss or the gradient is not finite

  double accuracy() const { return n_trials ? double(n_correct) / double(n_trials) : 0.0; }
  double timeout_rate() const { return n_trials ? double(n_timeouts) / double(n_trials) : 0.0; }
  double mean_n_obs() const { return n_trials ? double(n_obs) / double(n_trials) : 0.0; }
};

/// Plays sessions with a network and computes the loss gradient; holds per-thread agents
/// and BPTT workspace (no per-step allocation once warm).
class ClosedLoopGradient {
 public:
  /// How a thread plays its group of sessions: all in lock-step, one at a time, or
  /// `automatic` (in pairs where fused_single_sequence(net) or fused_gated_sequence(net),
  /// else all in lock-step).
  enum class Schedule { automatic, lock_step, one_at_a_time };

  /// Binds to `net` (by reference: it must outlive this object; its values may change).
  /// Precision::float32 plays and backpropagates in float (rnn_agent.hpp, bptt.hpp).
  ClosedLoopGradient(const rnn::Network& net, int n_threads, Schedule schedule = Schedule::automatic,
                     rnn::Precision precision = rnn::Precision::float64);
  ~ClosedLoopGradient();
  ClosedLoopGradient(const ClosedLoopGradient&) = delete;
  ClosedLoopGradient& operator=(const ClosedLoopGradient&) = delete;

  /// Plays `plans` in closed loop, computes the batch loss (eq. L4, sessions averaged) and
  /// adds its gradient to `grad` (shaped like the network). truncate as in Backprop. When
  /// `runs` is given it receives the RunRecord of every play (a thread's lock-step group, a
  /// pair or a single session), in play order.
  BatchStats run(const task::TaskConfig& task, const std::vector<task::SessionPlan>& plans, LossKind loss,
                 int truncate, rnn::Network& grad, std::vector<task::RunRecord>* runs = nullptr);

 private:
  struct Worker;
  struct Play;
  const rnn::Network& net_;
  Schedule schedule_;
  rnn::Precision precision_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<Play> plays_;
  std::vector<int> order_;  // sessions in play order
  std::unique_ptr<core::ThreadTeam> team_;
};

/// The training loop state: network, optimiser, step counter.
class Trainer {
 public:
  /// Starts from `init` (validated configs; throws InvalidInput otherwise, also when
  /// config.precision is float32 and float32_supported(init) is false).
  Trainer(const task::TaskConfig& task, const TrainConfig& config, const rnn::Network& init);
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  /// One gradient step on fresh sessions. When the loss or gradient is not finite the
  /// weights are left unchanged, the step counter too, and stats.finite is false.
  BatchStats step();

  /// Gradient steps done.
  std::int64_t n_done() const { return step_; }
  const rnn::Network& network() const { return net_; }
  const Optimizer& optimizer() const { return opt_; }

  /// Restores a checkpointed state (weights, optimiser moments and counter, step).
  /// Throws InvalidInput if shapes differ.
  void restore(std::int64_t step, const rnn::Network& net, const Optimizer& opt);

  /// The sessions of gradient step `step` (batch_size of them).
  std::vector<task::SessionPlan> sessions_of_step(std::int64_t step) const;

 private:
  task::TaskConfig task_;
  TrainConfig config_;
  LossKind loss_;
  rnn::Network net_, grad_;
  Optimizer opt_;
  ClosedLoopGradient engine_;
  std::int64_t step_ = 0;
  std::uint64_t session_seed_;
  Eigen::VectorXd theta_, g_;
};

}  // namespace iblrnn::train
