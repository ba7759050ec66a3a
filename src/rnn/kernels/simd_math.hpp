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

// The float32 versions (16 lanes) for the float32 training path (docs/rnn.md, "Float32
// training"). exp(x) for |x| ≤ 80: x = k ln2 + r with ln2 in two parts, exp(r) =
// Σ_{i ≤ 7} r^i / i! by Estrin's scheme (truncation below 6e-9 relative for |r| ≤ ln2/2,
// under float's rounding of 6e-8), scaled by 2^k.
inline __m512 exp_ps(__m512 x) {
  const __m512 k = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(k, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(k, _mm512_set1_ps(-2.12194440e-4f), r);
  auto pair = [&](float c0, float c1) { return _mm512_fmadd_ps(_mm512_set1_ps(c1), r, _mm512_set1_ps(c0)); };
  const __m512 r2 = _mm512_mul_ps(r, r), r4 = _mm512_mul_ps(r2, r2);
  const __m512 s0 = _mm512_fmadd_ps(pair(1.0f / 2, 1.0f / 6), r2, pair(1.0f, 1.0f));
  const __m512 s1 = _mm512_fmadd_ps(pair(1.0f / 720, 1.0f / 5040), r2, pair(1.0f / 24, 1.0f / 120));
  return _mm512_scalef_ps(_mm512_fmadd_ps(s1, r4, s0), k);
}

// tanh(a) = 1 − 2 / (exp(2a) + 1) with a clamped to ±20 (tanh(20) rounds to 1 in float);
// 1 / d from a 14-bit estimate and one Newton step (error 2^-28).
inline __m512 tanh_ps(__m512 a) {
  const __m512 ac = _mm512_min_ps(_mm512_set1_ps(20.0f), _mm512_max_ps(_mm512_set1_ps(-20.0f), a));
  const __m512 one = _mm512_set1_ps(1.0f);
  const __m512 d = _mm512_add_ps(exp_ps(_mm512_add_ps(ac, ac)), one);
  __m512 y = _mm512_rcp14_ps(d);
  y = _mm512_fmadd_ps(y, _mm512_fnmadd_ps(d, y, one), y);
  return _mm512_fnmadd_ps(_mm512_set1_ps(2.0f), y, one);
}

// σ(a) = 1 / (1 + exp(−a)) with a clamped to ±80 (exp_ps's range; σ(80) rounds to 1).
inline __m512 sigmoid_ps(__m512 a) {
  const __m512 one = _mm512_set1_ps(1.0f);
  const __m512 ac = _mm512_min_ps(_mm512_set1_ps(80.0f), _mm512_max_ps(_mm512_set1_ps(-80.0f), a));
  return _mm512_div_ps(one, _mm512_add_ps(exp_ps(_mm512_sub_ps(_mm512_setzero_ps(), ac)), one));
}

}  // namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS

IBLRNN_SIMD_WARNINGS_ON
#endif
