// Conventional distillation (SPEC §6; docs/distill.md eq. D15): a small vanilla student is
// trained on a teacher's action probabilities along sessions the teacher plays in closed loop,
// by the soft cross-entropy over all steps, L = −(1/T) Σ_t Σ_k q_{k,t} log p_{k,t}
// (dL/dlogit_t = (p_t − q_t)/T), with the rnn module's BPTT and the train module's optimisers:
// Adam (default; it converges) or the paper's SGD with momentum (PyTorch's form: b ← μ b + g,
// θ ← θ − lr b; lr 1e-3, momentum 0.1, 10 001 steps). Fresh teacher sessions every step.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "iblrnn/core/progress.hpp"
#include "iblrnn/rnn/network.hpp"
#include "iblrnn/task/task_config.hpp"
#include "iblrnn/train/train_config.hpp"

namespace iblrnn::distill {

/// Options of conventional distillation.
struct ConventionalOptions {
  int n_steps = 10001;         // gradient steps
  int n_hidden = 2;            // student units (vanilla tanh)
  train::OptimizerKind optimizer = train::OptimizerKind::adam;  // adam | sgd (with momentum, the paper's)
  double lr = 1e-2;            // learning rate
  double momentum = 0.1;       // SGD momentum (unused by Adam)
  int sessions_per_step = 1;   // teacher sessions averaged per gradient step
  int sessions_per_play = 32;  // teacher sessions played per lock-step batch (speed only)
  std::uint64_t seed = 1;      // student initialisation (Stream::init) and teacher sessions
  core::ProgressFn progress;         // ("conventional", step, n_steps); may be empty

  /// Throws InvalidInput("ConventionalOptions: field constraint, got value").
  void validate() const;
};

/// The trained student and its loss curve.
struct ConventionalResult {
  rnn::Network student;           // vanilla, n_hidden units
  std::vector<double> loss;  // (n_steps) soft cross-entropy of each step, before its update
  double final_loss = 0;     // mean of the last min(100, n_steps) losses
  double seconds = 0;        // wall time of the whole distillation
  bool diverged = false;     // a non-finite loss or student stopped training early
};

/// Soft cross-entropy −(1/T) Σ_t Σ_k q log p of probabilities p against targets q (2 × T);
/// p is floored at 1e-300. Throws InvalidInput on shape mismatch or T = 0.
double soft_cross_entropy(const Eigen::Ref<const Eigen::MatrixXd>& p,
                          const Eigen::Ref<const Eigen::MatrixXd>& q);

/// Trains a student on `teacher`'s probabilities along sessions of `task` that the teacher
/// plays (session seeds derived from options.seed, disjoint from evaluation seeds).
/// Throws InvalidInput on bad options or an invalid task config.
ConventionalResult distill_conventional(const rnn::Network& teacher, const task::TaskConfig& task,
                                        const ConventionalOptions& options);

/// One gradient step's loss and gradient of the soft cross-entropy for one sequence: x (3 × T)
/// inputs, q (2 × T) targets; adds dL/dθ to grad (shaped like net) and returns L.
/// Throws InvalidInput on shape mismatch.
double soft_target_gradient(const rnn::Network& net, const Eigen::Ref<const Eigen::MatrixXd>& x,
                            const Eigen::Ref<const Eigen::MatrixXd>& q, rnn::Network& grad);

}  // namespace iblrnn::distill
