// IBLRNN_SIMD_WARNINGS_OFF / _ON bracket the AVX-512 kernel headers. GCC 12 reports the
// _mm512_undefined_pd() inside several AVX-512 intrinsics (max, rcp14, scalef, …) as used
// uninitialised (GCC bug 105593, fixed in GCC 13); the kernels themselves are not affected.
#pragma once

#if defined(__GNUC__) && !defined(__clang__)
#define IBLRNN_SIMD_WARNINGS_OFF                                      \
  _Pragma("GCC diagnostic push")                                      \
  _Pragma("GCC diagnostic ignored \"-Wuninitialized\"")               \
  _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"")
#define IBLRNN_SIMD_WARNINGS_ON _Pragma("GCC diagnostic pop")
#else
#define IBLRNN_SIMD_WARNINGS_OFF
#define IBLRNN_SIMD_WARNINGS_ON
#endif
