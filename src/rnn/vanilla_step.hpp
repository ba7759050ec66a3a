// The vanilla cell's steps for one sequence, fused so that vectors stay in registers.
// Forward (eq. N1 and the logit difference of eq. N4):
//   a = b + W_ih x + W_hh h_prev,  h = tanh(a),  returns d = w_diff · h.
// Backward (eq. N6–N7, the readout's gradient folded in), g = dL/d(logit_L, logit_R):
//   dh += W_outᵀ g,  da = dh ⊙ (1 − h²),  o_k += h g_k (k = 0, 1),  dh ← W_hhᵀ da.
// Operands are padded to P = padded_rows(H) rows with zeros (small_gemv.hpp's storage
// contract): W_hh as Wp and W_hhᵀ as Wtp (P × H), W_ih as Up (P × 3), b, w_diff, the
// columns of W_outᵀ and the vectors dh, da, o_k as P-vectors; h and h_prev are H values.
// For H ≤ 64 with AVX-512 only (one register chunk); vanilla_step_fits() says whether they apply.
#pragma once

#include "simd_math.hpp"
#include "small_gemv.hpp"

namespace iblrnn::detail {

#if defined(__AVX512F__)
template <int NB>
inline double vanilla_step_chunk(const double* Wp, long H, const double* h_prev, const double* Up,
                                 const double* x, const double* b, const double* wd, double* h,
                                 __mmask8 last) {
  const long P = 8 * NB;
  __m512d acc[NB], acc2[NB];
  const __m512d x0 = _mm512_set1_pd(x[0]), x1 = _mm512_set1_pd(x[1]), x2 = _mm512_set1_pd(x[2]);
  _Pragma("GCC unroll 8") for (int k = 0; k < NB; ++k) {
    __m512d a = _mm512_fmadd_pd(_mm512_loadu_pd(Up + 8 * k), x0, _mm512_loadu_pd(b + 8 * k));
    a = _mm512_fmadd_pd(_mm512_loadu_pd(Up + P + 8 * k), x1, a);
    acc[k] = _mm512_fmadd_pd(_mm512_loadu_pd(Up + 2 * P + 8 * k), x2, a);
    acc2[k] = _mm512_setzero_pd();
  }
  long j = 0;
  for (; j + 1 < H; j += 2) {
    const __m512d h0 = _mm512_set1_pd(h_prev[j]), h1 = _mm512_set1_pd(h_prev[j + 1]);
    const double* w0 = Wp + j * P;
    _Pragma("GCC unroll 8") for (int k = 0; k < NB; ++k) {
      acc[k] = _mm512_fmadd_pd(_mm512_loadu_pd(w0 + 8 * k), h0, acc[k]);
      acc2[k] = _mm512_fmadd_pd(_mm512_loadu_pd(w0 + P + 8 * k), h1, acc2[k]);
    }
  }
  if (j < H) {
    const __m512d h0 = _mm512_set1_pd(h_prev[j]);
    _Pragma("GCC unroll 8") for (int k = 0; k < NB; ++k)
      acc[k] = _mm512_fmadd_pd(_mm512_loadu_pd(Wp + j * P + 8 * k), h0, acc[k]);
  }
  __m512d dot = _mm512_setzero_pd();
  _Pragma("GCC unroll 8") for (int k = 0; k < NB; ++k) {
    const __m512d t = tanh_pd(_mm512_add_pd(acc[k], acc2[k]));
    if (k < NB - 1) {
      _mm512_storeu_pd(h + 8 * k, t);
      dot = _mm512_fmadd_pd(t, _mm512_loadu_pd(wd + 8 * k), dot);
    } else {
      _mm512_mask_storeu_pd(h + 8 * k, last, t);
      dot = _mm512_mask3_fmadd_pd(t, _mm512_loadu_pd(wd + 8 * k), dot, last);
    }
  }
  return _mm512_reduce_add_pd(dot);
}

template <int NB>
inline void vanilla_backward_chunk(const double* Wtp, long H, const double* h, double g0, double g1,
                                   const double* wo0, const double* wo1, double* dh, double* da,
                                   double* o0, double* o1, __mmask8 last) {
  const __m512d vg0 = _mm512_set1_pd(g0), vg1 = _mm512_set1_pd(g1), one = _mm512_set1_pd(1.0);
  _Pragma("GCC unroll 8") for (int k = 0; k < NB; ++k) {
    const __m512d hk = k < NB - 1 ? _mm512_loadu_pd(h + 8 * k) : _mm512_maskz_loadu_pd(last, h + 8 * k);
    __m512d d = _mm512_fmadd_pd(_mm512_loadu_pd(wo0 + 8 * k), vg0, _mm512_loadu_pd(dh + 8 * k));
    d = _mm512_fmadd_pd(_mm512_loadu_pd(wo1 + 8 * k), vg1, d);
    _mm512_storeu_pd(da + 8 * k, _mm512_mul_pd(d, _mm512_fnmadd_pd(hk, hk, one)));
    _mm512_storeu_pd(o0 + 8 * k, _mm512_fmadd_pd(hk, vg0, _mm512_loadu_pd(o0 + 8 * k)));
    _mm512_storeu_pd(o1 + 8 * k, _mm512_fmadd_pd(hk, vg1, _mm512_loadu_pd(o1 + 8 * k)));
  }
  // dh is a P-vector and W_hhᵀ's padding rows are zero: storing the padding lanes keeps them 0.
  gemv_chunk<NB, true>(Wtp, 8 * NB, H, da, dh, last);
}
#endif

inline bool vanilla_step_fits(long H) {
#if defined(__AVX512F__)
  return H >= 1 && H <= 64;
#else
  (void)H;
  return false;
#endif
}

/// Requires vanilla_step_fits(H); h must not alias h_prev.
inline double vanilla_step(const double* Wp, long H, const double* h_prev, const double* Up,
                           const double* x, const double* b, const double* wd, double* h) {
#if defined(__AVX512F__)
  double d = 0.0;
  for_each_row_chunk(H, [&](auto nb, long, __mmask8 last) {
    d = vanilla_step_chunk<decltype(nb)::value>(Wp, H, h_prev, Up, x, b, wd, h, last);
  });
  return d;
#else
  (void)Wp, (void)H, (void)h_prev, (void)Up, (void)x, (void)b, (void)wd, (void)h;
  return 0.0;
#endif
}

/// Requires vanilla_step_fits(H); see above. dh's padding stays zero.
inline void vanilla_backward(const double* Wtp, long H, const double* h, double g0, double g1,
                             const double* wo0, const double* wo1, double* dh, double* da,
                             double* o0, double* o1) {
#if defined(__AVX512F__)
  for_each_row_chunk(H, [&](auto nb, long, __mmask8 last) {
    vanilla_backward_chunk<decltype(nb)::value>(Wtp, H, h, g0, g1, wo0, wo1, dh, da, o0, o1, last);
  });
#else
  (void)Wtp, (void)H, (void)h, (void)g0, (void)g1, (void)wo0, (void)wo1, (void)dh, (void)da,
      (void)o0, (void)o1;
#endif
}

}  // namespace iblrnn::detail
