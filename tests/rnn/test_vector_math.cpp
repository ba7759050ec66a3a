// Vectorised tanh and sigmoid against the C library (closed forms).
#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "iblrnn/rnn/vector_math.hpp"

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

TEST(VectorMath, TanhMatchesTheCLibrary) {
  const std::vector<double> a = grid();
  std::vector<double> out(a.size());
  tanh_array(a.data(), out.data(), static_cast<long>(a.size()));
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(out[i], std::tanh(a[i]), 4.5e-16) << a[i];
}

TEST(VectorMath, SigmoidMatchesTheCLibrary) {
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

TEST(VectorMath, EveryLengthAndInPlace) {
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

TEST(VectorMath, InfinitiesAndNaN) {
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

}  // namespace
}  // namespace iblrnn
