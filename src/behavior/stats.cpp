#include "iblrnn/behavior/stats.hpp"

#include <algorithm>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::behavior {

MeanSem Moments::result() const {
  MeanSem r;
  r.n = n_;
  if (n_ == 0) return r;
  r.mean = mean_;
  if (n_ >= 2) r.sem = std::sqrt(std::max(0.0, m2_ / double(n_ - 1)) / double(n_));
  return r;
}

MeanSem mean_sem(const std::vector<double>& values) {
  Moments m;
  for (double v : values) m.add(v);
  return m.result();
}

double median(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  const std::size_t h = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + h, v.end());
  const double hi = v[h];
  if (v.size() % 2) return hi;
  const double lo = *std::max_element(v.begin(), v.begin() + h);
  return 0.5 * (lo + hi);
}

MeanSem ratio_of_means(const std::vector<double>& y, const std::vector<double>& x) {
  require(y.size() == x.size(), "ratio_of_means", "y", "must have as many values as x",
          y.size());
  MeanSem r;
  const std::size_t n = y.size();
  r.n = static_cast<std::int64_t>(n);
  if (n == 0) return r;
  double my = 0, mx = 0;
  for (std::size_t i = 0; i < n; ++i) my += y[i], mx += x[i];
  my /= double(n);
  mx /= double(n);
  if (mx == 0) return r;
  r.mean = my / mx;
  if (n < 2) return r;
  // Delta method: Var(ȳ/x̄) ≈ (s_y² − 2R s_xy + R² s_x²) / (n x̄²)  (eq. H3).
  double syy = 0, sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dy = y[i] - my, dx = x[i] - mx;
    syy += dy * dy, sxx += dx * dx, sxy += dx * dy;
  }
  const double d = double(n - 1), R = r.mean;
  const double var = (syy / d - 2 * R * sxy / d + R * R * sxx / d) / (double(n) * mx * mx);
  r.sem = std::sqrt(std::max(0.0, var));
  return r;
}

}  // namespace iblrnn::behavior
