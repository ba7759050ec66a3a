// The vanilla cell's steps for one sequence, fused so that vectors stay in registers.
// Forward (eq. N1 and the logit difference of eq. N4):
//   a = b + W_ih x + W_hh h_prev,  h = tanh(a),  returns d = w_diff · h.
// Backward (eq. N6–N7, the readout's gradient folded in), g = dL/d(logit_L, logit_R):
//   dh += W_outᵀ g,  da = dh ⊙ (1 − h²),  o_k += h g_k (k = 0, 1),  dh ← W_hhᵀ da.
// Operands are padded to P = padded_rows_for<T>(H) rows with zeros (small_gemv.hpp's storage
// contract): W_hh as Wp and W_hhᵀ as Wtp (P × H), W_ih as Up (P × 3), b, w_diff, the
// columns of W_outᵀ and the vectors dh, da, o_k as P-vectors; h and h_prev are H values.
// The *2 variants advance two sequences at once: each load of W_hh (W_hhᵀ) feeds both, and
// the two dependency chains overlap. AVX-512 only, for H ≤ kVanillaMaxHidden, in double
// (8 lanes) or float (16 lanes, the float32 training path): the rows are taken in chunks of
// up to eight vectors (64 doubles, 128 floats) held in registers, each chunk running over all
// H columns; the backward step finishes its elementwise pass over all rows before the
// product dh ← W_hhᵀ da reads da.
#pragma once

#include "simd_math.hpp"
#include "small_gemv.hpp"

IBLRNN_SIMD_WARNINGS_OFF

namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS {

/// The largest H the fused steps take (the cost curve of bench/README.md measured them
/// faster than the general kernels at every H up to it).
constexpr long kVanillaMaxHidden = 512;

#if defined(__AVX512F__)
// Rows [r, r + W·NB) of one step (W = Lanes<T>::kWidth, P the leading dimension of Wp and
// Up); returns their part of w_diff · h.
template <int NB, class T>
inline T vanilla_step_chunk(const T* Wp, long P, long H, long r, const T* h_prev, const T* Up,
                            const T* x, const T* b, const T* wd, T* h,
                            typename Lanes<T>::Mask last) {
  using L = Lanes<T>;
  constexpr long W = L::kWidth;
  Wp += r, Up += r, b += r, wd += r, h += r;
  typename L::V acc[NB], acc2[NB];
  const auto x0 = L::set1(x[0]), x1 = L::set1(x[1]), x2 = L::set1(x[2]);
  _Pragma("GCC unroll 8") for (int k = 0; k < NB; ++k) {
    auto a = L::fmadd(L::loadu(Up + W * k), x0, L::loadu(b + W * k));
    a = L::fmadd(L::loadu(Up + P + W * k), x1, a);
    acc[k] = L::fmadd(L::loadu(Up + 2 * P + W * k), x2, a);
    acc2[k] = L::setzero();
  }
  long j = 0;
  for (; j + 1 < H; j += 2) {
    const auto h0 = L::set1(h_prev[j]), h1 = L::set1(h_prev[j + 1]);
    const T* w0 = Wp + j * P;
    _Pragma("GCC unroll 8") for (int k = 0; k < NB; ++k) {
      acc[k] = L::fmadd(L::loadu(w0 + W * k), h0, acc[k]);
      acc2[k] = L::fmadd(L::loadu(w0 + P + W * k), h1, acc2[k]);
    }
  }
  if (j < H) {
    const auto h0 = L::set1(h_prev[j]);
    _Pragma("GCC unroll 8") for (int k = 0; k < NB; ++k)
      acc[k] = L::fmadd(L::loadu(Wp + j * P + W * k), h0, acc[k]);
  }
  auto dot = L::setzero();
  _Pragma("GCC unroll 8") for (int k = 0; k < NB; ++k) {
    const auto t = L::tanh(L::add(acc[k], acc2[k]));
    if (k < NB - 1) {
      L::storeu(h + W * k, t);
      dot = L::fmadd(t, L::loadu(wd + W * k), dot);
    } else {
      L::mask_storeu(h + W * k, last, t);
      dot = L::mask3_fmadd(t, L::loadu(wd + W * k), dot, last);
    }
  }
  return L::reduce_add(dot);
}

// Two sequences at once (forward): one load of W_hh feeds both; their latency chains overlap.
// Rows [r, r + W·NB) of both steps; adds their parts of the logit differences to d.
template <int NB, class T>
inline void vanilla_step2_chunk(const T* Wp, long P, long H, long r, const T* const hp[2],
                                const T* Up, const T* const x[2], const T* b, const T* wd,
                                T* const hs[2], T d[2], typename Lanes<T>::Mask last) {
  using L = Lanes<T>;
  constexpr long W = L::kWidth;
  Wp += r, Up += r, b += r, wd += r;
  T* const h[2] = {hs[0] + r, hs[1] + r};
  typename L::V acc[2][NB];
  _Pragma("GCC unroll 2") for (int s = 0; s < 2; ++s) {
    const auto x0 = L::set1(x[s][0]), x1 = L::set1(x[s][1]), x2 = L::set1(x[s][2]);
    _Pragma("GCC unroll 8") for (int k = 0; k < NB; ++k) {
      auto a = L::fmadd(L::loadu(Up + W * k), x0, L::loadu(b + W * k));
      a = L::fmadd(L::loadu(Up + P + W * k), x1, a);
      acc[s][k] = L::fmadd(L::loadu(Up + 2 * P + W * k), x2, a);
    }
  }
  const T* hp0 = hp[0];
  const T* hp1 = hp[1];
  for (long j = 0; j < H; ++j) {
    const auto h0 = L::set1(hp0[j]), h1 = L::set1(hp1[j]);
    const T* w = Wp + j * P;
    _Pragma("GCC unroll 8") for (int k = 0; k < NB; ++k) {
      const auto wk = L::loadu(w + W * k);
      acc[0][k] = L::fmadd(wk, h0, acc[0][k]);
      acc[1][k] = L::fmadd(wk, h1, acc[1][k]);
    }
  }
  _Pragma("GCC unroll 2") for (int s = 0; s < 2; ++s) {
    auto dot = L::setzero();
    _Pragma("GCC unroll 8") for (int k = 0; k < NB; ++k) {
      const auto t = L::tanh(acc[s][k]);
      if (k < NB - 1) {
        L::storeu(h[s] + W * k, t);
        dot = L::fmadd(t, L::loadu(wd + W * k), dot);
      } else {
        L::mask_storeu(h[s] + W * k, last, t);
        dot = L::mask3_fmadd(t, L::loadu(wd + W * k), dot, last);
      }
    }
    d[s] += L::reduce_add(dot);
  }
}

// dh += W_outᵀ g, da = dh ⊙ (1 − h²), o_k += h g_k for rows [r, r + W·NB) of one sequence
// (the elementwise part of the backward step).
template <int NB, class T>
inline void vanilla_backward_elementwise(long r, const T* h, T g0, T g1, const T* wo0,
                                         const T* wo1, const T* dh, T* da, T* o0, T* o1,
                                         typename Lanes<T>::Mask last) {
  using L = Lanes<T>;
  constexpr long W = L::kWidth;
  h += r, wo0 += r, wo1 += r, dh += r, da += r, o0 += r, o1 += r;
  const auto vg0 = L::set1(g0), vg1 = L::set1(g1), one = L::set1(T(1));
  _Pragma("GCC unroll 8") for (int k = 0; k < NB; ++k) {
    const auto hk = k < NB - 1 ? L::loadu(h + W * k) : L::maskz_loadu(last, h + W * k);
    auto d = L::fmadd(L::loadu(wo0 + W * k), vg0, L::loadu(dh + W * k));
    d = L::fmadd(L::loadu(wo1 + W * k), vg1, d);
    L::storeu(da + W * k, L::mul(d, L::fnmadd(hk, hk, one)));
    L::storeu(o0 + W * k, L::fmadd(hk, vg0, L::loadu(o0 + W * k)));
    L::storeu(o1 + W * k, L::fmadd(hk, vg1, L::loadu(o1 + W * k)));
  }
}

/// Requires 1 ≤ H ≤ kVanillaMaxHidden; h must not alias h_prev. P = padded_rows(H) for
/// double, padded_rows_f32(H) for float.
template <class T>
inline T vanilla_step(const T* Wp, long H, const T* h_prev, const T* Up, const T* x, const T* b,
                      const T* wd, T* h) {
  const long P = padded_rows_for<T>(H);
  T d = 0;
  for_each_row_chunk<T>(H, [&](auto nb, long r, auto last) {
    d += vanilla_step_chunk<decltype(nb)::value>(Wp, P, H, r, h_prev, Up, x, b, wd, h, last);
  });
  return d;
}

/// Requires 1 ≤ H ≤ kVanillaMaxHidden; see above. dh's padding stays zero.
template <class T>
inline void vanilla_backward(const T* Wtp, long H, const T* h, T g0, T g1, const T* wo0,
                             const T* wo1, T* dh, T* da, T* o0, T* o1) {
  // dh is a P-vector and W_hhᵀ's padding rows are zero: storing the padding lanes keeps them 0.
  const long P = padded_rows_for<T>(H);
  for_each_row_chunk<T>(H, [&](auto nb, long r, auto last) {
    vanilla_backward_elementwise<decltype(nb)::value>(r, h, g0, g1, wo0, wo1, dh, da, o0, o1, last);
  });
  for_each_row_chunk<T>(H, [&](auto nb, long r, auto last) {
    gemv_chunk<decltype(nb)::value, true>(Wtp + r, P, H, da, dh + r, last);
  });
}

/// Two sequences at once (forward); requires 1 ≤ H ≤ kVanillaMaxHidden. d receives both
/// logit differences.
template <class T>
inline void vanilla_step2(const T* Wp, long H, const T* const hp[2], const T* Up,
                          const T* const x[2], const T* b, const T* wd, T* const h[2], T d[2]) {
  const long P = padded_rows_for<T>(H);
  d[0] = d[1] = 0;
  for_each_row_chunk<T>(H, [&](auto nb, long r, auto last) {
    vanilla_step2_chunk<decltype(nb)::value>(Wp, P, H, r, hp, Up, x, b, wd, h, d, last);
  });
}

/// Two sequences at once (backward); requires 1 ≤ H ≤ kVanillaMaxHidden.
template <class T>
inline void vanilla_backward2(const T* Wtp, long H, const T* const h[2], const T* const g[2],
                              const T* wo0, const T* wo1, T* const dh[2], T* const da[2], T* o0,
                              T* o1) {
  // o0, o1 are shared: both sequences add to dL/dW_outᵀ.
  const long P = padded_rows_for<T>(H);
  for_each_row_chunk<T>(H, [&](auto nb, long r, auto last) {
    constexpr int NB = decltype(nb)::value;
    vanilla_backward_elementwise<NB>(r, h[0], g[0][0], g[0][1], wo0, wo1, dh[0], da[0], o0, o1, last);
    vanilla_backward_elementwise<NB>(r, h[1], g[1][0], g[1][1], wo0, wo1, dh[1], da[1], o0, o1, last);
  });
  for_each_row_chunk<T>(H, [&](auto nb, long r, auto last) {
    gemv2_chunk<decltype(nb)::value, true>(Wtp + r, P, H, da[0], da[1], dh[0] + r, dh[1] + r, last);
  });
}
#endif

}  // namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS

IBLRNN_SIMD_WARNINGS_ON
