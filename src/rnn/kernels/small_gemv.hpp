// y = A x for a small column-major matrix A (m × n, leading dimension lda), the one product
// on the sequential path of a batch-1 recurrent step. With AVX-512 the rows are processed in
// chunks of up to 64 (eight 8-wide accumulators held in registers across all columns);
// otherwise Eigen's GEMV.
// Storage contract: lda is a multiple of 8 and >= m, and rows m..round_up(m, 8) of every
// column are readable (padding; their values only reach masked-off lanes). Columns of A then
// start on 64-byte boundaries when A does, so no load splits a cache line; only the stores
// of the last partial vector are masked. padded_rows(m) (kernel_table.hpp) gives such an lda.
#pragma once

#include <algorithm>
#include <type_traits>

#include <Eigen/Core>

#include "../kernel_table.hpp"  // padded_rows
#include "simd_warnings.hpp"
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

IBLRNN_SIMD_WARNINGS_OFF

namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS {

#if defined(__AVX512F__)
#define IBLRNN_UNROLL _Pragma("GCC unroll 8")
// The accumulator arrays are fully unrolled so that they live in registers. kFullStore:
// y has room for all 8·NB rows and its last vector is stored whole (a masked store would
// stall a load of y that follows soon, as in the next step of a recurrence).
template <int NB, bool kFullStore = false>
inline void gemv_chunk(const double* A, long lda, long n, const double* x, double* y,
                       __mmask8 last) {
  // Two accumulator sets (even and odd columns) halve the FMA latency chain.
  __m512d acc[NB], acc2[NB];
  IBLRNN_UNROLL for (int b = 0; b < NB; ++b) acc[b] = acc2[b] = _mm512_setzero_pd();
  long j = 0;
  for (; j + 1 < n; j += 2) {
    const __m512d x0 = _mm512_set1_pd(x[j]), x1 = _mm512_set1_pd(x[j + 1]);
    const double* a0 = A + j * lda;
    const double* a1 = a0 + lda;
    IBLRNN_UNROLL for (int b = 0; b < NB; ++b) {
      acc[b] = _mm512_fmadd_pd(_mm512_loadu_pd(a0 + 8 * b), x0, acc[b]);
      acc2[b] = _mm512_fmadd_pd(_mm512_loadu_pd(a1 + 8 * b), x1, acc2[b]);
    }
  }
  if (j < n) {
    const __m512d x0 = _mm512_set1_pd(x[j]);
    const double* a0 = A + j * lda;
    IBLRNN_UNROLL for (int b = 0; b < NB; ++b)
      acc[b] = _mm512_fmadd_pd(_mm512_loadu_pd(a0 + 8 * b), x0, acc[b]);
  }
  IBLRNN_UNROLL for (int b = 0; b < NB - 1; ++b)
    _mm512_storeu_pd(y + 8 * b, _mm512_add_pd(acc[b], acc2[b]));
  if constexpr (kFullStore) {
    _mm512_storeu_pd(y + 8 * (NB - 1), _mm512_add_pd(acc[NB - 1], acc2[NB - 1]));
  } else {
    _mm512_mask_storeu_pd(y + 8 * (NB - 1), last, _mm512_add_pd(acc[NB - 1], acc2[NB - 1]));
  }
}

// Two right-hand columns at once (y0 = A x0, y1 = A x1): every loaded entry of A feeds two
// FMAs. kFullStore as in gemv_chunk.
template <int NB, bool kFullStore = false>
inline void gemv2_chunk(const double* A, long lda, long n, const double* x0p, const double* x1p,
                        double* y0, double* y1, __mmask8 last) {
  __m512d acc[NB], acc2[NB];
  IBLRNN_UNROLL for (int b = 0; b < NB; ++b) acc[b] = acc2[b] = _mm512_setzero_pd();
  for (long j = 0; j < n; ++j) {
    const __m512d x0 = _mm512_set1_pd(x0p[j]), x1 = _mm512_set1_pd(x1p[j]);
    const double* a = A + j * lda;
    IBLRNN_UNROLL for (int b = 0; b < NB; ++b) {
      const __m512d w = _mm512_loadu_pd(a + 8 * b);
      acc[b] = _mm512_fmadd_pd(w, x0, acc[b]);
      acc2[b] = _mm512_fmadd_pd(w, x1, acc2[b]);
    }
  }
  IBLRNN_UNROLL for (int b = 0; b < NB - 1; ++b) {
    _mm512_storeu_pd(y0 + 8 * b, acc[b]);
    _mm512_storeu_pd(y1 + 8 * b, acc2[b]);
  }
  if constexpr (kFullStore) {
    _mm512_storeu_pd(y0 + 8 * (NB - 1), acc[NB - 1]);
    _mm512_storeu_pd(y1 + 8 * (NB - 1), acc2[NB - 1]);
  } else {
    _mm512_mask_storeu_pd(y0 + 8 * (NB - 1), last, acc[NB - 1]);
    _mm512_mask_storeu_pd(y1 + 8 * (NB - 1), last, acc2[NB - 1]);
  }
}
#undef IBLRNN_UNROLL

// Calls chunk(std::integral_constant<int, NB>, first_row, last_mask) for each block of up to
// 64 rows (NB 8-wide vectors, the last one masked), so each kernel is compiled per NB.
template <class Chunk>
inline void for_each_row_chunk(long m, Chunk&& chunk) {
  for (long r = 0; r < m; r += 64) {
    const long rows = std::min<long>(64, m - r);
    const int nb = static_cast<int>((rows + 7) / 8);
    const __mmask8 last = (rows % 8) ? static_cast<__mmask8>((1u << (rows % 8)) - 1) : 0xFF;
    switch (nb) {
      case 1: chunk(std::integral_constant<int, 1>{}, r, last); break;
      case 2: chunk(std::integral_constant<int, 2>{}, r, last); break;
      case 3: chunk(std::integral_constant<int, 3>{}, r, last); break;
      case 4: chunk(std::integral_constant<int, 4>{}, r, last); break;
      case 5: chunk(std::integral_constant<int, 5>{}, r, last); break;
      case 6: chunk(std::integral_constant<int, 6>{}, r, last); break;
      case 7: chunk(std::integral_constant<int, 7>{}, r, last); break;
      default: chunk(std::integral_constant<int, 8>{}, r, last); break;
    }
  }
}
#endif

inline void gemv_small(const double* A, long lda, long m, long n, const double* x, double* y) {
#if defined(__AVX512F__)
  for_each_row_chunk(m, [&](auto nb, long r, __mmask8 last) {
    gemv_chunk<decltype(nb)::value>(A + r, lda, n, x, y + r, last);
  });
#else
  Eigen::Map<const Eigen::MatrixXd, 0, Eigen::OuterStride<>> Am(A, m, n, Eigen::OuterStride<>(lda));
  Eigen::Map<const Eigen::VectorXd> xm(x, n);
  Eigen::Map<Eigen::VectorXd> ym(y, m);
  ym.noalias() = Am * xm;
#endif
}

/// y0 = A x0 and y1 = A x1 in one pass over A.
inline void gemv2_columns(const double* A, long lda, long m, long n, const double* x0,
                          const double* x1, double* y0, double* y1) {
#if defined(__AVX512F__)
  for_each_row_chunk(m, [&](auto nb, long r, __mmask8 last) {
    gemv2_chunk<decltype(nb)::value>(A + r, lda, n, x0, x1, y0 + r, y1 + r, last);
  });
#else
  gemv_small(A, lda, m, n, x0, y0);
  gemv_small(A, lda, m, n, x1, y1);
#endif
}

/// Y = A X for two columns (X: n × 2 with leading dimension ldx, Y: m × 2 with ldy).
inline void gemv2_small(const double* A, long lda, long m, long n, const double* x, long ldx,
                        double* y, long ldy) {
  gemv2_columns(A, lda, m, n, x, x + ldx, y, y + ldy);
}

}  // namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS

IBLRNN_SIMD_WARNINGS_ON
