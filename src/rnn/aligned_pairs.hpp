// The backward sweep of one or two sequences aligned at their ends, shared by the fused paths
// of bptt.cpp (double, CellKernel) and bptt_f32.cpp (float, CellKernelF32). Sequence a, the longer, runs its steps
// t_a = T_a − 1 … 0; sequence b, when there is one, runs t_b = T_b − 1 − u alongside while
// t_b ≥ 0 (u the reverse step), so the two advance as a pair for T_b steps and a alone after.
// At each u: pair(t_a, t_b) while both run, else single(t_a); then done(t_b, 1) while b runs
// and done(t_a, 0), where the caller cuts truncated gradients (column 1 or 0 of its dL/dh)
// and adds the weight gradients of every kFlushSteps steps once their gate gradients are
// complete, while those and the matching cache columns are still in cache.
#pragma once

#include <algorithm>
#include <vector>

#include "iblrnn/core/error.hpp"
#include "iblrnn/rnn/bptt.hpp"

namespace iblrnn::rnn::detail {

/// Steps per batch of weight gradients added during a fused sweep.
inline constexpr int kFlushSteps = 64;

/// The sequences first and first + 1 of `seqs` (or first alone, b = −1, when it is the last),
/// the longer as a.
struct AlignedPair {
  int a, b;
};

inline AlignedPair aligned_pair(const std::vector<SequenceRef>& seqs, int first) {
  const bool two = first + 1 < static_cast<int>(seqs.size());
  const int a = two && seqs[first + 1].n_steps > seqs[first].n_steps ? first + 1 : first;
  return {a, two ? 2 * first + 1 - a : -1};
}

/// The sweep described above for sequences of T_a ≥ T_b steps (T_b = 0: a alone).
template <class Pair, class Single, class Done>
void sweep_aligned(int T_a, int T_b, Pair&& pair, Single&& single, Done&& done) {
  for (int u = 0; u < T_a; ++u) {
    const int ta = T_a - 1 - u, tb = T_b - 1 - u;
    if (tb >= 0) {
      pair(ta, tb);
      done(tb, 1);
    } else {
      single(ta);
    }
    done(ta, 0);
  }
}

/// The fused backward steps of the aligned pair of sequences first, first + 1 (or first
/// alone) through `kernel`: CellKernel in double, CellKernelF32 in float (T, the Scalar of
/// Matrix). The caller's storage: cache_at(s, t) and prev_of(s, t), the cache column of step t
/// of sequence s and the state before it; d_ah_seq[k], sequence k's gate gradients, one
/// column per step; d_ai_at(k, t, col), where the gru's input-gate gradients of step t of
/// sequence k (column col of the pair) go; dh and dc, dL/dh and dL/dc of a (column 0) and b
/// (column 1), zero at the start; o0 and o1, dL/dW_outᵀ. flush(k, t_lo, t_hi) adds the weight
/// gradients of steps [t_lo, t_hi) of sequence k (every kFlushSteps steps, once complete).
/// truncate as in Backprop::accumulate.
template <class Kernel, class Matrix, class CacheAt, class PrevOf, class DaiAt, class Flush>
void backward_aligned_pair(const Network& net, Kernel& kernel, const std::vector<SequenceRef>& seqs,
                           int first, int truncate, const CacheAt& cache_at, const PrevOf& prev_of,
                           std::vector<Matrix>& d_ah_seq, const DaiAt& d_ai_at, Matrix& dh,
                           Matrix& dc, typename Matrix::Scalar* o0, typename Matrix::Scalar* o1,
                           const Flush& flush) {
  using T = typename Matrix::Scalar;
  const AlignedPair ab = aligned_pair(seqs, first);
  const int a = ab.a, b = ab.b;  // named, not bound: lambdas capture them
  const SequenceRef& sa = seqs[a];
  const SequenceRef* sb = b >= 0 ? &seqs[b] : nullptr;
  const bool vanilla = net.arch == Arch::rnn;
  auto g_at = [](const SequenceRef& s, int t) { return s.d_logits + 2 * static_cast<long>(t); };
  auto pair = [&](int ta, int tb) {
    const T* cache[2] = {cache_at(sa, ta), cache_at(*sb, tb)};
    const double* g[2] = {g_at(sa, ta), g_at(*sb, tb)};
    T* dhs[2] = {dh.col(0).data(), dh.col(1).data()};
    T* d_ah[2] = {d_ah_seq[a].col(ta).data(), d_ah_seq[b].col(tb).data()};
    if (vanilla) {
      kernel.backward_vanilla_pair(net, cache, g, dhs, d_ah, o0, o1);
    } else {
      const T* prev[2] = {prev_of(sa, ta), prev_of(*sb, tb)};
      T* dcs[2] = {dc.col(0).data(), dc.col(1).data()};
      T* d_ai[2] = {d_ai_at(a, ta, 0), d_ai_at(b, tb, 1)};
      kernel.backward_gated_pair(net, cache, prev, g, dhs, dcs, o0, o1, d_ah, d_ai);
    }
  };
  auto single = [&](int ta) {
    const bool fused =
        vanilla ? kernel.backward_vanilla(net, cache_at(sa, ta), g_at(sa, ta), dh.col(0).data(),
                                          d_ah_seq[a].col(ta).data(), o0, o1)
                : kernel.backward_gated(net, cache_at(sa, ta), prev_of(sa, ta), g_at(sa, ta),
                                        dh.col(0).data(), dc.col(0).data(), o0, o1,
                                        d_ah_seq[a].col(ta).data(), d_ai_at(a, ta, 0));
    core::check_internal(fused, "Backprop: fused step unavailable");
  };
  auto done = [&](int t, int col) {
    if (truncate > 0 && t % truncate == 0) {
      dh.col(col).setZero();
      dc.col(col).setZero();
    }
    const int k = col == 0 ? a : b;
    if (t % kFlushSteps == 0) flush(k, t, std::min(t + kFlushSteps, seqs[k].n_steps));
  };
  sweep_aligned(sa.n_steps, sb ? sb->n_steps : 0, pair, single, done);
}

}  // namespace iblrnn::rnn::detail
