// Backpropagation through time, written by hand (docs/rnn.md eq. N6–N10): given the
// recorded inputs and per-step caches of one or many sequences and dL/dlogits at every step,
// accumulates dL/dθ for all parameters. Sequences start from the zero state; they are
// processed in lock-step aligned at their ends (longest first), so a batch of sessions of
// different lengths wastes no work; one or two vanilla sequences use the fused kernels in place. Weight gradients
// are sums over time of outer products, one register-tiled kernel call per sequence.
//
// Reusable entry point (e.g. distillation on soft targets q): run forward_sequence() on the
// inputs, set d_logits = w_t (p_t − q_t) per step (soft cross-entropy), call accumulate().
#pragma once

#include <vector>

#include <Eigen/Core>

#include "iblrnn/rnn/cell.hpp"
#include "iblrnn/rnn/network.hpp"

namespace iblrnn::rnn {

/// One recorded sequence (non-owning views of column-major arrays, one column per step).
struct SequenceRef {
  const double* x = nullptr;         // (3 × T) inputs o^L, o^R, r
  const double* cache = nullptr;     // (C × T) cache of the forward pass (cache_rows())
  const double* d_logits = nullptr;  // (2 × T) dL/d(logit_left, logit_right) of each step
  int n_steps = 0;                   // T >= 0
};

/// Runs the network open-loop over inputs x (3 × T) from the zero state; resizes and fills
/// cache (C × T) and p (2 × T, rows P(left), P(right)).
void forward_sequence(const Network& net, const Eigen::Ref<const Eigen::MatrixXd>& x,
                      Eigen::MatrixXd& cache, Eigen::MatrixXd& p);

/// BPTT with reusable workspace (one instance per thread; no allocation once warmed up).
class Backprop {
 public:
  /// Adds dL/dθ to `grad` (same shapes as net) for the sequences, where L = Σ_seq Σ_t of
  /// whatever loss produced d_logits. truncate > 0 cuts the gradient through the recurrent
  /// state at steps t with t % truncate == 0 (nothing flows from step t back to t − 1);
  /// 0 = full BPTT. Throws InvalidInput if a sequence has a null array with n_steps > 0.
  void accumulate(const Network& net, const std::vector<SequenceRef>& seqs, Network& grad,
                  int truncate = 0);

 private:
  std::vector<Eigen::MatrixXd> d_ah_seq_, d_ai_seq_;  // per sequence (padded G·H × T)
  Eigen::MatrixXd cache_, s_prev_, dh_, dc_, d_ah_, d_ai_, w_out_t_;
  Eigen::MatrixXd g_out_t_;  // (padded_rows(H) × 2) dL/dW_outᵀ accumulated step by step
  Eigen::MatrixXd dh_pad_;   // (padded_rows(H) × 2) dL/dh of the fused vanilla paths
  std::vector<int> order_;
  CellKernel kernel_;
};

}  // namespace iblrnn::rnn
