// Summary statistics of the behavioural curves (docs/behavior.md eq. H1–H3): mean with the
// standard error of the mean (H1; for 0/1 outcomes H2), the median, and the ratio of two
// means with its delta-method standard error (H3, the reward rate).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace iblrnn::behavior {

/// Mean, standard error of the mean and count of a sample; NaN where undefined
/// (mean when n = 0, sem when n < 2).
struct MeanSem {
  double mean = std::nan("");
  double sem = std::nan("");
  std::int64_t n = 0;
};

/// Running mean and variance (Welford), so curves accumulate in one pass.
class Moments {
 public:
  /// Adds one value.
  void add(double v) {
    ++n_;
    const double d = v - mean_;
    mean_ += d / double(n_);
    m2_ += d * (v - mean_);
  }
  std::int64_t n() const { return n_; }
  /// Mean ± SEM with the unbiased sample variance (eq. H1): sem = sqrt(s² / n).
  MeanSem result() const;

 private:
  std::int64_t n_ = 0;
  double mean_ = 0, m2_ = 0;
};

/// Mean ± SEM of `values` (eq. H1).
MeanSem mean_sem(const std::vector<double>& values);

/// Median of `values` (mean of the two middle values when n is even); NaN when empty.
double median(std::vector<double> values);

/// Ratio of means Σy / Σx with the delta-method SEM (eq. H3); y and x paired, same length.
/// Throws InvalidInput if the lengths differ.
MeanSem ratio_of_means(const std::vector<double>& y, const std::vector<double>& x);

}  // namespace iblrnn::behavior
