// C (m × n) += Σ_{t < T} A[:, t] · B[:, t]ᵀ: the weight gradients of BPTT (eq. N10), where
// the sum over time steps is the inner dimension. A (m × T, leading dimension lda) follows the
// storage contract of small_gemv.hpp (lda a multiple of 8, rows up to round_up(m, 8)
// readable); B (n × T, leading dimension ldb) and C (m × n, leading dimension ldc) are plain
// column-major. With AVX-512, C is computed in register tiles of up to 64 rows × 3 columns
// (128 rows in float, the float32 training path) over chunks of 64 time steps (so A's chunk
// stays in L1 across the column tiles), without the packing copies of a general GEMM;
// otherwise Eigen's GEMM.
#pragma once

#include <algorithm>

#include <Eigen/Core>

#include "small_gemv.hpp"

IBLRNN_SIMD_WARNINGS_OFF

namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS {

#if defined(__AVX512F__)
template <int NB, int NC, class T>
inline void outer_tile(const T* A, long lda, const T* B, long ldb, long T_len, T* C, long ldc,
                       typename Lanes<T>::Mask last) {
  using L = Lanes<T>;
  constexpr long W = L::kWidth;
  typename L::V acc[NC][NB];
  _Pragma("GCC unroll 4") for (int c = 0; c < NC; ++c) {
    _Pragma("GCC unroll 8") for (int b = 0; b < NB - 1; ++b) acc[c][b] = L::loadu(C + c * ldc + W * b);
    acc[c][NB - 1] = L::maskz_loadu(last, C + c * ldc + W * (NB - 1));
  }
  for (long t = 0; t < T_len; ++t) {
    const T* a = A + t * lda;
    const T* bt = B + t * ldb;
    typename L::V bc[NC];
    _Pragma("GCC unroll 4") for (int c = 0; c < NC; ++c) bc[c] = L::set1(bt[c]);
    _Pragma("GCC unroll 8") for (int b = 0; b < NB; ++b) {
      auto v = L::loadu(a + W * b);
      // Keeps v in a register: otherwise GCC re-loads it as a memory operand of every FMA,
      // and the loads, not the FMAs, set the pace.
      asm("" : "+v"(v));
      _Pragma("GCC unroll 4") for (int c = 0; c < NC; ++c) acc[c][b] = L::fmadd(v, bc[c], acc[c][b]);
    }
  }
  _Pragma("GCC unroll 4") for (int c = 0; c < NC; ++c) {
    _Pragma("GCC unroll 8") for (int b = 0; b < NB - 1; ++b) L::storeu(C + c * ldc + W * b, acc[c][b]);
    L::mask_storeu(C + c * ldc + W * (NB - 1), last, acc[c][NB - 1]);
  }
}

template <int NB, class T>
inline void outer_row_chunk(const T* A, long lda, const T* B, long ldb, long n, long T_len, T* C,
                            long ldc, typename Lanes<T>::Mask last) {
  long c = 0;
  for (; c + 3 <= n; c += 3) outer_tile<NB, 3>(A, lda, B + c, ldb, T_len, C + c * ldc, ldc, last);
  if (n - c == 2) outer_tile<NB, 2>(A, lda, B + c, ldb, T_len, C + c * ldc, ldc, last);
  if (n - c == 1) outer_tile<NB, 1>(A, lda, B + c, ldb, T_len, C + c * ldc, ldc, last);
}

// The AVX-512 sum in double or float (T; lda a multiple of Lanes<T>::kWidth).
template <class T>
inline void outer_product_sum_avx512(const T* A, long lda, long m, const T* B, long ldb, long n,
                                     long T_len, T* C, long ldc) {
  constexpr long kChunk = 64;
  for (long t0 = 0; t0 < T_len; t0 += kChunk) {
    const long len = std::min(kChunk, T_len - t0);
    for_each_row_chunk<T>(m, [&](auto nb, long r, auto last) {
      outer_row_chunk<decltype(nb)::value>(A + t0 * lda + r, lda, B + t0 * ldb, ldb, n, len,
                                           C + r, ldc, last);
    });
  }
}
#endif

inline void outer_product_sum(const double* A, long lda, long m, const double* B, long ldb, long n,
                              long T, double* C, long ldc) {
#if defined(__AVX512F__)
  outer_product_sum_avx512(A, lda, m, B, ldb, n, T, C, ldc);
#else
  using Map = Eigen::Map<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>;
  Eigen::Map<Eigen::MatrixXd, 0, Eigen::OuterStride<>> Cm(C, m, n, Eigen::OuterStride<>(ldc));
  Cm.noalias() += Map(A, m, T, Eigen::OuterStride<>(lda)) * Map(B, n, T, Eigen::OuterStride<>(ldb)).transpose();
#endif
}

}  // namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS

IBLRNN_SIMD_WARNINGS_ON
