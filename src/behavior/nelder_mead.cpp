#include "iblrnn/behavior/nelder_mead.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::behavior {

NelderMeadResult minimize_nelder_mead(const std::function<double(const Eigen::VectorXd&)>& f,
                                      const Eigen::VectorXd& x0, const Eigen::VectorXd& step,
                                      const NelderMeadOptions& options) {
  require(x0.size() == step.size() && x0.size() >= 1, "minimize_nelder_mead", "step",
          "must have the size of x0 (>= 1)", step.size());
  const Eigen::Index d = x0.size();
  auto eval = [&](const Eigen::VectorXd& x) {
    const double v = f(x);
    return std::isnan(v) ? std::numeric_limits<double>::infinity() : v;
  };
  std::vector<Eigen::VectorXd> v(d + 1, x0);
  std::vector<double> fv(d + 1);
  for (Eigen::Index i = 0; i < d; ++i) v[i + 1](i) += step(i);
  for (Eigen::Index i = 0; i <= d; ++i) fv[i] = eval(v[i]);
  std::vector<Eigen::Index> order(d + 1);

  NelderMeadResult r;
  for (r.iterations = 0; r.iterations < options.max_iterations; ++r.iterations) {
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return fv[a] < fv[b]; });
    const Eigen::Index best = order.front(), worst = order.back(), second = order[d - 1];
    double spread = 0;
    for (Eigen::Index i = 0; i <= d; ++i)
      spread = std::max(spread, (v[i] - v[best]).cwiseAbs().maxCoeff());
    if (fv[worst] - fv[best] <= options.f_tol * (1 + std::abs(fv[best])) &&
        spread <= options.x_tol) {
      r.converged = true;
      break;
    }
    Eigen::VectorXd centroid = Eigen::VectorXd::Zero(d);
    for (Eigen::Index i = 0; i <= d; ++i)
      if (i != worst) centroid += v[i];
    centroid /= double(d);
    const Eigen::VectorXd xr = centroid + (centroid - v[worst]);
    const double fr = eval(xr);
    if (fr < fv[best]) {
      const Eigen::VectorXd xe = centroid + 2.0 * (centroid - v[worst]);
      const double fe = eval(xe);
      if (fe < fr) v[worst] = xe, fv[worst] = fe;
      else v[worst] = xr, fv[worst] = fr;
      continue;
    }
    if (fr < fv[second]) {
      v[worst] = xr, fv[worst] = fr;
      continue;
    }
    // Contraction: outside when the reflection beat the worst vertex, inside otherwise.
    const bool outside = fr < fv[worst];
    const Eigen::VectorXd xc = outside ? Eigen::VectorXd(centroid + 0.5 * (xr - centroid))
                                       : Eigen::VectorXd(centroid + 0.5 * (v[worst] - centroid));
    const double fc = eval(xc);
    if (fc < (outside ? fr : fv[worst])) {
      v[worst] = xc, fv[worst] = fc;
      continue;
    }
    for (Eigen::Index i = 0; i <= d; ++i) {
      if (i == best) continue;
      v[i] = v[best] + 0.5 * (v[i] - v[best]);
      fv[i] = eval(v[i]);
    }
  }
  const auto best = std::min_element(fv.begin(), fv.end()) - fv.begin();
  r.x = v[best];
  r.f = fv[best];
  return r;
}

}  // namespace iblrnn::behavior
