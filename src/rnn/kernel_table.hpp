// The dispatch table of the cells' instruction-set kernels (include/iblrnn/rnn/kernel_set.hpp).
// src/rnn/kernels/kernel_table_isa.cpp is compiled once per kernel set (generic x86-64,
// AVX2 + FMA, AVX-512) into the namespaces below; cell.cpp, bptt.cpp and vector_math.cpp
// call the active set through kernels(). Matrices are column-major with the leading
// dimensions named ld*; the storage contracts are those of kernels/small_gemv.hpp (A padded
// to padded_rows(m) rows) and kernels/outer_product_sum.hpp.
#pragma once

namespace iblrnn::rnn::detail {

/// Leading dimension satisfying small_gemv.hpp's storage contract for m rows.
inline long padded_rows(long m) { return (m + 7) / 8 * 8; }

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

  /// The fused vanilla steps (vanilla_step.hpp) apply for 1 ≤ H ≤ vanilla_max_hidden
  /// (0: this set has none, and the four pointers below are null).
  long vanilla_max_hidden;
  double (*vanilla_step)(const double* Wp, long H, const double* h_prev, const double* Up,
                         const double* x, const double* b, const double* wd, double* h);
  void (*vanilla_backward)(const double* Wtp, long H, const double* h, double g0, double g1,
                           const double* wo0, const double* wo1, double* dh, double* da,
                           double* o0, double* o1);
  void (*vanilla_step2)(const double* Wp, long H, const double* const hp[2], const double* Up,
                        const double* const x[2], const double* b, const double* wd,
                        double* const h[2], double d[2]);
  void (*vanilla_backward2)(const double* Wtp, long H, const double* const h[2],
                            const double* const g[2], const double* wo0, const double* wo1,
                            double* const dh[2], double* const da[2], double* o0, double* o1);

  /// The fused gated steps (gated_step.hpp) for one sequence; null where this set has none.
  /// Forward: a_h = W_hh h_prev (W_hh padded as Wp with ldw), then the elementwise pass;
  /// returns w_diff · h. Backward: the elementwise pass, then dh = W_hhᵀ d_ah (+ dh ⊙ z
  /// through the gru's z gate, `direct` is H values of scratch).
  double (*gru_forward)(const double* Wp, long ldw, long H, const double* h_prev, double* a_h,
                        const double* Up, long ldu, const double* x, const double* bi,
                        const double* bh, const double* wd, double* cache);
  double (*lstm_forward)(const double* Wp, long ldw, long H, const double* s_prev, double* a_h,
                         const double* Up, long ldu, const double* x, const double* b,
                         const double* wd, double* cache);
  void (*gru_backward)(const double* Wtp, long ldwt, long H, const double* cache,
                       const double* h_prev, double g0, double g1, const double* wo0,
                       const double* wo1, double* dh, double* o0, double* o1, double* d_ah,
                       double* d_ai, double* direct);
  void (*lstm_backward)(const double* Wtp, long ldwt, long H, const double* cache,
                        const double* c_prev, double g0, double g1, const double* wo0,
                        const double* wo1, double* dh, double* dc, double* o0, double* o1,
                        double* d_ah);
  /// The same for two sequences s = 0, 1 at once (pairs): one pass over W_hh (W_hhᵀ) feeds
  /// both products, then each sequence's elementwise pass; every per-sequence argument of
  /// the steps above becomes a pair, g[s] holds the two logit gradients of sequence s, o0
  /// and o1 are shared, and d receives both logit differences.
  void (*gru_forward2)(const double* Wp, long ldw, long H, const double* const h_prev[2],
                       double* const a_h[2], const double* Up, long ldu, const double* const x[2],
                       const double* bi, const double* bh, const double* wd,
                       double* const cache[2], double d[2]);
  void (*lstm_forward2)(const double* Wp, long ldw, long H, const double* const s_prev[2],
                        double* const a_h[2], const double* Up, long ldu,
                        const double* const x[2], const double* b, const double* wd,
                        double* const cache[2], double d[2]);
  void (*gru_backward2)(const double* Wtp, long ldwt, long H, const double* const cache[2],
                        const double* const h_prev[2], const double* const g[2],
                        const double* wo0, const double* wo1, double* const dh[2], double* o0,
                        double* o1, double* const d_ah[2], double* const d_ai[2],
                        double* const direct[2]);
  void (*lstm_backward2)(const double* Wtp, long ldwt, long H, const double* const cache[2],
                         const double* const c_prev[2], const double* const g[2],
                         const double* wo0, const double* wo1, double* const dh[2],
                         double* const dc[2], double* o0, double* o1, double* const d_ah[2]);
};

namespace generic { extern const KernelTable kernel_table; }
namespace avx2 { extern const KernelTable kernel_table; }
namespace avx512 { extern const KernelTable kernel_table; }

/// The active kernel set's table (selected on first use, kernel_set.cpp); throws
/// InvalidInput when IBLRNN_KERNELS names a set this CPU cannot run.
const KernelTable& kernels();

}  // namespace iblrnn::rnn::detail
