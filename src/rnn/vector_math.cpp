#include "iblrnn/rnn/vector_math.hpp"

#include <Eigen/Core>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace iblrnn {
namespace {

#if defined(__AVX512F__)
// exp(x) for |x| ≤ 708: x = k ln2 + r with ln2 split in two parts (k ln2_hi is exact),
// exp(r) by Horner on Σ_{i ≤ 13} r^i / i!, then scaled by 2^k.
inline __m512d exp_pd(__m512d x) {
  const __m512d k = _mm512_roundscale_pd(_mm512_mul_pd(x, _mm512_set1_pd(1.4426950408889634)),
                                         _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512d r = _mm512_fnmadd_pd(k, _mm512_set1_pd(6.93147180369123816490e-01), x);
  r = _mm512_fnmadd_pd(k, _mm512_set1_pd(1.90821492927058770002e-10), r);
  static constexpr double inv_fact[14] = {
      1.0, 1.0, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
      1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800};
  __m512d p = _mm512_set1_pd(inv_fact[13]);
  for (int i = 12; i >= 0; --i) p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(inv_fact[i]));
  return _mm512_scalef_pd(p, k);
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

template <class F>
inline void apply(const double* a, double* out, long n, F f) {
  long i = 0;
  for (; i + 8 <= n; i += 8) _mm512_storeu_pd(out + i, f(_mm512_loadu_pd(a + i)));
  if (i < n) {
    const __mmask8 m = static_cast<__mmask8>((1u << (n - i)) - 1);
    _mm512_mask_storeu_pd(out + i, m, f(_mm512_maskz_loadu_pd(m, a + i)));
  }
}
#endif

}  // namespace

void tanh_array(const double* a, double* out, long n) {
#if defined(__AVX512F__)
  apply(a, out, n, tanh_pd);
#else
  Eigen::Map<const Eigen::ArrayXd> x(a, n);
  Eigen::Map<Eigen::ArrayXd> y(out, n);
  y = 1.0 - 2.0 / ((2.0 * x.min(40.0).max(-40.0)).exp() + 1.0);
#endif
}

void sigmoid_array(const double* a, double* out, long n) {
#if defined(__AVX512F__)
  apply(a, out, n, sigmoid_pd);
#else
  Eigen::Map<const Eigen::ArrayXd> x(a, n);
  Eigen::Map<Eigen::ArrayXd> y(out, n);
  y = 1.0 / ((-x.min(746.0).max(-746.0)).exp() + 1.0);
#endif
}

}  // namespace iblrnn
