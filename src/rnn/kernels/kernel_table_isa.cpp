// One kernel set's table (kernel_table.hpp): this file is compiled once per set, with the
// set's instruction-set flags, IBLRNN_KERNEL_NS naming its namespace and `Eigen` renamed
// (-DEigen=Eigen_<set>) so that its Eigen instantiations are its own symbols too
// (CMakeLists.txt, IBLRNN_KERNEL_SETS). The fused kernels need AVX-512; without it the
// products run on Eigen (vectorised for the set's instruction set) and tanh, σ on Eigen's exp.
#include <cstring>

#include <Eigen/Core>

#include "../kernel_table.hpp"
#include "gated_step.hpp"
#include "outer_product_sum.hpp"
#include "row_sums.hpp"
#include "simd_math.hpp"
#include "small_gemv.hpp"
#include "vanilla_step.hpp"

IBLRNN_SIMD_WARNINGS_OFF

namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS {
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
// out = f(a) for an Eigen array expression f, through a 64-byte aligned buffer: Eigen starts
// its vector loop at the first aligned element and computes the ones before it with scalar
// code (std::exp, not its vector exp), so mapping `a` directly would make the last bit of a
// result depend on the array's address (heap state), not only on its index.
template <class F>
inline void apply(const double* a, double* out, long n, F f) {
  constexpr long kChunk = 64;
  alignas(64) double buf[kChunk];
  for (long i = 0; i < n; i += kChunk) {
    const long len = n - i < kChunk ? n - i : kChunk;
    std::memcpy(buf, a + i, sizeof(double) * len);
    Eigen::Map<Eigen::ArrayXd, Eigen::Aligned64> m(buf, len);
    m = f(m);
    std::memcpy(out + i, buf, sizeof(double) * len);
  }
}
#endif

void tanh_array(const double* a, double* out, long n) {
#if defined(__AVX512F__)
  apply(a, out, n, tanh_pd);
#else
  apply(a, out, n, [](const auto& x) { return 1.0 - 2.0 / ((2.0 * x.min(40.0).max(-40.0)).exp() + 1.0); });
#endif
}

void sigmoid_array(const double* a, double* out, long n) {
#if defined(__AVX512F__)
  apply(a, out, n, sigmoid_pd);
#else
  apply(a, out, n, [](const auto& x) { return 1.0 / ((-x.min(746.0).max(-746.0)).exp() + 1.0); });
#endif
}

void product(const double* A, long lda, long m, long k, const double* X, long ldx, long n,
             double* Y, long ldy) {
  if (n <= 16) {
    // Small lock-step batches: the register-blocked GEMV per column beats GEMM packing.
    long j = 0;
    for (; j + 2 <= n; j += 2) gemv2_small(A, lda, m, k, X + j * ldx, ldx, Y + j * ldy, ldy);
    if (j < n) gemv_small(A, lda, m, k, X + j * ldx, Y + j * ldy);
  } else {
    using Map = Eigen::Map<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>;
    Eigen::Map<Eigen::MatrixXd, 0, Eigen::OuterStride<>> Ym(Y, m, n, Eigen::OuterStride<>(ldy));
    Ym.noalias() = Map(A, m, k, Eigen::OuterStride<>(lda)) * Map(X, k, n, Eigen::OuterStride<>(ldx));
  }
}

#if defined(__AVX512F__)
// The gated steps (kernel_table.hpp, CellSteps) in double or float.
template <class T>
T gru_forward(const T* Wp, long ldw, long H, const T* h_prev, T* a_h, const T* Up, long ldu,
              const T* x, const T* bi, const T* bh, const T* wd, T* cache) {
  gemv_lanes(Wp, ldw, 3 * H, H, h_prev, a_h);
  return gru_forward_elementwise(H, a_h, Up, ldu, x, bi, bh, h_prev, wd, cache);
}

template <class T>
T lstm_forward(const T* Wp, long ldw, long H, const T* s_prev, T* a_h, const T* Up, long ldu,
               const T* x, const T* b, const T* wd, T* cache) {
  gemv_lanes(Wp, ldw, 4 * H, H, s_prev, a_h);
  return lstm_forward_elementwise(H, a_h, Up, ldu, x, b, s_prev + H, wd, cache);
}

template <class T>
void gru_backward(const T* Wtp, long ldwt, long H, const T* cache, const T* h_prev, T g0, T g1,
                  const T* wo0, const T* wo1, T* dh, T* o0, T* o1, T* d_ah, T* d_ai, T* direct) {
  gru_backward_elementwise(H, cache, h_prev, g0, g1, wo0, wo1, dh, o0, o1, d_ah, d_ai, direct);
  gemv_lanes(Wtp, ldwt, H, 3 * H, d_ah, dh);
  for (long i = 0; i < H; ++i) dh[i] += direct[i];
}

template <class T>
void lstm_backward(const T* Wtp, long ldwt, long H, const T* cache, const T* c_prev, T g0, T g1,
                   const T* wo0, const T* wo1, T* dh, T* dc, T* o0, T* o1, T* d_ah) {
  lstm_backward_elementwise(H, cache, c_prev, g0, g1, wo0, wo1, dh, dc, o0, o1, d_ah);
  gemv_lanes(Wtp, ldwt, H, 4 * H, d_ah, dh);
}

template <class T>
void gru_forward2(const T* Wp, long ldw, long H, const T* const h_prev[2], T* const a_h[2],
                  const T* Up, long ldu, const T* const x[2], const T* bi, const T* bh,
                  const T* wd, T* const cache[2], T d[2]) {
  gemv2_lanes(Wp, ldw, 3 * H, H, h_prev[0], h_prev[1], a_h[0], a_h[1]);
  for (int s = 0; s < 2; ++s)
    d[s] = gru_forward_elementwise(H, a_h[s], Up, ldu, x[s], bi, bh, h_prev[s], wd, cache[s]);
}

template <class T>
void lstm_forward2(const T* Wp, long ldw, long H, const T* const s_prev[2], T* const a_h[2],
                   const T* Up, long ldu, const T* const x[2], const T* b, const T* wd,
                   T* const cache[2], T d[2]) {
  gemv2_lanes(Wp, ldw, 4 * H, H, s_prev[0], s_prev[1], a_h[0], a_h[1]);
  for (int s = 0; s < 2; ++s)
    d[s] = lstm_forward_elementwise(H, a_h[s], Up, ldu, x[s], b, s_prev[s] + H, wd, cache[s]);
}

template <class T>
void gru_backward2(const T* Wtp, long ldwt, long H, const T* const cache[2],
                   const T* const h_prev[2], const T* const g[2], const T* wo0, const T* wo1,
                   T* const dh[2], T* o0, T* o1, T* const d_ah[2], T* const d_ai[2],
                   T* const direct[2]) {
  for (int s = 0; s < 2; ++s)
    gru_backward_elementwise(H, cache[s], h_prev[s], g[s][0], g[s][1], wo0, wo1, dh[s], o0, o1,
                             d_ah[s], d_ai[s], direct[s]);
  gemv2_lanes(Wtp, ldwt, H, 3 * H, d_ah[0], d_ah[1], dh[0], dh[1]);
  for (int s = 0; s < 2; ++s)
    for (long i = 0; i < H; ++i) dh[s][i] += direct[s][i];
}

template <class T>
void lstm_backward2(const T* Wtp, long ldwt, long H, const T* const cache[2],
                    const T* const c_prev[2], const T* const g[2], const T* wo0, const T* wo1,
                    T* const dh[2], T* const dc[2], T* o0, T* o1, T* const d_ah[2]) {
  for (int s = 0; s < 2; ++s)
    lstm_backward_elementwise(H, cache[s], c_prev[s], g[s][0], g[s][1], wo0, wo1, dh[s], dc[s],
                              o0, o1, d_ah[s]);
  gemv2_lanes(Wtp, ldwt, H, 4 * H, d_ah[0], d_ah[1], dh[0], dh[1]);
}

template <class T>
constexpr CellSteps<T> cell_steps() {
  return {vanilla_step<T>,  vanilla_backward<T>,  vanilla_step2<T>, vanilla_backward2<T>,
          gru_forward<T>,   lstm_forward<T>,      gru_backward<T>,  lstm_backward<T>,
          gru_forward2<T>,  lstm_forward2<T>,     gru_backward2<T>, lstm_backward2<T>};
}
#endif

}  // namespace

const KernelTable kernel_table = {
    gemv_small, product, outer_product_sum, row_sums_add, tanh_array, sigmoid_array,
#if defined(__AVX512F__)
    kVanillaMaxHidden, cell_steps<double>(), cell_steps<float>(), outer_product_sum_avx512<float>,
#else
    0, CellSteps<double>{}, CellSteps<float>{}, nullptr,
#endif
};

}  // namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS

IBLRNN_SIMD_WARNINGS_ON
