// The vanilla cell's steps for one sequence, fused so that vectors stay in registers.
// Forward (eq. N1 and the logit difference of eq. N4):
//   a = b + W_ih x + W_hh h_prev,  h = tanh(a),  returns d = w_diff · h.
// Backward (eq. N6–N7, the readout's gradient folded in), g = dL/d(logit_L, logit_R):
//   dh += W_outᵀ g,  da = dh ⊙ (1 − h²),  o_k += h g_k (k = 0, 1),  dh ← W_hhᵀ da.
// Operands are padded to P = padded_rows(H) rows with zeros (small_gemv.hpp's storage
// contract): W_hh as Wp and W_hhᵀ as Wtp (P × H), W_ih as Up (P × 3), b, w_diff, the
// columns of W_outᵀ and the vectors dh, da, o_k as P-vectors; h and h_prev are H values.
// The *2 variants advance two sequences at once: each load of W_hh (W_hhᵀ) feeds both, and
// the two dependency chains overlap. With AVX-512 only, for H ≤ kVanillaMaxHidden:
// the rows are taken in chunks of up to 64 (eight 8-wide accumulators in registers), each
// chunk running over all H columns; the backward step finishes its elementwise pass over all
// rows before the product dh ← W_hhᵀ da reads da. vanilla_step_fits() says whether they apply.
#pragma once

#include "simd_math.hpp"
#include "small_gemv.hpp"

IBLRNN_SIMD_WARNINGS_OFF

namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS {

#if defined(__AVX512F__)
// Rows [r, r + 8·NB) of one step (P = padded_rows(H), the leading dimension of Wp and Up);
// returns their part of w_diff · h.
template <int NB>
inline double vanilla_step_chunk(const double* Wp, long P, long H, long r, const double* h_prev,
                                 const double* Up, const double* x, const double* b,
                                 const double* wd, double* h, __mmask8 last) {
  Wp += r, Up += r, b += r, wd += r, h += r;
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

// Two sequences at once (forward): one load of W_hh feeds both; their latency chains overlap.
// Rows [r, r + 8·NB) of both steps; adds their parts of the logit differences to d.
template <int NB>
inline void vanilla_step2_chunk(const double* Wp, long P, long H, long r, const double* const hp[2],
                                const double* Up, const double* const x[2], const double* b,
                                const double* wd, double* const hs[2], double d[2], __mmask8 last) {
  Wp += r, Up += r, b += r, wd += r;
  double* const h[2] = {hs[0] + r, hs[1] + r};
  __m512d acc[2][NB];
  _Pragma("GCC unroll 2") for (int s = 0; s < 2; ++s) {
    const __m512d x0 = _mm512_set1_pd(x[s][0]), x1 = _mm512_set1_pd(x[s][1]),
                  x2 = _mm512_set1_pd(x[s][2]);
    _Pragma("GCC unroll 8") for (int k = 0; k < NB; ++k) {
      __m512d a = _mm512_fmadd_pd(_mm512_loadu_pd(Up + 8 * k), x0, _mm512_loadu_pd(b + 8 * k));
      a = _mm512_fmadd_pd(_mm512_loadu_pd(Up + P + 8 * k), x1, a);
      acc[s][k] = _mm512_fmadd_pd(_mm512_loadu_pd(Up + 2 * P + 8 * k), x2, a);
    }
  }
  const double* hp0 = hp[0];
  const double* hp1 = hp[1];
  for (long j = 0; j < H; ++j) {
    const __m512d h0 = _mm512_set1_pd(hp0[j]), h1 = _mm512_set1_pd(hp1[j]);
    const double* w = Wp + j * P;
    _Pragma("GCC unroll 8") for (int k = 0; k < NB; ++k) {
      const __m512d wk = _mm512_loadu_pd(w + 8 * k);
      acc[0][k] = _mm512_fmadd_pd(wk, h0, acc[0][k]);
      acc[1][k] = _mm512_fmadd_pd(wk, h1, acc[1][k]);
    }
  }
  _Pragma("GCC unroll 2") for (int s = 0; s < 2; ++s) {
    __m512d dot = _mm512_setzero_pd();
    _Pragma("GCC unroll 8") for (int k = 0; k < NB; ++k) {
      const __m512d t = tanh_pd(acc[s][k]);
      if (k < NB - 1) {
        _mm512_storeu_pd(h[s] + 8 * k, t);
        dot = _mm512_fmadd_pd(t, _mm512_loadu_pd(wd + 8 * k), dot);
      } else {
        _mm512_mask_storeu_pd(h[s] + 8 * k, last, t);
        dot = _mm512_mask3_fmadd_pd(t, _mm512_loadu_pd(wd + 8 * k), dot, last);
      }
    }
    d[s] += _mm512_reduce_add_pd(dot);
  }
}

// dh += W_outᵀ g, da = dh ⊙ (1 − h²), o_k += h g_k for rows [r, r + 8·NB) of one sequence
// (the elementwise part of the backward step).
template <int NB>
inline void vanilla_backward_elementwise(long r, const double* h, double g0, double g1,
                                         const double* wo0, const double* wo1, const double* dh,
                                         double* da, double* o0, double* o1, __mmask8 last) {
  h += r, wo0 += r, wo1 += r, dh += r, da += r, o0 += r, o1 += r;
  const __m512d vg0 = _mm512_set1_pd(g0), vg1 = _mm512_set1_pd(g1), one = _mm512_set1_pd(1.0);
  _Pragma("GCC unroll 8") for (int k = 0; k < NB; ++k) {
    const __m512d hk = k < NB - 1 ? _mm512_loadu_pd(h + 8 * k) : _mm512_maskz_loadu_pd(last, h + 8 * k);
    __m512d d = _mm512_fmadd_pd(_mm512_loadu_pd(wo0 + 8 * k), vg0, _mm512_loadu_pd(dh + 8 * k));
    d = _mm512_fmadd_pd(_mm512_loadu_pd(wo1 + 8 * k), vg1, d);
    _mm512_storeu_pd(da + 8 * k, _mm512_mul_pd(d, _mm512_fnmadd_pd(hk, hk, one)));
    _mm512_storeu_pd(o0 + 8 * k, _mm512_fmadd_pd(hk, vg0, _mm512_loadu_pd(o0 + 8 * k)));
    _mm512_storeu_pd(o1 + 8 * k, _mm512_fmadd_pd(hk, vg1, _mm512_loadu_pd(o1 + 8 * k)));
  }
}

#endif

/// The largest H the fused steps take (the cost curve of bench/README.md measured them
/// faster than the general kernels at every H up to it).
constexpr long kVanillaMaxHidden = 512;

inline bool vanilla_step_fits(long H) {
#if defined(__AVX512F__)
  return H >= 1 && H <= kVanillaMaxHidden;
#else
  (void)H;
  return false;
#endif
}

/// Requires vanilla_step_fits(H); h must not alias h_prev.
inline double vanilla_step(const double* Wp, long H, const double* h_prev, const double* Up,
                           const double* x, const double* b, const double* wd, double* h) {
#if defined(__AVX512F__)
  const long P = padded_rows(H);
  double d = 0.0;
  for_each_row_chunk(H, [&](auto nb, long r, __mmask8 last) {
    d += vanilla_step_chunk<decltype(nb)::value>(Wp, P, H, r, h_prev, Up, x, b, wd, h, last);
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
  // dh is a P-vector and W_hhᵀ's padding rows are zero: storing the padding lanes keeps them 0.
  const long P = padded_rows(H);
  for_each_row_chunk(H, [&](auto nb, long r, __mmask8 last) {
    vanilla_backward_elementwise<decltype(nb)::value>(r, h, g0, g1, wo0, wo1, dh, da, o0, o1, last);
  });
  for_each_row_chunk(H, [&](auto nb, long r, __mmask8 last) {
    gemv_chunk<decltype(nb)::value, true>(Wtp + r, P, H, da, dh + r, last);
  });
#else
  (void)Wtp, (void)H, (void)h, (void)g0, (void)g1, (void)wo0, (void)wo1, (void)dh, (void)da,
      (void)o0, (void)o1;
#endif
}

/// Two sequences at once (forward); requires vanilla_step_fits(H). d receives both logit
/// differences.
inline void vanilla_step2(const double* Wp, long H, const double* const hp[2], const double* Up,
                          const double* const x[2], const double* b, const double* wd,
                          double* const h[2], double d[2]) {
#if defined(__AVX512F__)
  const long P = padded_rows(H);
  d[0] = d[1] = 0.0;
  for_each_row_chunk(H, [&](auto nb, long r, __mmask8 last) {
    vanilla_step2_chunk<decltype(nb)::value>(Wp, P, H, r, hp, Up, x, b, wd, h, d, last);
  });
#else
  (void)Wp, (void)H, (void)hp, (void)Up, (void)x, (void)b, (void)wd, (void)h, (void)d;
#endif
}

/// Two sequences at once (backward); requires vanilla_step_fits(H).
inline void vanilla_backward2(const double* Wtp, long H, const double* const h[2],
                              const double* const g[2], const double* wo0, const double* wo1,
                              double* const dh[2], double* const da[2], double* o0, double* o1) {
#if defined(__AVX512F__)
  // o0, o1 are shared: both sequences add to dL/dW_outᵀ.
  const long P = padded_rows(H);
  for_each_row_chunk(H, [&](auto nb, long r, __mmask8 last) {
    constexpr int NB = decltype(nb)::value;
    vanilla_backward_elementwise<NB>(r, h[0], g[0][0], g[0][1], wo0, wo1, dh[0], da[0], o0, o1, last);
    vanilla_backward_elementwise<NB>(r, h[1], g[1][0], g[1][1], wo0, wo1, dh[1], da[1], o0, o1, last);
  });
  for_each_row_chunk(H, [&](auto nb, long r, __mmask8 last) {
    gemv2_chunk<decltype(nb)::value, true>(Wtp + r, P, H, da[0], da[1], dh[0] + r, dh[1] + r, last);
  });
#else
  (void)Wtp, (void)H, (void)h, (void)g, (void)wo0, (void)wo1, (void)dh, (void)da, (void)o0, (void)o1;
#endif
}

}  // namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS

IBLRNN_SIMD_WARNINGS_ON
