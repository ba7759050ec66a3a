#include "iblrnn/rnn/vector_math.hpp"

#include "kernel_table.hpp"

namespace iblrnn::rnn {

// The active kernel set's arrays (kernel_set.hpp; kernels/kernel_table_isa.cpp).
void tanh_array(const double* a, double* out, long n) { detail::kernels().tanh_array(a, out, n); }

void sigmoid_array(const double* a, double* out, long n) { detail::kernels().sigmoid_array(a, out, n); }

void row_sums_add(const double* A, long lda, long m, long T, double* out) {
  detail::kernels().row_sums_add(A, lda, m, T, out);
}

}  // namespace iblrnn::rnn
