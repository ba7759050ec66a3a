// out[i] += Σ_{t < T} A[i, t] for the rows i < m of a column-major A (leading dimension lda):
// the bias gradients of BPTT (eq. N10), the sum over time steps of the gate gradients.
// Every row is summed in one fixed order, the same under every kernel set, so the result does
// not depend on the set: s = A[i, 0]; then, for t = 1, 5, 9, … while t < T4 = (T − 1) rounded
// down to a multiple of 4, s += (A[i, t] + A[i, t+1]) + (A[i, t+2] + A[i, t+3]); then the
// remaining columns one at a time; out[i] += s. If m is odd, the last row is summed left to
// right instead (s = A[i, 0] + A[i, 1] + …). This is the order of Eigen's row sums on SSE2
// packets of two rows, which computed these sums before.
// Rows are taken as the lanes of one vector register of the set (GCC vector extensions:
// 8 with AVX-512, 4 with AVX2, 2 otherwise; lanes are independent, so the width changes no
// bit), the rest one at a time.
#pragma once

#include <cstring>

#include "simd_warnings.hpp"

IBLRNN_SIMD_WARNINGS_OFF

namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS {

#if defined(__AVX512F__)
constexpr long kRowLanes = 8;
#elif defined(__AVX__)
constexpr long kRowLanes = 4;
#else
constexpr long kRowLanes = 2;
#endif
using RowLanes = double __attribute__((vector_size(8 * kRowLanes)));

inline RowLanes load_lanes(const double* p) {
  RowLanes v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// One row's (or eight rows', as lanes) sum in the order above; T ≥ 1.
template <class V, class Load>
inline V ordered_row_sum(long T, Load load) {
  const long T4 = (T - 1) & ~3L;
  V s = load(0);
  long t = 1;
  for (; t < T4; t += 4) s = s + ((load(t) + load(t + 1)) + (load(t + 2) + load(t + 3)));
  for (; t < T; ++t) s = s + load(t);
  return s;
}

inline void row_sums_add(const double* A, long lda, long m, long T, double* out) {
  if (T <= 0) return;
  const long paired = m & ~1L;  // rows summed in blocks of four; an odd last row left to right
  long i = 0;
  for (; i + kRowLanes <= paired; i += kRowLanes) {
    const RowLanes s = ordered_row_sum<RowLanes>(T, [&](long t) { return load_lanes(A + i + t * lda); });
    const RowLanes o = load_lanes(out + i) + s;
    std::memcpy(out + i, &o, sizeof o);
  }
  for (; i < paired; ++i) out[i] += ordered_row_sum<double>(T, [&](long t) { return A[i + t * lda]; });
  if (paired < m) {
    double s = A[paired];
    for (long t = 1; t < T; ++t) s += A[paired + t * lda];
    out[paired] += s;
  }
}

}  // namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS

IBLRNN_SIMD_WARNINGS_ON
