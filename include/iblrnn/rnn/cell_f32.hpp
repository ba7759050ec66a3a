// The cells' fused steps in float (docs/rnn.md, "Float32 training"): the float32 path of
// CellKernel's single-sequence and paired steps (cell.hpp), for training. The network's
// weights stay in double; prepare() rounds the copies the kernels read to float. Inputs x,
// the logit gradients g and the probabilities p stay in double (3 and 2 values per step);
// the per-step cache (cell.hpp's layout: h for rnn, [h; r; z; n; hn] for gru, [h; c; i; f; g;
// o; tanh c] for lstm; C = cache_rows() floats) and the BPTT vectors are float.
//   forward:   the cell's step (eq. N1–N3), p = σ(±(w_diff · h + b_diff))           (eq. N4)
//   backward:  the readout folded in, dh += W_outᵀ g, o_k += h g_k (eq. N6); the gate
//              gradients, then dh ← W_hhᵀ d_ah (+ the gru's direct path)       (eq. N7–N9)
// P(n) = padded_rows_f32(n) = n rounded up to a multiple of 16.
#pragma once

#include <Eigen/Core>

#include "iblrnn/rnn/network.hpp"

namespace iblrnn::rnn {

/// Whether the float32 steps apply to `net`: under the avx512 kernel set, the vanilla cell
/// with 1 ≤ H ≤ 512 (fused_single_sequence()), gru and lstm at any H.
bool float32_supported(const Network& net);
bool float32_supported(Arch arch, int n_hidden);

/// P(H) = padded_rows_f32(H): the length of the float vectors dh, dc, da, o0, o1 below.
long float32_padded(int n_hidden);

class CellKernelF32 {
 public:
  /// Rounds what the kernels read of `net`'s weights to float, padded with zeros to P rows:
  /// W_hh, W_hhᵀ, W_ih, the biases, W_out[right] − W_out[left], W_outᵀ. Call it whenever the
  /// weights changed. Throws InvalidInput if float32_supported(net) is false.
  void prepare(const Network& net);

  /// One step of one sequence: from x (3 values) and s_prev (state_size() floats: h, over c
  /// for the lstm) writes the cache column (C floats; must not alias s_prev) and p
  /// (P(left), P(right)).
  void forward(const Network& net, const double* x, const float* s_prev, float* cache, double* p);
  /// Two sequences s = 0, 1 through one step; one pass over W_hh serves both.
  void forward_pair(const Network& net, const double* const x[2], const float* const s_prev[2],
                    float* const cache[2], double* const p[2]);

  // The backward steps carry CellKernel's names (cell.hpp), so that one sweep serves both
  // precisions (src/rnn/aligned_pairs.hpp).

  /// The vanilla cell's backward step of one sequence, h its hidden state (H floats), g =
  /// dL/d(logit_L, logit_R): dh, da, o0, o1 are P(H) floats each with zero padding (kept
  /// zero); da = dh ⊙ (1 − h²) is the gate gradient. Returns false, doing nothing, for the
  /// gated cells.
  bool backward_vanilla(const Network& net, const float* h, const double* g, float* dh,
                        float* da, float* o0, float* o1) const;
  /// Two vanilla sequences through one backward step, sharing o0 and o1.
  void backward_vanilla_pair(const Network& net, const float* const h[2],
                             const double* const g[2], float* const dh[2], float* const da[2],
                             float* o0, float* o1) const;

  /// The gated cells' backward step of one sequence, from its cache column and s_prev: dh
  /// (H floats) from dL/dh_t to dL/dh_{t−1}, dc likewise (lstm), o_k += h g_k, the gate
  /// gradients written to d_ah (G·H floats) and, for the gru, d_ai (else not touched).
  /// Returns false, doing nothing, for the vanilla cell.
  bool backward_gated(const Network& net, const float* cache, const float* s_prev,
                      const double* g, float* dh, float* dc, float* o0, float* o1, float* d_ah,
                      float* d_ai);
  /// Two gated sequences through one backward step, sharing o0, o1 and one pass over W_hhᵀ.
  void backward_gated_pair(const Network& net, const float* const cache[2],
                           const float* const s_prev[2], const double* const g[2],
                           float* const dh[2], float* const dc[2], float* o0, float* o1,
                           float* const d_ah[2], float* const d_ai[2]);

 private:
  // (P(G·H) × H) W_hh, (P(H) × G·H) W_hhᵀ, (P(G·H) × 3) W_ih, (P(H) × 2) W_outᵀ
  Eigen::MatrixXf w_hh_, w_hh_t_, w_ih_, w_out_t_;
  // (P(G·H)) b_ih + b_hh, b_ih, b_hh; (P(H)) W_out[right] − W_out[left]
  Eigen::VectorXf b_sum_, b_ih_, b_hh_, w_diff_;
  Eigen::MatrixXf a_, direct_;  // scratch: (P(G·H) × 2) W_hh h_prev, (P(H) × 2) the gru's dh ⊙ z
  double b_diff_ = 0.0;
  const Network* prepared_ = nullptr;

  void check_prepared(const Network& net) const;
};

}  // namespace iblrnn::rnn
