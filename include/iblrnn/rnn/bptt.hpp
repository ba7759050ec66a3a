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
#include "iblrnn/rnn/cell_f32.hpp"
#include "iblrnn/rnn/network.hpp"

namespace iblrnn::rnn {

/// One recorded sequence (non-owning views of column-major arrays, one column per step).
struct SequenceRef {
  const double* x = nullptr;         // (3 × T) inputs o^L, o^R, r
  const double* cache = nullptr;     // (C × T) cache of the forward pass (cache_rows())
  const double* d_logits = nullptr;  // (2 × T) dL/d(logit_left, logit_right) of each step
  int n_steps = 0;                   // T >= 0
  const float* cache_f32 = nullptr;  // (C × T) the float32 cache in place of `cache`
                                     // (Precision::float32: RnnAgent::record_f32())
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
  /// Sequences with cache_f32 (all or none) are backpropagated in float, two at a time
  /// (cell_f32.hpp; docs/rnn.md, "Float32 training"): the gradient is summed in float over the
  /// call and added to `grad` in double; InvalidInput if float32_supported(net) is false.
  void accumulate(const Network& net, const std::vector<SequenceRef>& seqs, Network& grad,
                  int truncate = 0);

 private:
  void accumulate_f32(const Network& net, const std::vector<SequenceRef>& seqs, Network& grad,
                      int truncate);
  /// The float32 weight gradients of steps [t_lo, t_hi) of sequence s (d_ah32_seq_[k]).
  void add_weight_gradients_f32(const SequenceRef& s, int k, int t_lo, int t_hi);

  // The float32 path's workspace (bptt_f32.cpp).
  CellKernelF32 kernel32_;
  std::vector<Eigen::MatrixXf> d_ah32_seq_, d_ai32_seq_;  // per sequence (P(G·H) × T)
  Eigen::MatrixXf g_hh32_, g_ih32_;  // (G·H × H), (G·H × 3) sums of the call
  Eigen::VectorXf g_bh32_, g_bi32_;  // (G·H) the bias gradients' sums
  Eigen::MatrixXf o32_, dh32_, dc32_;  // (P(H) × 2) dL/dW_outᵀ, dL/dh and dL/dc of a pair
  Eigen::VectorXf s_prev32_;         // (S) the zero state
  Eigen::MatrixXf x32_;              // (3 × 64) inputs of a flush in float
  long c32_ = 0;                     // cache rows C
  bool gru32_ = false;

  std::vector<Eigen::MatrixXd> d_ah_seq_, d_ai_seq_;  // per sequence (padded G·H × T)
  Eigen::MatrixXd cache_, s_prev_, dh_, dc_, d_ah_, d_ai_, w_out_t_;
  Eigen::MatrixXd g_out_t_;  // (padded_rows(H) × 2) dL/dW_outᵀ accumulated step by step
  Eigen::MatrixXd dh_pad_;   // (padded_rows(H) × 2) dL/dh of the fused vanilla paths
  std::vector<int> order_;
  CellKernel kernel_;
};

}  // namespace iblrnn::rnn
