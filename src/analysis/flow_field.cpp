#include "iblrnn/analysis/flow_field.hpp"

#include <algorithm>
#include <cmath>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::analysis {

std::vector<InputCondition> six_conditions() {
  return {
      {"left", {1.2, 0.2, -0.05}},
      {"equal", {0.2, 0.2, -0.05}},
      {"right", {0.2, 1.2, -0.05}},
      {"negative_feedback", {0.0, 0.0, -1.0}},
      {"no_stimulus", {0.0, 0.0, 0.0}},
      {"positive_feedback", {0.0, 0.0, 1.0}},
  };
}

bool matches_condition(const InputCondition& c, const Eigen::Vector3d& x, double d_tol) {
  const bool c_blank = c.x(0) == 0.0 && c.x(1) == 0.0;
  const bool x_blank = x(0) == 0.0 && x(1) == 0.0;
  if (c_blank != x_blank) return false;
  if (c_blank) {
    const auto sign = [](double v) { return (v > 0) - (v < 0); };
    return sign(c.x(2)) == sign(x(2));
  }
  return std::fabs((x(1) - x(0)) - (c.x(1) - c.x(0))) <= d_tol;
}

namespace {

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * double(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - double(lo)) * (v[hi] - v[lo]);
}

Eigen::VectorXd linspace(double lo, double hi, int n) {
  if (hi <= lo) {  // a degenerate range still yields a usable grid
    const double pad = std::max(1e-6, std::fabs(lo) * 1e-3);
    lo -= pad;
    hi += pad;
  }
  return Eigen::VectorXd::LinSpaced(n, lo, hi);
}

// Index of the grid value nearest v, or −1 if v lies beyond half a spacing outside the grid.
int nearest(const Eigen::VectorXd& g, double v) {
  const double step = (g(g.size() - 1) - g(0)) / double(g.size() - 1);
  const double pos = (v - g(0)) / step;
  const long i = std::lround(pos);
  if (!(pos > -0.5 && pos < double(g.size()) - 0.5)) return -1;
  return static_cast<int>(std::clamp<long>(i, 0, g.size() - 1));
}

}  // namespace

PlaneGrid grid_over(const Eigen::Ref<const Eigen::MatrixXd>& z, int n, double q) {
  require(z.rows() == 2, "grid_over", "z rows", "must be 2", z.rows());
  require(z.cols() >= 1, "grid_over", "z columns", "must be >= 1", z.cols());
  require(n >= 2, "grid_over", "n", "must be >= 2", n);
  require(q >= 0.0 && q < 0.5, "grid_over", "q", "must be in [0, 0.5)", q);
  PlaneGrid g;
  for (int row = 0; row < 2; ++row) {
    std::vector<double> v(static_cast<std::size_t>(z.cols()));
    for (Eigen::Index i = 0; i < z.cols(); ++i) v[static_cast<std::size_t>(i)] = z(row, i);
    const Eigen::VectorXd axis = linspace(quantile(v, q), quantile(v, 1.0 - q), n);
    (row == 0 ? g.a : g.b) = axis;
  }
  return g;
}

FlowField probe_flow(const StepMap& map, const Pca& pca, const PlaneGrid& grid,
                     const Eigen::Vector3d& x, const StateLift& lift) {
  const Eigen::Index h_size = pca.mean.size();
  require(lift || h_size == map.n_state(), "probe_flow", "PCA units",
          "must equal the map's state size " + std::to_string(map.n_state()), h_size);
  require(pca.components.cols() >= 2, "probe_flow", "PCA components", "must be >= 2",
          pca.components.cols());
  const auto na = grid.a.size(), nb = grid.b.size();
  FlowField f{Eigen::MatrixXd(nb, na), Eigen::MatrixXd(nb, na), Eigen::MatrixXd::Ones(nb, na)};
  const Eigen::MatrixXd P2 = pca.components.leftCols(2);
  for (Eigen::Index j = 0; j < nb; ++j) {
    for (Eigen::Index i = 0; i < na; ++i) {
      const Eigen::VectorXd h = pca.mean + P2 * Eigen::Vector2d(grid.a(i), grid.b(j));
      Eigen::VectorXd next;
      if (lift) {
        const Eigen::VectorXd s = lift(h);
        require(s.size() == map.n_state(), "probe_flow", "lifted state size",
                "must equal the map's state size " + std::to_string(map.n_state()), s.size());
        next = map.step(s, x).head(h_size);
      } else {
        next = map.step(h, x);
      }
      const Eigen::Vector2d dz = P2.transpose() * (next - h);
      f.da(j, i) = dz(0);
      f.db(j, i) = dz(1);
    }
  }
  return f;
}

FlowField empirical_flow(const PlaneGrid& grid, const Eigen::Ref<const Eigen::MatrixXd>& z_prev,
                         const Eigen::Ref<const Eigen::MatrixXd>& z_next) {
  require(z_prev.rows() == 2 && z_next.rows() == 2, "empirical_flow", "z rows", "must be 2",
          z_prev.rows());
  require(z_prev.cols() == z_next.cols(), "empirical_flow", "z_next columns",
          "must equal z_prev columns", z_next.cols());
  require(grid.a.size() >= 2 && grid.b.size() >= 2, "empirical_flow", "grid size",
          "must be >= 2 per axis", std::min(grid.a.size(), grid.b.size()));
  const auto na = grid.a.size(), nb = grid.b.size();
  FlowField f{Eigen::MatrixXd::Zero(nb, na), Eigen::MatrixXd::Zero(nb, na),
              Eigen::MatrixXd::Zero(nb, na)};
  for (Eigen::Index t = 0; t < z_prev.cols(); ++t) {
    const int i = nearest(grid.a, z_prev(0, t));
    const int j = nearest(grid.b, z_prev(1, t));
    if (i < 0 || j < 0) continue;
    f.da(j, i) += z_next(0, t) - z_prev(0, t);
    f.db(j, i) += z_next(1, t) - z_prev(1, t);
    f.count(j, i) += 1.0;
  }
  for (Eigen::Index j = 0; j < nb; ++j)
    for (Eigen::Index i = 0; i < na; ++i)
      if (f.count(j, i) > 0) {
        f.da(j, i) /= f.count(j, i);
        f.db(j, i) /= f.count(j, i);
      }
  return f;
}

}  // namespace iblrnn::analysis
