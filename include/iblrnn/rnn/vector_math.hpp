// Elementwise functions on contiguous arrays for the cells' inner loops.
//   tanh_array:    out_i = tanh(a_i)   computed as 1 − 2 / (exp(2 a_i) + 1)
//   sigmoid_array: out_i = 1 / (1 + exp(−a_i))
// The active kernel set computes them (kernel_set.hpp). With avx512, exp is a degree-13
// Taylor polynomial on the reduced argument r = x − k ln 2 (|r| ≤ ln 2 / 2, truncation error
// < 1e-17) scaled by 2^k, and the reciprocal in tanh is a 14-bit estimate refined by two
// Newton steps (sigmoid divides); the absolute error of tanh and sigmoid is a few 1e-16
// (tests/rnn/test_vector_math.cpp, against std::tanh and std::exp, for every set). The
// generic and avx2 sets run the same formulas on Eigen's exp.
// Arguments are clamped to |a| ≤ 40 (tanh) and |a| ≤ 746 (sigmoid), beyond which the results
// are exact in double (±1, 0 or 1); NaN propagates. in and out may be the same array.
//   row_sums_add:  out_i += Σ_{t < T} A[i, t] for the rows i < m of a column-major A
//                  (leading dimension lda), each row summed in one fixed order whatever the
//                  kernel set (src/rnn/kernels/row_sums.hpp states it); T = 0 adds nothing.
#pragma once

namespace iblrnn::rnn {

void tanh_array(const double* a, double* out, long n);
void sigmoid_array(const double* a, double* out, long n);
void row_sums_add(const double* A, long lda, long m, long T, double* out);

}  // namespace iblrnn::rnn
