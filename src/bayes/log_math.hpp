// Log-space helpers of the bayes module (private): log(e^a + e^b) and log Σ e^x that accept −∞.
#pragma once

#include <cmath>
#include <limits>

namespace iblrnn::bayes::detail {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

/// log(e^a + e^b); −∞ when both are −∞.
inline double log_add(double a, double b) {
  if (a < b) std::swap(a, b);
  if (a == kNegInf) return kNegInf;
  return a + std::log1p(std::exp(b - a));
}

/// log Σ_i e^{x_i} over n values; −∞ when all are −∞.
inline double log_sum_exp(const double* x, int n) {
  double m = kNegInf;
  for (int i = 0; i < n; ++i) m = x[i] > m ? x[i] : m;
  if (m == kNegInf) return kNegInf;
  double s = 0.0;
  for (int i = 0; i < n; ++i) s += std::exp(x[i] - m);
  return m + std::log(s);
}

/// log p for p in [0, 1] (−∞ at 0).
inline double safe_log(double p) { return p > 0.0 ? std::log(p) : kNegInf; }

}  // namespace iblrnn::bayes::detail
