// The AVX-512 vector of a scalar type T, so that one kernel serves both precisions:
//   Lanes<double>: __m512d, 8 lanes, __mmask8    Lanes<float>: __m512, 16 lanes, __mmask16
// Each member is the one intrinsic of its name (loadu, maskz_loadu, storeu, mask_storeu,
// set1, setzero, add, sub, mul, fmadd, fnmadd, mask3_fmadd, reduce_add); tanh and sigmoid
// are tanh_pd, sigmoid_pd or tanh_ps, sigmoid_ps (simd_math.hpp). kWidth lanes per vector; kChunkRows = 8·kWidth rows are the
// largest block a kernel keeps in registers (eight accumulators).
#pragma once

#include "simd_math.hpp"

#if defined(__AVX512F__)

IBLRNN_SIMD_WARNINGS_OFF

namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS {

template <class T>
struct Lanes;

template <>
struct Lanes<double> {
  using V = __m512d;
  using Mask = __mmask8;
  static constexpr long kWidth = 8;
  static constexpr long kChunkRows = 8 * kWidth;
  static V loadu(const double* p) { return _mm512_loadu_pd(p); }
  static V maskz_loadu(Mask m, const double* p) { return _mm512_maskz_loadu_pd(m, p); }
  static void storeu(double* p, V v) { _mm512_storeu_pd(p, v); }
  static void mask_storeu(double* p, Mask m, V v) { _mm512_mask_storeu_pd(p, m, v); }
  static V set1(double a) { return _mm512_set1_pd(a); }
  static V setzero() { return _mm512_setzero_pd(); }
  static V add(V a, V b) { return _mm512_add_pd(a, b); }
  static V sub(V a, V b) { return _mm512_sub_pd(a, b); }
  static V mul(V a, V b) { return _mm512_mul_pd(a, b); }
  static V fmadd(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
  static V fnmadd(V a, V b, V c) { return _mm512_fnmadd_pd(a, b, c); }
  static V mask3_fmadd(V a, V b, V c, Mask m) { return _mm512_mask3_fmadd_pd(a, b, c, m); }
  static double reduce_add(V v) { return _mm512_reduce_add_pd(v); }
  static V tanh(V v) { return tanh_pd(v); }
  static V sigmoid(V v) { return sigmoid_pd(v); }
};

template <>
struct Lanes<float> {
  using V = __m512;
  using Mask = __mmask16;
  static constexpr long kWidth = 16;
  static constexpr long kChunkRows = 8 * kWidth;
  static V loadu(const float* p) { return _mm512_loadu_ps(p); }
  static V maskz_loadu(Mask m, const float* p) { return _mm512_maskz_loadu_ps(m, p); }
  static void storeu(float* p, V v) { _mm512_storeu_ps(p, v); }
  static void mask_storeu(float* p, Mask m, V v) { _mm512_mask_storeu_ps(p, m, v); }
  static V set1(float a) { return _mm512_set1_ps(a); }
  static V setzero() { return _mm512_setzero_ps(); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static V sub(V a, V b) { return _mm512_sub_ps(a, b); }
  static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static V fmadd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V fnmadd(V a, V b, V c) { return _mm512_fnmadd_ps(a, b, c); }
  static V mask3_fmadd(V a, V b, V c, Mask m) { return _mm512_mask3_fmadd_ps(a, b, c, m); }
  static float reduce_add(V v) { return _mm512_reduce_add_ps(v); }
  static V tanh(V v) { return tanh_ps(v); }
  static V sigmoid(V v) { return sigmoid_ps(v); }
};

}  // namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS

IBLRNN_SIMD_WARNINGS_ON

#endif
