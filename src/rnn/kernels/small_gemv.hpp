// y = A x for a small column-major matrix A (m × n, leading dimension lda), the one product
// on the sequential path of a batch-1 recurrent step. With AVX-512 the rows are processed in
// chunks of up to eight vectors held in registers across all columns (64 doubles; 128 floats
// for the float32 training path); otherwise Eigen's GEMV.
// Storage contract: lda is a multiple of the vector's lanes (8 doubles, 16 floats) and >= m,
// and the rows of every column up to m rounded up to the lanes are readable (padding; their
// values only reach masked-off lanes). Columns of A then start on 64-byte boundaries when A
// does, so no load splits a cache line; only the stores of the last partial vector are
// masked. padded_rows(m) and padded_rows_f32(m) (kernel_table.hpp) give such an lda.
#pragma once

#include <algorithm>
#include <type_traits>

#include <Eigen/Core>

#include "../kernel_table.hpp"  // padded_rows
#include "lanes.hpp"
#include "simd_warnings.hpp"

IBLRNN_SIMD_WARNINGS_OFF

namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS {

#if defined(__AVX512F__)
#define IBLRNN_UNROLL _Pragma("GCC unroll 8")
// The accumulator arrays are fully unrolled so that they live in registers. kFullStore:
// y has room for all NB vectors and its last vector is stored whole (a masked store would
// stall a load of y that follows soon, as in the next step of a recurrence). T is double or
// float (lanes.hpp); lda is then a multiple of Lanes<T>::kWidth.
template <int NB, bool kFullStore = false, class T>
inline void gemv_chunk(const T* A, long lda, long n, const T* x, T* y,
                       typename Lanes<T>::Mask last) {
  using L = Lanes<T>;
  constexpr long W = L::kWidth;
  // Two accumulator sets (even and odd columns) halve the FMA latency chain.
  typename L::V acc[NB], acc2[NB];
  IBLRNN_UNROLL for (int b = 0; b < NB; ++b) acc[b] = acc2[b] = L::setzero();
  long j = 0;
  for (; j + 1 < n; j += 2) {
    const auto x0 = L::set1(x[j]), x1 = L::set1(x[j + 1]);
    const T* a0 = A + j * lda;
    const T* a1 = a0 + lda;
    IBLRNN_UNROLL for (int b = 0; b < NB; ++b) {
      acc[b] = L::fmadd(L::loadu(a0 + W * b), x0, acc[b]);
      acc2[b] = L::fmadd(L::loadu(a1 + W * b), x1, acc2[b]);
    }
  }
  if (j < n) {
    const auto x0 = L::set1(x[j]);
    const T* a0 = A + j * lda;
    IBLRNN_UNROLL for (int b = 0; b < NB; ++b) acc[b] = L::fmadd(L::loadu(a0 + W * b), x0, acc[b]);
  }
  IBLRNN_UNROLL for (int b = 0; b < NB - 1; ++b) L::storeu(y + W * b, L::add(acc[b], acc2[b]));
  if constexpr (kFullStore) {
    L::storeu(y + W * (NB - 1), L::add(acc[NB - 1], acc2[NB - 1]));
  } else {
    L::mask_storeu(y + W * (NB - 1), last, L::add(acc[NB - 1], acc2[NB - 1]));
  }
}

// Two right-hand columns at once (y0 = A x0, y1 = A x1): every loaded entry of A feeds two
// FMAs. kFullStore and T as in gemv_chunk.
template <int NB, bool kFullStore = false, class T>
inline void gemv2_chunk(const T* A, long lda, long n, const T* x0p, const T* x1p, T* y0, T* y1,
                        typename Lanes<T>::Mask last) {
  using L = Lanes<T>;
  constexpr long W = L::kWidth;
  typename L::V acc[NB], acc2[NB];
  IBLRNN_UNROLL for (int b = 0; b < NB; ++b) acc[b] = acc2[b] = L::setzero();
  for (long j = 0; j < n; ++j) {
    const auto x0 = L::set1(x0p[j]), x1 = L::set1(x1p[j]);
    const T* a = A + j * lda;
    IBLRNN_UNROLL for (int b = 0; b < NB; ++b) {
      const auto w = L::loadu(a + W * b);
      acc[b] = L::fmadd(w, x0, acc[b]);
      acc2[b] = L::fmadd(w, x1, acc2[b]);
    }
  }
  IBLRNN_UNROLL for (int b = 0; b < NB - 1; ++b) {
    L::storeu(y0 + W * b, acc[b]);
    L::storeu(y1 + W * b, acc2[b]);
  }
  if constexpr (kFullStore) {
    L::storeu(y0 + W * (NB - 1), acc[NB - 1]);
    L::storeu(y1 + W * (NB - 1), acc2[NB - 1]);
  } else {
    L::mask_storeu(y0 + W * (NB - 1), last, acc[NB - 1]);
    L::mask_storeu(y1 + W * (NB - 1), last, acc2[NB - 1]);
  }
}
#undef IBLRNN_UNROLL

// Calls chunk(std::integral_constant<int, NB>, first_row, last_mask) for each block of up to
// Lanes<T>::kChunkRows rows (NB vectors of T, the last one masked), so each kernel is
// compiled per NB.
template <class T = double, class Chunk>
inline void for_each_row_chunk(long m, Chunk&& chunk) {
  using L = Lanes<T>;
  using Mask = typename L::Mask;
  for (long r = 0; r < m; r += L::kChunkRows) {
    const long rows = std::min<long>(L::kChunkRows, m - r);
    const int nb = static_cast<int>((rows + L::kWidth - 1) / L::kWidth);
    const long tail = rows % L::kWidth;
    const Mask last = tail ? static_cast<Mask>((1u << tail) - 1) : static_cast<Mask>(~0u);
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

// y = A x and (y0, y1) = A (x0, x1) in double or float (T; lda a multiple of the lanes).
template <class T>
inline void gemv_lanes(const T* A, long lda, long m, long n, const T* x, T* y) {
  for_each_row_chunk<T>(m, [&](auto nb, long r, auto last) {
    gemv_chunk<decltype(nb)::value>(A + r, lda, n, x, y + r, last);
  });
}

template <class T>
inline void gemv2_lanes(const T* A, long lda, long m, long n, const T* x0, const T* x1, T* y0,
                        T* y1) {
  for_each_row_chunk<T>(m, [&](auto nb, long r, auto last) {
    gemv2_chunk<decltype(nb)::value>(A + r, lda, n, x0, x1, y0 + r, y1 + r, last);
  });
}
#endif

inline void gemv_small(const double* A, long lda, long m, long n, const double* x, double* y) {
#if defined(__AVX512F__)
  gemv_lanes(A, lda, m, n, x, y);
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
  gemv2_lanes(A, lda, m, n, x0, x1, y0, y1);
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
