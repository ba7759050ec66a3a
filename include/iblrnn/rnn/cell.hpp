// One step of a recurrent cell and its readout for n sequences in lock-step (one column per
// sequence), forward and backward (docs/rnn.md eq. N1–N3 forward, N7–N9 backward).
// The per-step cache (C × n) holds everything the backward pass needs; its top rows are the
// new recurrent state: h (rows 0..H) for rnn and gru, h over c (rows 0..2H) for lstm.
//   rnn:  [h]                              C = H
//   gru:  [h; r; z; n; W_hn h_prev + b_hn] C = 5H
//   lstm: [h; c; i; f; g; o; tanh(c)]      C = 7H
// Probabilities p (2 × n): row 0 = P(left), row 1 = P(right) = σ(logit_R − logit_L) (eq. N4).
#pragma once

#include <Eigen/Core>

#include "iblrnn/rnn/network.hpp"

namespace iblrnn::rnn {

/// Rows of the per-step cache of a cell (see above).
int cache_rows(Arch arch, int n_hidden);

/// Whether the fused single-sequence kernels (CellKernel::forward with one column,
/// CellKernel::backward_vanilla) apply to `net`: the vanilla cell, 1 ≤ H ≤ 512, the avx512
/// kernel set (kernel_set.hpp).
bool fused_single_sequence(const Network& net);

/// Whether the fused gated single-sequence kernels (CellKernel::forward with one column for
/// gru and lstm, CellKernel::backward_gated) apply to `net`: gru or lstm, the avx512 kernel set.
bool fused_gated_sequence(const Network& net);

/// Forward and backward kernels with preallocated scratch for up to n_max columns; one
/// instance per thread. Inputs x (3 × n): rows o^L, o^R, r.
class CellKernel {
 public:
  /// Empty scratch; call reserve() before use.
  CellKernel() = default;
  /// Scratch for `net`'s shapes and up to n_max columns, prepared for `net`.
  CellKernel(const Network& net, int n_max);

  /// Reshapes the scratch if `net`'s shapes or n_max changed (no allocation otherwise).
  void reserve(const Network& net, int n_max);

  /// Copies what the kernels read of `net`'s weights: W_hh and W_hhᵀ with rows padded to a
  /// multiple of 8 (aligned vector loads), b_ih + b_hh and the readout difference. Call it
  /// whenever the weights changed; forward() and backward() use these copies and check
  /// that they were made from the same Network object.
  void prepare(const Network& net);

  /// One forward step (eq. N1–N4): from the previous state s_prev (S × n; S = state_size())
  /// and inputs x (3 × n), writes the cache (C × n) and probabilities p (2 × n).
  /// n must not exceed n_max; s_prev must not alias cache.
  void forward(const Network& net, const Eigen::Ref<const Eigen::MatrixXd>& x,
               const Eigen::Ref<const Eigen::MatrixXd>& s_prev, Eigen::Ref<Eigen::MatrixXd> cache,
               Eigen::Ref<Eigen::MatrixXd> p);

  /// One backward step (eq. N7–N9). dh (H × n): on entry dL/dh_t (readout and later steps),
  /// on exit dL/dh_{t−1} through this step. dc (H × n, lstm only, else ignored): likewise
  /// for the cell state. cache (C × n) and s_prev (S × n) as in forward(). Writes the
  /// gradients of the gate pre-activations: d_ah (G·H × n) w.r.t. W_hh h_prev + b_hh and
  /// d_ai (G·H × n) w.r.t. W_ih x + b_ih. They differ only in the n gate of the gru, so d_ai
  /// is written for the gru only; for rnn and lstm it equals d_ah and is left untouched.
  void backward(const Network& net, const Eigen::Ref<const Eigen::MatrixXd>& cache,
                const Eigen::Ref<const Eigen::MatrixXd>& s_prev, Eigen::Ref<Eigen::MatrixXd> dh,
                Eigen::Ref<Eigen::MatrixXd> dc, Eigen::Ref<Eigen::MatrixXd> d_ah,
                Eigen::Ref<Eigen::MatrixXd> d_ai);

  /// The vanilla cell's backward step for one sequence with the readout's gradient folded in
  /// (eq. N6–N7), g = dL/d(logit_L, logit_R) of the step and h its hidden state (H values):
  ///   dh += W_outᵀ g,  da = dh ⊙ (1 − h²),  o_k += h g_k,  dh ← W_hhᵀ da.
  /// dh, da, o0, o1 hold padded_rows(H) values each, with zero padding (kept zero). Returns
  /// false, doing nothing, where the fused kernel does not apply (other cells, H > 512, no
  /// AVX-512): use backward() then.
  bool backward_vanilla(const Network& net, const double* h, const double* g, double* dh,
                        double* da, double* o0, double* o1) const;

  /// The gated cells' backward step for one sequence with the readout folded in (eq. N6,
  /// N8, N9): from the step's cache column and s_prev (state_size() values: h_prev, and
  /// c_prev for the lstm) and g = dL/d(logit_L, logit_R): dh (H values) from dL/dh_t to
  /// dL/dh_{t−1}, dc likewise (lstm), o_k += h g_k, and the gate gradients written to d_ah
  /// (G·H values) and, for the gru, d_ai. Returns false, doing nothing, where the fused
  /// kernel does not apply (fused_gated_sequence(net) false): use backward() then.
  bool backward_gated(const Network& net, const double* cache, const double* s_prev,
                      const double* g, double* dh, double* dc, double* o0, double* o1,
                      double* d_ah, double* d_ai);

  /// Two sequences s = 0, 1 through one fused forward step (requires
  /// fused_single_sequence(net)): from x[s] (3 values) and h_prev[s] (H values) writes h[s]
  /// (H values; must not alias h_prev) and p[s] (P(left), P(right)).
  void forward_vanilla_pair(const Network& net, const double* const x[2],
                            const double* const h_prev[2], double* const h[2],
                            double* const p[2]) const;

  /// Two sequences through one fused backward step (requires fused_single_sequence(net)):
  /// backward_vanilla() for each, sharing o0 and o1.
  void backward_vanilla_pair(const Network& net, const double* const h[2],
                             const double* const g[2], double* const dh[2], double* const da[2],
                             double* o0, double* o1) const;

  /// Two gru/lstm sequences s = 0, 1 through one fused forward step (requires
  /// fused_gated_sequence(net) and n_max ≥ 2): from x[s] (3 values) and s_prev[s]
  /// (state_size() values) writes the cache column cache[s] (cache_rows() values; must not
  /// alias s_prev) and p[s] (P(left), P(right)). One pass over W_hh serves both.
  void forward_gated_pair(const Network& net, const double* const x[2],
                          const double* const s_prev[2], double* const cache[2],
                          double* const p[2]);

  /// Two gru/lstm sequences through one fused backward step (requires
  /// fused_gated_sequence(net) and n_max ≥ 2): backward_gated() for each, sharing o0 and o1
  /// and one pass over W_hhᵀ; dc is ignored for the gru, d_ai for the lstm.
  void backward_gated_pair(const Network& net, const double* const cache[2],
                           const double* const s_prev[2], const double* const g[2],
                           double* const dh[2], double* const dc[2], double* o0, double* o1,
                           double* const d_ah[2], double* const d_ai[2]);

 private:
  Eigen::MatrixXd a_;       // (G·H × n_max) pre-activations
  Eigen::MatrixXd a_i_;     // (G·H × n_max) input part (gru)
  Eigen::MatrixXd direct_;  // (H × n_max) gru: dL/dh_prev through the z gate
  // Copies made by prepare():
  Eigen::MatrixXd w_hh_;    // (padded_rows(G·H) × H) W_hh, zero padding rows
  Eigen::MatrixXd w_hh_t_;  // (padded_rows(H) × G·H) W_hhᵀ, zero padding rows
  Eigen::MatrixXd w_ih_;    // (padded_rows(G·H) × 3) W_ih, zero padding rows
  Eigen::VectorXd b_sum_;   // (padded_rows(G·H)) b_ih + b_hh, zero padding
  Eigen::VectorXd w_diff_;  // (padded_rows(H)) W_out[right] − W_out[left], zero padding
  Eigen::MatrixXd w_out_t_;  // (padded_rows(H) × 2) W_outᵀ, zero padding rows
  double b_diff_ = 0.0;     // b_out[right] − b_out[left]
  const Network* prepared_ = nullptr;
  int n_max_ = 0;

  void check_prepared(const Network& net) const;
};

}  // namespace iblrnn::rnn
