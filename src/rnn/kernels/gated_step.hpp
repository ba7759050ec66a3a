// The gated cells' (gru, lstm) elementwise work of one step for one sequence, fused into one
// AVX-512 pass over 8-row chunks (vectorised sigmoid and tanh, masked last chunk), around the
// register-blocked GEMV of small_gemv.hpp. Shapes (H hidden units, column vectors):
//   a_h   the recurrent product W_hh h_prev (G·H values, gates stacked as in cell.hpp)
//   Up    W_ih padded (ldu × 3, column-major), bi = b_ih, bh = b_hh (G·H values each)
//   cache the step's cache column (cell.hpp): gru [h; r; z; n; hn], lstm [h; c; i; f; g; o; tanh c]
// Forward (eq. N2, N3) returns w_diff · h (the logit difference without its bias).
// Backward (eq. N8, N9) folds in the readout (eq. N6): dh += W_outᵀ g, o_k += h g_k; then
// writes the gate gradients d_ah (and for the gru d_ai) and, for the gru, direct = dh ⊙ z
// (dL/dh_prev through the z gate; the caller adds W_hhᵀ d_ah); for the lstm updates dc.
// Every array is read and written in 8-value chunks with the last one masked, so no array
// needs padding. For AVX-512 builds only (gated_step_available()).
#pragma once

#include "simd_math.hpp"
#include "simd_warnings.hpp"

IBLRNN_SIMD_WARNINGS_OFF

namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS {

#if defined(__AVX512F__)
inline constexpr bool gated_step_available() { return true; }

// Calls f(offset, mask) for every 8-row chunk of H rows (mask all-ones but for the last).
template <class F>
inline void for_each_chunk8(long H, F&& f) {
  for (long i = 0; i < H; i += 8) {
    const long n = H - i < 8 ? H - i : 8;
    f(i, static_cast<__mmask8>(n == 8 ? 0xFF : (1u << n) - 1));
  }
}

inline __m512d load8(const double* p, __mmask8 m) { return _mm512_maskz_loadu_pd(m, p); }
inline void store8(double* p, __m512d v, __mmask8 m) { _mm512_mask_storeu_pd(p, m, v); }

// W_ih x + b for the 8 rows at `row` of the stacked gates.
inline __m512d input_part(const double* Up, long ldu, const double* x, const double* b, long row,
                          __mmask8 m) {
  __m512d a = _mm512_fmadd_pd(load8(Up + row, m), _mm512_set1_pd(x[0]), load8(b + row, m));
  a = _mm512_fmadd_pd(load8(Up + ldu + row, m), _mm512_set1_pd(x[1]), a);
  return _mm512_fmadd_pd(load8(Up + 2 * ldu + row, m), _mm512_set1_pd(x[2]), a);
}

inline double gru_forward_elementwise(long H, const double* a_h, const double* Up, long ldu,
                                      const double* x, const double* bi, const double* bh,
                                      const double* h_prev, const double* wd, double* cache) {
  __m512d dot = _mm512_setzero_pd();
  for_each_chunk8(H, [&](long i, __mmask8 m) {
    const __m512d r = sigmoid_pd(_mm512_add_pd(input_part(Up, ldu, x, bi, i, m),
                                               _mm512_add_pd(load8(a_h + i, m), load8(bh + i, m))));
    const __m512d z = sigmoid_pd(_mm512_add_pd(input_part(Up, ldu, x, bi, H + i, m),
                                               _mm512_add_pd(load8(a_h + H + i, m), load8(bh + H + i, m))));
    const __m512d hn = _mm512_add_pd(load8(a_h + 2 * H + i, m), load8(bh + 2 * H + i, m));
    const __m512d n = tanh_pd(_mm512_fmadd_pd(r, hn, input_part(Up, ldu, x, bi, 2 * H + i, m)));
    const __m512d h = _mm512_fmadd_pd(z, _mm512_sub_pd(load8(h_prev + i, m), n), n);
    store8(cache + i, h, m);
    store8(cache + H + i, r, m);
    store8(cache + 2 * H + i, z, m);
    store8(cache + 3 * H + i, n, m);
    store8(cache + 4 * H + i, hn, m);
    dot = _mm512_fmadd_pd(h, load8(wd + i, m), dot);
  });
  return _mm512_reduce_add_pd(dot);
}

// a_h holds W_hh h_prev; b = b_ih + b_hh. state_prev = [h_prev; c_prev].
inline double lstm_forward_elementwise(long H, const double* a_h, const double* Up, long ldu,
                                       const double* x, const double* b, const double* c_prev,
                                       const double* wd, double* cache) {
  __m512d dot = _mm512_setzero_pd();
  for_each_chunk8(H, [&](long i, __mmask8 m) {
    auto pre = [&](long gate) {
      return _mm512_add_pd(input_part(Up, ldu, x, b, gate * H + i, m), load8(a_h + gate * H + i, m));
    };
    const __m512d ig = sigmoid_pd(pre(0)), fg = sigmoid_pd(pre(1)), gg = tanh_pd(pre(2)),
                  og = sigmoid_pd(pre(3));
    const __m512d c = _mm512_fmadd_pd(fg, load8(c_prev + i, m), _mm512_mul_pd(ig, gg));
    const __m512d tc = tanh_pd(c);
    const __m512d h = _mm512_mul_pd(og, tc);
    store8(cache + i, h, m);
    store8(cache + H + i, c, m);
    store8(cache + 2 * H + i, ig, m);
    store8(cache + 3 * H + i, fg, m);
    store8(cache + 4 * H + i, gg, m);
    store8(cache + 5 * H + i, og, m);
    store8(cache + 6 * H + i, tc, m);
    dot = _mm512_fmadd_pd(h, load8(wd + i, m), dot);
  });
  return _mm512_reduce_add_pd(dot);
}

// eq. N6 + N8 for one gru step: dh (H) on entry dL/dh_t from later steps; g the step's
// dL/d(logit_L, logit_R); w0, w1 the columns of W_outᵀ; o0, o1 accumulate dL/dW_outᵀ.
inline void gru_backward_elementwise(long H, const double* cache, const double* h_prev, double g0,
                                     double g1, const double* w0, const double* w1, const double* dh,
                                     double* o0, double* o1, double* d_ah, double* d_ai,
                                     double* direct) {
  const __m512d one = _mm512_set1_pd(1.0), G0 = _mm512_set1_pd(g0), G1 = _mm512_set1_pd(g1);
  for_each_chunk8(H, [&](long i, __mmask8 m) {
    const __m512d h = load8(cache + i, m), r = load8(cache + H + i, m),
                  z = load8(cache + 2 * H + i, m), n = load8(cache + 3 * H + i, m),
                  hn = load8(cache + 4 * H + i, m);
    const __m512d g = _mm512_fmadd_pd(load8(w1 + i, m), G1,
                                      _mm512_fmadd_pd(load8(w0 + i, m), G0, load8(dh + i, m)));
    store8(o0 + i, _mm512_fmadd_pd(h, G0, load8(o0 + i, m)), m);
    store8(o1 + i, _mm512_fmadd_pd(h, G1, load8(o1 + i, m)), m);
    const __m512d one_z = _mm512_sub_pd(one, z);
    const __m512d dn = _mm512_mul_pd(_mm512_mul_pd(g, one_z), _mm512_fnmadd_pd(n, n, one));
    const __m512d dz = _mm512_mul_pd(_mm512_mul_pd(g, _mm512_sub_pd(load8(h_prev + i, m), n)),
                                     _mm512_mul_pd(z, one_z));
    const __m512d dr = _mm512_mul_pd(_mm512_mul_pd(dn, hn), _mm512_mul_pd(r, _mm512_sub_pd(one, r)));
    store8(d_ai + i, dr, m);
    store8(d_ai + H + i, dz, m);
    store8(d_ai + 2 * H + i, dn, m);
    store8(d_ah + i, dr, m);
    store8(d_ah + H + i, dz, m);
    store8(d_ah + 2 * H + i, _mm512_mul_pd(dn, r), m);
    store8(direct + i, _mm512_mul_pd(g, z), m);
  });
}

// eq. N6 + N9 for one lstm step: dh as above (read only), dc (H) updated in place to
// dL/dc_{t−1} through this step; d_ah receives the gate gradients [di; df; dg; do].
inline void lstm_backward_elementwise(long H, const double* cache, const double* c_prev, double g0,
                                      double g1, const double* w0, const double* w1,
                                      const double* dh, double* dc, double* o0, double* o1,
                                      double* d_ah) {
  const __m512d one = _mm512_set1_pd(1.0), G0 = _mm512_set1_pd(g0), G1 = _mm512_set1_pd(g1);
  for_each_chunk8(H, [&](long i, __mmask8 m) {
    const __m512d h = load8(cache + i, m), ig = load8(cache + 2 * H + i, m),
                  fg = load8(cache + 3 * H + i, m), gg = load8(cache + 4 * H + i, m),
                  og = load8(cache + 5 * H + i, m), tc = load8(cache + 6 * H + i, m);
    const __m512d d = _mm512_fmadd_pd(load8(w1 + i, m), G1,
                                      _mm512_fmadd_pd(load8(w0 + i, m), G0, load8(dh + i, m)));
    store8(o0 + i, _mm512_fmadd_pd(h, G0, load8(o0 + i, m)), m);
    store8(o1 + i, _mm512_fmadd_pd(h, G1, load8(o1 + i, m)), m);
    const __m512d c = _mm512_fmadd_pd(_mm512_mul_pd(d, og), _mm512_fnmadd_pd(tc, tc, one),
                                      load8(dc + i, m));
    store8(d_ah + i, _mm512_mul_pd(_mm512_mul_pd(c, gg), _mm512_mul_pd(ig, _mm512_sub_pd(one, ig))), m);
    store8(d_ah + H + i, _mm512_mul_pd(_mm512_mul_pd(c, load8(c_prev + i, m)),
                                       _mm512_mul_pd(fg, _mm512_sub_pd(one, fg))), m);
    store8(d_ah + 2 * H + i, _mm512_mul_pd(_mm512_mul_pd(c, ig), _mm512_fnmadd_pd(gg, gg, one)), m);
    store8(d_ah + 3 * H + i, _mm512_mul_pd(_mm512_mul_pd(d, tc), _mm512_mul_pd(og, _mm512_sub_pd(one, og))), m);
    store8(dc + i, _mm512_mul_pd(c, fg), m);
  });
}
#else
inline constexpr bool gated_step_available() { return false; }
#endif

}  // namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS

IBLRNN_SIMD_WARNINGS_ON
