// Independent references for the bayes tests: explicit Gaussian densities and enumeration of
// every block path (no recursion, no sufficient statistics).
#pragma once

#include <cmath>
#include <vector>

#include "iblrnn/task/task_config.hpp"

namespace iblrnn::test {

inline double gauss(double x, double mean, double var) {
  return std::exp(-0.5 * (x - mean) * (x - mean) / var) / std::sqrt(2.0 * M_PI * var);
}

/// P(o_1..o_t | s), o given as (o^L, o^R) pairs, summing every μ outside the product.
inline double obs_likelihood(const task::TaskConfig& task, const std::vector<double>& o_left,
                             const std::vector<double>& o_right, int side, bool d_only) {
  const double var = task.obs_noise_sd * task.obs_noise_sd;
  double total = 0.0;
  for (double mu : task.signals) {
    const double m = task.contrast_gain * mu;
    double prod = 1.0;
    for (std::size_t j = 0; j < o_left.size(); ++j) {
      if (d_only) {
        prod *= gauss(o_right[j] - o_left[j], side * m, 2.0 * var);
      } else {
        prod *= gauss(o_right[j], side > 0 ? m : 0.0, var) * gauss(o_left[j], side < 0 ? m : 0.0, var);
      }
    }
    total += prod / task.signals.size();
  }
  return total;
}

/// Prior probability of a block-side sequence (−1 / +1, or 0 for the unbiased first block of
/// fixed length first_len) under i.i.d. block lengths with `pmf` (element i: P(L = i + 1));
/// `tail_hazard` > 0 extends the law geometrically beyond pmf.size().
inline double path_probability(const std::vector<int>& sides, int first_len,
                               const std::vector<double>& pmf) {
  const int n = static_cast<int>(sides.size());
  for (int i = 0; i < std::min(first_len, n); ++i)
    if (sides[i] != 0) return 0.0;
  if (n <= first_len) return 1.0;
  for (int i = first_len; i < n; ++i)
    if (sides[i] == 0) return 0.0;
  auto f = [&](int len) { return len >= 1 && len <= (int)pmf.size() ? pmf[len - 1] : 0.0; };
  auto survival = [&](int len) {
    double s = 0.0;
    for (int l = len; l <= (int)pmf.size(); ++l) s += f(l);
    return s;
  };
  double p = 0.5;
  int run = 1;
  for (int i = first_len + 1; i < n; ++i) {
    if (sides[i] == sides[i - 1]) {
      ++run;
    } else {
      p *= f(run);
      run = 1;
    }
  }
  return p * survival(run);
}

/// Prior of a side sequence under a Markov chain with switch probability q (first side ½).
inline double markov_path_probability(const std::vector<int>& sides, double q) {
  double p = 0.5;
  for (std::size_t i = 1; i < sides.size(); ++i) p *= sides[i] == sides[i - 1] ? 1.0 - q : q;
  return p;
}

/// All side sequences of length n: trials < first_len are 0, the rest ±1.
inline std::vector<std::vector<int>> all_paths(int n, int first_len) {
  const int free = std::max(0, n - first_len);
  std::vector<std::vector<int>> out;
  for (int bits = 0; bits < (1 << free); ++bits) {
    std::vector<int> sides(n, 0);
    for (int i = 0; i < free; ++i) sides[first_len + i] = (bits >> i) & 1 ? 1 : -1;
    out.push_back(sides);
  }
  return out;
}

/// E(s | b): p_s if s = b, 1 − p_s if s = −b, ½ in the unbiased block.
inline double emission(const task::TaskConfig& task, int s, int b) {
  if (b == 0) return 0.5;
  return s == b ? task.p_stim_concordant : 1.0 - task.p_stim_concordant;
}

}  // namespace iblrnn::test

namespace iblrnn::test {
/// Block belief from enumeration: P(b = −1), P(b = +1), P(s = +1).
struct BlockBeliefRef {
  double left, right, stim_right;
};
}  // namespace iblrnn::test
