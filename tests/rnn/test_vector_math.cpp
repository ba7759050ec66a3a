// Vectorised tanh and sigmoid against the C library (closed forms), under every kernel set
// this CPU runs.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "iblrnn/rnn/vector_math.hpp"
#include "../support/kernel_sets.hpp"

using namespace iblrnn::rnn;

namespace iblrnn {
namespace {

std::vector<double> grid() {
  std::vector<double> a;
  for (int i = 0; i <= 4000; ++i) a.push_back(-50.0 + 100.0 * i / 4000);
  for (double t : {1e-300, 1e-17, 1e-9, 1e-4, 0.3465735902799726, 0.34657359027997275, 19.0, 19.5,
                   700.0, 708.0, 1e6})
    for (double s : {1.0, -1.0}) a.push_back(s * t);
  a.push_back(0.0);
  a.push_back(-0.0);
  return a;
}

class VectorMath : public ::testing::TestWithParam<KernelSet> {};

TEST_P(VectorMath, TanhMatchesTheCLibrary) {
  IBLRNN_USE_KERNEL_SET(GetParam());
  const std::vector<double> a = grid();
  std::vector<double> out(a.size());
  tanh_array(a.data(), out.data(), static_cast<long>(a.size()));
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(out[i], std::tanh(a[i]), 4.5e-16) << a[i];
}

TEST_P(VectorMath, SigmoidMatchesTheCLibrary) {
  IBLRNN_USE_KERNEL_SET(GetParam());
  const std::vector<double> a = grid();
  std::vector<double> out(a.size());
  sigmoid_array(a.data(), out.data(), static_cast<long>(a.size()));
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double expected = a[i] < 0 ? std::exp(a[i]) / (1.0 + std::exp(a[i])) : 1.0 / (1.0 + std::exp(-a[i]));
    EXPECT_NEAR(out[i], expected, 3.5e-16) << a[i];
    if (a[i] < -30 && a[i] > -700) {
      EXPECT_NEAR(out[i] / expected, 1.0, 1e-13) << a[i];  // relative accuracy in the left tail
    }
  }
}

TEST_P(VectorMath, EveryLengthAndInPlace) {
  IBLRNN_USE_KERNEL_SET(GetParam());
  // Lengths around the vector width exercise the masked tail; nothing beyond n is written.
  for (long n = 0; n <= 19; ++n) {
    std::vector<double> a(n + 1), out(n + 1, 7.0);
    for (long i = 0; i < n; ++i) a[i] = 0.37 * static_cast<double>(i) - 3.0;
    tanh_array(a.data(), out.data(), n);
    for (long i = 0; i < n; ++i) EXPECT_NEAR(out[i], std::tanh(a[i]), 4.5e-16);
    EXPECT_EQ(out[n], 7.0);
    std::vector<double> b = a;
    sigmoid_array(b.data(), b.data(), n);
    for (long i = 0; i < n; ++i) EXPECT_NEAR(b[i], 1.0 / (1.0 + std::exp(-a[i])), 3.5e-16);
  }
}

TEST_P(VectorMath, InfinitiesAndNaN) {
  IBLRNN_USE_KERNEL_SET(GetParam());
  const double inf = std::numeric_limits<double>::infinity(), nan = std::nan("");
  const double a[3] = {inf, -inf, nan};
  double t[3], s[3];
  tanh_array(a, t, 3);
  sigmoid_array(a, s, 3);
  EXPECT_EQ(t[0], 1.0);
  EXPECT_EQ(t[1], -1.0);
  EXPECT_TRUE(std::isnan(t[2]));
  EXPECT_EQ(s[0], 1.0);
  EXPECT_EQ(s[1], 0.0);
  EXPECT_TRUE(std::isnan(s[2]));
}

// The same values give the same bits wherever the arrays lie (each offset from a 64-byte
// boundary): a result depends on the value and the set only.
TEST_P(VectorMath, ResultsDoNotDependOnTheArraysAddress) {
  IBLRNN_USE_KERNEL_SET(GetParam());
  const std::vector<double> a = grid();
  const long n = static_cast<long>(a.size());
  std::vector<double> t0(n), s0(n);
  tanh_array(a.data(), t0.data(), n);
  sigmoid_array(a.data(), s0.data(), n);
  for (long offset = 1; offset < 8; ++offset) {
    std::vector<double> in(n + 8), t(n + 8), s(n + 8);
    std::copy(a.begin(), a.end(), in.begin() + offset);
    tanh_array(in.data() + offset, t.data() + offset, n);
    sigmoid_array(in.data() + offset, s.data() + offset, n);
    EXPECT_EQ(std::memcmp(t.data() + offset, t0.data(), sizeof(double) * n), 0) << "offset " << offset;
    EXPECT_EQ(std::memcmp(s.data() + offset, s0.data(), sizeof(double) * n), 0) << "offset " << offset;
  }
}

// Row sums (the bias gradients) against the order kernels/row_sums.hpp states, written out
// here one row at a time: the same bits under every set, for m odd and even, below and above
// a register's lanes, and T on both sides of the blocks of four; and within rounding of the
// plain sum. Values of mixed sign and magnitude, so that another order would show.
TEST_P(VectorMath, RowSumsAddInTheStatedOrder) {
  IBLRNN_USE_KERNEL_SET(GetParam());
  const long lda = 56;
  std::vector<double> A(static_cast<std::size_t>(lda) * 70);
  for (std::size_t k = 0; k < A.size(); ++k)
    A[k] = std::ldexp(std::sin(1.7 * static_cast<double>(k) + 0.3), static_cast<int>(k % 29) - 14);
  for (long m : {1L, 2L, 3L, 7L, 8L, 9L, 16L, 50L, 51L}) {
    for (long T : {0L, 1L, 2L, 3L, 4L, 5L, 6L, 9L, 63L, 64L, 65L}) {
      std::vector<double> out(m), expected(m), plain(m), tolerance(m);
      for (long i = 0; i < m; ++i) out[i] = expected[i] = plain[i] = 0.25 * static_cast<double>(i);
      row_sums_add(A.data(), lda, m, T, out.data());
      for (long i = 0; i < m && T > 0; ++i) {
        auto a = [&](long t) { return A[static_cast<std::size_t>(i + t * lda)]; };
        double s = a(0);
        long t = 1;
        if (i < (m & ~1L)) {
          for (; t < ((T - 1) & ~3L); t += 4) s = s + ((a(t) + a(t + 1)) + (a(t + 2) + a(t + 3)));
        }
        for (; t < T; ++t) s = s + a(t);
        expected[i] += s;
        long double exact = 0, magnitude = 0;
        for (long u = 0; u < T; ++u) {
          exact += a(u);
          magnitude += std::abs(a(u));
        }
        plain[i] += static_cast<double>(exact);
        // Any order of T additions: at most T rounding errors of the partial sums' size.
        tolerance[i] = static_cast<double>(T + 1) * 1.2e-16 * static_cast<double>(magnitude + std::abs(plain[i]));
      }
      EXPECT_EQ(std::memcmp(out.data(), expected.data(), sizeof(double) * m), 0) << "m " << m << " T " << T;
      for (long i = 0; i < m; ++i) EXPECT_NEAR(out[i], plain[i], tolerance[i]) << "m " << m << " T " << T;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(KernelSets, VectorMath, ::testing::ValuesIn(testing::all_kernel_sets()),
                         [](const auto& info) { return std::string(kernel_set_name(info.param)); });

}  // namespace
}  // namespace iblrnn
