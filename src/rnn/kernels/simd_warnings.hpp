// IBLRNN_SIMD_WARNINGS_OFF / _ON bracket the AVX-512 kernel headers. GCC 12 reports the
// _mm512_undefined_pd() inside several AVX-512 intrinsics (max, rcp14, scalef, …) as used
// uninitialised (GCC bug 105593, fixed in GCC 13); the kernels themselves are not affected.
#pragma once

// The kernel headers are compiled only by kernel_table_isa.cpp, once per kernel set, into the
// namespace iblrnn::rnn::detail::IBLRNN_KERNEL_NS (kernel_table.hpp): each set's copies of these
// inline functions then have their own symbols, so the linker never mixes instruction sets.
#if !defined(IBLRNN_KERNEL_NS)
#error "src/rnn/kernels/*.hpp: include from kernel_table_isa.cpp (IBLRNN_KERNEL_NS undefined)"
#endif

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
