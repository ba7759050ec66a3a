#include "iblrnn/rnn/vector_math.hpp"

#include "simd_math.hpp"

#include <Eigen/Core>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace iblrnn::rnn {
namespace {

#if defined(__AVX512F__)
template <class F>
inline void apply(const double* a, double* out, long n, F f) {
  long i = 0;
  for (; i + 8 <= n; i += 8) _mm512_storeu_pd(out + i, f(_mm512_loadu_pd(a + i)));
  if (i < n) {
    const __mmask8 m = static_cast<__mmask8>((1u << (n - i)) - 1);
    _mm512_mask_storeu_pd(out + i, m, f(_mm512_maskz_loadu_pd(m, a + i)));
  }
}
#else
// out = f(a) for an Eigen array expression f.
template <class F>
inline void apply(const double* a, double* out, long n, F f) {
  Eigen::Map<Eigen::ArrayXd>(out, n) = f(Eigen::Map<const Eigen::ArrayXd>(a, n));
}
#endif

}  // namespace

void tanh_array(const double* a, double* out, long n) {
#if defined(__AVX512F__)
  apply(a, out, n, detail::tanh_pd);
#else
  apply(a, out, n, [](const auto& x) { return 1.0 - 2.0 / ((2.0 * x.min(40.0).max(-40.0)).exp() + 1.0); });
#endif
}

void sigmoid_array(const double* a, double* out, long n) {
#if defined(__AVX512F__)
  apply(a, out, n, detail::sigmoid_pd);
#else
  apply(a, out, n, [](const auto& x) { return 1.0 / ((-x.min(746.0).max(-746.0)).exp() + 1.0); });
#endif
}

}  // namespace iblrnn::rnn
