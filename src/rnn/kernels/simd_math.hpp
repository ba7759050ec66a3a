// AVX-512 exp, tanh and sigmoid on 8 doubles (the algorithms and error bounds are stated in
// include/iblrnn/rnn/vector_math.hpp); shared by the elementwise arrays and the fused cell
// kernels of kernel_table_isa.cpp.
#pragma once

#include "simd_warnings.hpp"

#if defined(__AVX512F__)
#include <immintrin.h>

IBLRNN_SIMD_WARNINGS_OFF

namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS {

// exp(x) for |x| ≤ 708: x = k ln2 + r with ln2 split in two parts (k ln2_hi is exact),
// exp(r) = Σ_{i ≤ 13} r^i / i! evaluated by Estrin's scheme (four FMA levels instead of
// Horner's thirteen: the cells' forward step waits on this latency), then scaled by 2^k.
inline __m512d exp_pd(__m512d x) {
  const __m512d k = _mm512_roundscale_pd(_mm512_mul_pd(x, _mm512_set1_pd(1.4426950408889634)),
                                         _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512d r = _mm512_fnmadd_pd(k, _mm512_set1_pd(6.93147180369123816490e-01), x);
  r = _mm512_fnmadd_pd(k, _mm512_set1_pd(1.90821492927058770002e-10), r);
  static constexpr double c[14] = {
      1.0, 1.0, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
      1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800};
  auto pair = [&](int i) { return _mm512_fmadd_pd(_mm512_set1_pd(c[i + 1]), r, _mm512_set1_pd(c[i])); };
  const __m512d r2 = _mm512_mul_pd(r, r), r4 = _mm512_mul_pd(r2, r2), r8 = _mm512_mul_pd(r4, r4);
  const __m512d s0 = _mm512_fmadd_pd(pair(2), r2, pair(0));     // c0..c3
  const __m512d s1 = _mm512_fmadd_pd(pair(6), r2, pair(4));     // c4..c7
  const __m512d s2 = _mm512_fmadd_pd(pair(10), r2, pair(8));    // c8..c11
  const __m512d u0 = _mm512_fmadd_pd(s1, r4, s0);               // c0..c7
  const __m512d u1 = _mm512_fmadd_pd(pair(12), r4, s2);         // c8..c13
  return _mm512_scalef_pd(_mm512_fmadd_pd(u1, r8, u0), k);
}

inline __m512d clamp_pd(__m512d a, double bound) {
  // max/min return the second operand when the first is NaN: a is the second, so NaN stays.
  return _mm512_min_pd(_mm512_set1_pd(bound), _mm512_max_pd(_mm512_set1_pd(-bound), a));
}

inline __m512d tanh_pd(__m512d a) {
  const __m512d e = exp_pd(_mm512_add_pd(clamp_pd(a, 40.0), clamp_pd(a, 40.0)));
  const __m512d one = _mm512_set1_pd(1.0);
  // 1 / d for d = e + 1 in [1, 6e34]: a 14-bit estimate and two Newton steps (error 2^-56),
  // several times the throughput of a division.
  const __m512d d = _mm512_add_pd(e, one);
  __m512d y = _mm512_rcp14_pd(d);
  y = _mm512_fmadd_pd(y, _mm512_fnmadd_pd(d, y, one), y);
  y = _mm512_fmadd_pd(y, _mm512_fnmadd_pd(d, y, one), y);
  return _mm512_fnmadd_pd(_mm512_set1_pd(2.0), y, one);
}

inline __m512d sigmoid_pd(__m512d a) {
  const __m512d one = _mm512_set1_pd(1.0);
  const __m512d e = exp_pd(_mm512_sub_pd(_mm512_setzero_pd(), clamp_pd(a, 746.0)));
  return _mm512_div_pd(one, _mm512_add_pd(e, one));
}

}  // namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS

IBLRNN_SIMD_WARNINGS_ON
#endif
