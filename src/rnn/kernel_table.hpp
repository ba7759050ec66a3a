// The dispatch table of the cells' instruction-set kernels (include/iblrnn/rnn/kernel_set.hpp).
// src/rnn/kernels/kernel_table_isa.cpp is compiled once per kernel set (generic x86-64,
// AVX2 + FMA, AVX-512) into the namespaces below; cell.cpp, cell_f32.cpp, bptt.cpp,
// bptt_f32.cpp and vector_math.cpp call the active set through kernels(). Matrices are column-major with the leading
// dimensions named ld*; the storage contracts are those of kernels/small_gemv.hpp (A padded
// to padded_rows(m) rows, padded_rows_f32(m) in float) and kernels/outer_product_sum.hpp.
#pragma once

namespace iblrnn::rnn::detail {

/// Leading dimension satisfying small_gemv.hpp's storage contract for m rows of doubles
/// (a multiple of 8: 64-byte vectors) and of floats (a multiple of 16).
inline long padded_rows(long m) { return (m + 7) / 8 * 8; }
inline long padded_rows_f32(long m) { return (m + 15) / 16 * 16; }
template <class T>
inline long padded_rows_for(long m) {
  return sizeof(T) == 4 ? padded_rows_f32(m) : padded_rows(m);
}

/// The fused cell steps of one precision T (double, or float for the float32 training path):
/// operands padded to padded_rows_for<T>(rows), x and g in T. Null where the set has none.
template <class T>
struct CellSteps {
  /// The fused vanilla steps (vanilla_step.hpp), for 1 ≤ H ≤ vanilla_max_hidden.
  T (*vanilla_step)(const T* Wp, long H, const T* h_prev, const T* Up, const T* x, const T* b,
                    const T* wd, T* h);
  void (*vanilla_backward)(const T* Wtp, long H, const T* h, T g0, T g1, const T* wo0,
                           const T* wo1, T* dh, T* da, T* o0, T* o1);
  void (*vanilla_step2)(const T* Wp, long H, const T* const hp[2], const T* Up,
                        const T* const x[2], const T* b, const T* wd, T* const h[2], T d[2]);
  void (*vanilla_backward2)(const T* Wtp, long H, const T* const h[2], const T* const g[2],
                            const T* wo0, const T* wo1, T* const dh[2], T* const da[2], T* o0,
                            T* o1);

  /// The fused gated steps (gated_step.hpp) for one sequence.
  /// Forward: a_h = W_hh h_prev (W_hh padded as Wp with ldw), then the elementwise pass;
  /// returns w_diff · h. Backward: the elementwise pass, then dh = W_hhᵀ d_ah (+ dh ⊙ z
  /// through the gru's z gate, `direct` is H values of scratch).
  T (*gru_forward)(const T* Wp, long ldw, long H, const T* h_prev, T* a_h, const T* Up, long ldu,
                   const T* x, const T* bi, const T* bh, const T* wd, T* cache);
  T (*lstm_forward)(const T* Wp, long ldw, long H, const T* s_prev, T* a_h, const T* Up,
                    long ldu, const T* x, const T* b, const T* wd, T* cache);
  void (*gru_backward)(const T* Wtp, long ldwt, long H, const T* cache, const T* h_prev, T g0,
                       T g1, const T* wo0, const T* wo1, T* dh, T* o0, T* o1, T* d_ah, T* d_ai,
                       T* direct);
  void (*lstm_backward)(const T* Wtp, long ldwt, long H, const T* cache, const T* c_prev, T g0,
                        T g1, const T* wo0, const T* wo1, T* dh, T* dc, T* o0, T* o1, T* d_ah);
  /// The same for two sequences s = 0, 1 at once (pairs): one pass over W_hh (W_hhᵀ) feeds
  /// both products, then each sequence's elementwise pass; every per-sequence argument of
  /// the steps above becomes a pair, g[s] holds the two logit gradients of sequence s, o0
  /// and o1 are shared, and d receives both logit differences.
  void (*gru_forward2)(const T* Wp, long ldw, long H, const T* const h_prev[2], T* const a_h[2],
                       const T* Up, long ldu, const T* const x[2], const T* bi, const T* bh,
                       const T* wd, T* const cache[2], T d[2]);
  void (*lstm_forward2)(const T* Wp, long ldw, long H, const T* const s_prev[2],
                        T* const a_h[2], const T* Up, long ldu, const T* const x[2], const T* b,
                        const T* wd, T* const cache[2], T d[2]);
  void (*gru_backward2)(const T* Wtp, long ldwt, long H, const T* const cache[2],
                        const T* const h_prev[2], const T* const g[2], const T* wo0,
                        const T* wo1, T* const dh[2], T* o0, T* o1, T* const d_ah[2],
                        T* const d_ai[2], T* const direct[2]);
  void (*lstm_backward2)(const T* Wtp, long ldwt, long H, const T* const cache[2],
                         const T* const c_prev[2], const T* const g[2], const T* wo0,
                         const T* wo1, T* const dh[2], T* const dc[2], T* o0, T* o1,
                         T* const d_ah[2]);
};

struct KernelTable {
  /// y = A x (A: m × n, lda).
  void (*gemv)(const double* A, long lda, long m, long n, const double* x, double* y);
  /// Y = A X (A: m × k padded as above, X: k × n with ldx, Y: m × n with ldy): the
  /// register-blocked GEMV per column (pairs of columns) for n ≤ 16, a GEMM otherwise.
  void (*product)(const double* A, long lda, long m, long k, const double* X, long ldx, long n,
                  double* Y, long ldy);
  /// C (m × n, ldc) += Σ_{t < T} A[:, t] B[:, t]ᵀ (outer_product_sum.hpp).
  void (*outer_product_sum)(const double* A, long lda, long m, const double* B, long ldb, long n,
                            long T, double* C, long ldc);
  /// out[i] += Σ_{t < T} A[i, t] for i < m (A: m × T, lda), in the fixed order of
  /// kernels/row_sums.hpp (the same bits under every set).
  void (*row_sums_add)(const double* A, long lda, long m, long T, double* out);
  /// out = tanh(a), out = σ(a) elementwise (include/iblrnn/rnn/vector_math.hpp).
  void (*tanh_array)(const double* a, double* out, long n);
  void (*sigmoid_array)(const double* a, double* out, long n);

  /// The fused vanilla steps apply for 1 ≤ H ≤ vanilla_max_hidden (0: this set has no fused
  /// steps, and every pointer below is null).
  long vanilla_max_hidden;
  CellSteps<double> f64;
  /// The float32 training path (docs/rnn.md, "Float32 training"): the steps in float and the
  /// outer-product sum in float (lda a multiple of 16).
  CellSteps<float> f32;
  void (*outer_product_sum_f32)(const float* A, long lda, long m, const float* B, long ldb,
                                long n, long T, float* C, long ldc);
};

namespace generic { extern const KernelTable kernel_table; }
namespace avx2 { extern const KernelTable kernel_table; }
namespace avx512 { extern const KernelTable kernel_table; }

/// The active kernel set's table (selected on first use, kernel_set.cpp); throws
/// InvalidInput when IBLRNN_KERNELS names a set this CPU cannot run.
const KernelTable& kernels();

}  // namespace iblrnn::rnn::detail
