// The backward sweep of one or two sequences aligned at their ends, shared by the fused paths
// of bptt.cpp (double) and bptt_f32.cpp (float). Sequence a, the longer, runs its steps
// t_a = T_a − 1 … 0; sequence b, when there is one, runs t_b = T_b − 1 − u alongside while
// t_b ≥ 0 (u the reverse step), so the two advance as a pair for T_b steps and a alone after.
// At each u: pair(t_a, t_b) while both run, else single(t_a); then done(t_b, 1) while b runs
// and done(t_a, 0), where the caller cuts truncated gradients (column 1 or 0 of its dL/dh)
// and adds the weight gradients of every kFlushSteps steps once their gate gradients are
// complete, while those and the matching cache columns are still in cache.
#pragma once

#include <vector>

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

}  // namespace iblrnn::rnn::detail
