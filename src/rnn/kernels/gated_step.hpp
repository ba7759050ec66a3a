// The gated cells' (gru, lstm) elementwise work of one step for one sequence, fused into one
// AVX-512 pass over chunks of one vector (vectorised sigmoid and tanh, masked last chunk),
// around the register-blocked GEMV of small_gemv.hpp. Shapes (H hidden units, column vectors):
//   a_h   the recurrent product W_hh h_prev (G·H values, gates stacked as in cell.hpp)
//   Up    W_ih padded (ldu × 3, column-major), bi = b_ih, bh = b_hh (G·H values each)
//   cache the step's cache column (cell.hpp): gru [h; r; z; n; hn], lstm [h; c; i; f; g; o; tanh c]
// Forward (eq. N2, N3) returns w_diff · h (the logit difference without its bias).
// Backward (eq. N8, N9) folds in the readout (eq. N6): dh += W_outᵀ g, o_k += h g_k; then
// writes the gate gradients d_ah (and for the gru d_ai) and, for the gru, direct = dh ⊙ z
// (dL/dh_prev through the z gate; the caller adds W_hhᵀ d_ah); for the lstm updates dc.
// Every array is read and written in chunks of one vector (8 doubles, or 16 floats for the
// float32 training path) with the last one masked, so no array needs padding. For AVX-512
// builds only (gated_step_available()).
#pragma once

#include "lanes.hpp"
#include "simd_warnings.hpp"

IBLRNN_SIMD_WARNINGS_OFF

namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS {

#if defined(__AVX512F__)
inline constexpr bool gated_step_available() { return true; }

// Calls f(offset, mask) for every chunk of one vector (8 doubles, 16 floats) of H rows (mask
// all-ones but for the last).
template <class T, class F>
inline void for_each_chunk(long H, F&& f) {
  using L = Lanes<T>;
  using Mask = typename L::Mask;
  for (long i = 0; i < H; i += L::kWidth) {
    const long n = H - i < L::kWidth ? H - i : L::kWidth;
    f(i, n == L::kWidth ? static_cast<Mask>(~0u) : static_cast<Mask>((1u << n) - 1));
  }
}

// Stores v_0, v_1, … at rows i, H + i, 2H + i, … of a cache column (cell.hpp's blocks of H
// rows), each under the chunk's mask m.
template <class T, class... V>
inline void store_blocks(T* cache, long H, long i, typename Lanes<T>::Mask m, V... v) {
  long block = 0;
  ((Lanes<T>::mask_storeu(cache + block++ * H + i, m, v)), ...);
}

// W_ih x + b for the rows at `row` of the stacked gates.
template <class T>
inline typename Lanes<T>::V input_part(const T* Up, long ldu, const T* x, const T* b, long row,
                                       typename Lanes<T>::Mask m) {
  using L = Lanes<T>;
  auto a = L::fmadd(L::maskz_loadu(m, Up + row), L::set1(x[0]), L::maskz_loadu(m, b + row));
  a = L::fmadd(L::maskz_loadu(m, Up + ldu + row), L::set1(x[1]), a);
  return L::fmadd(L::maskz_loadu(m, Up + 2 * ldu + row), L::set1(x[2]), a);
}

template <class T>
inline T gru_forward_elementwise(long H, const T* a_h, const T* Up, long ldu, const T* x,
                                 const T* bi, const T* bh, const T* h_prev, const T* wd, T* cache) {
  using L = Lanes<T>;
  auto dot = L::setzero();
  for_each_chunk<T>(H, [&](long i, auto m) {
    auto load = [m](const T* p) { return L::maskz_loadu(m, p); };
    const auto r = L::sigmoid(L::add(input_part(Up, ldu, x, bi, i, m), L::add(load(a_h + i), load(bh + i))));
    const auto z = L::sigmoid(L::add(input_part(Up, ldu, x, bi, H + i, m),
                                     L::add(load(a_h + H + i), load(bh + H + i))));
    const auto hn = L::add(load(a_h + 2 * H + i), load(bh + 2 * H + i));
    const auto n = L::tanh(L::fmadd(r, hn, input_part(Up, ldu, x, bi, 2 * H + i, m)));
    const auto h = L::fmadd(z, L::sub(load(h_prev + i), n), n);
    store_blocks(cache, H, i, m, h, r, z, n, hn);
    dot = L::fmadd(h, load(wd + i), dot);
  });
  return L::reduce_add(dot);
}

// a_h holds W_hh h_prev; b = b_ih + b_hh. state_prev = [h_prev; c_prev].
template <class T>
inline T lstm_forward_elementwise(long H, const T* a_h, const T* Up, long ldu, const T* x,
                                  const T* b, const T* c_prev, const T* wd, T* cache) {
  using L = Lanes<T>;
  auto dot = L::setzero();
  for_each_chunk<T>(H, [&](long i, auto m) {
    auto load = [m](const T* p) { return L::maskz_loadu(m, p); };
    auto pre = [&](long gate) { return L::add(input_part(Up, ldu, x, b, gate * H + i, m), load(a_h + gate * H + i)); };
    const auto ig = L::sigmoid(pre(0)), fg = L::sigmoid(pre(1)), gg = L::tanh(pre(2)),
               og = L::sigmoid(pre(3));
    const auto c = L::fmadd(fg, load(c_prev + i), L::mul(ig, gg));
    const auto tc = L::tanh(c);
    const auto h = L::mul(og, tc);
    store_blocks(cache, H, i, m, h, c, ig, fg, gg, og, tc);
    dot = L::fmadd(h, load(wd + i), dot);
  });
  return L::reduce_add(dot);
}

// eq. N6 + N8 for one gru step: dh (H) on entry dL/dh_t from later steps; g the step's
// dL/d(logit_L, logit_R); w0, w1 the columns of W_outᵀ; o0, o1 accumulate dL/dW_outᵀ.
template <class T>
inline void gru_backward_elementwise(long H, const T* cache, const T* h_prev, T g0, T g1,
                                     const T* w0, const T* w1, const T* dh, T* o0, T* o1,
                                     T* d_ah, T* d_ai, T* direct) {
  using L = Lanes<T>;
  const auto one = L::set1(T(1)), G0 = L::set1(g0), G1 = L::set1(g1);
  for_each_chunk<T>(H, [&](long i, auto m) {
    auto load = [m](const T* p) { return L::maskz_loadu(m, p); };
    auto store = [m](T* p, typename L::V v) { L::mask_storeu(p, m, v); };
    const auto h = load(cache + i), r = load(cache + H + i), z = load(cache + 2 * H + i),
               n = load(cache + 3 * H + i), hn = load(cache + 4 * H + i);
    const auto g = L::fmadd(load(w1 + i), G1, L::fmadd(load(w0 + i), G0, load(dh + i)));
    store(o0 + i, L::fmadd(h, G0, load(o0 + i)));
    store(o1 + i, L::fmadd(h, G1, load(o1 + i)));
    const auto one_z = L::sub(one, z);
    const auto dn = L::mul(L::mul(g, one_z), L::fnmadd(n, n, one));
    const auto dz = L::mul(L::mul(g, L::sub(load(h_prev + i), n)), L::mul(z, one_z));
    const auto dr = L::mul(L::mul(dn, hn), L::mul(r, L::sub(one, r)));
    store_blocks(d_ai, H, i, m, dr, dz, dn);
    store_blocks(d_ah, H, i, m, dr, dz, L::mul(dn, r));
    store(direct + i, L::mul(g, z));
  });
}

// eq. N6 + N9 for one lstm step: dh as above (read only), dc (H) updated in place to
// dL/dc_{t−1} through this step; d_ah receives the gate gradients [di; df; dg; do].
template <class T>
inline void lstm_backward_elementwise(long H, const T* cache, const T* c_prev, T g0, T g1,
                                      const T* w0, const T* w1, const T* dh, T* dc, T* o0, T* o1,
                                      T* d_ah) {
  using L = Lanes<T>;
  const auto one = L::set1(T(1)), G0 = L::set1(g0), G1 = L::set1(g1);
  for_each_chunk<T>(H, [&](long i, auto m) {
    auto load = [m](const T* p) { return L::maskz_loadu(m, p); };
    auto store = [m](T* p, typename L::V v) { L::mask_storeu(p, m, v); };
    const auto h = load(cache + i), ig = load(cache + 2 * H + i), fg = load(cache + 3 * H + i),
               gg = load(cache + 4 * H + i), og = load(cache + 5 * H + i),
               tc = load(cache + 6 * H + i);
    const auto d = L::fmadd(load(w1 + i), G1, L::fmadd(load(w0 + i), G0, load(dh + i)));
    store(o0 + i, L::fmadd(h, G0, load(o0 + i)));
    store(o1 + i, L::fmadd(h, G1, load(o1 + i)));
    const auto c = L::fmadd(L::mul(d, og), L::fnmadd(tc, tc, one), load(dc + i));
    store_blocks(d_ah, H, i, m, L::mul(L::mul(c, gg), L::mul(ig, L::sub(one, ig))),
                 L::mul(L::mul(c, load(c_prev + i)), L::mul(fg, L::sub(one, fg))),
                 L::mul(L::mul(c, ig), L::fnmadd(gg, gg, one)),
                 L::mul(L::mul(d, tc), L::mul(og, L::sub(one, og))));
    store(dc + i, L::mul(c, fg));
  });
}
#else
inline constexpr bool gated_step_available() { return false; }
#endif

}  // namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS

IBLRNN_SIMD_WARNINGS_ON
