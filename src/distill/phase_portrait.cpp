#include "iblrnn/distill/phase_portrait.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "iblrnn/core/error.hpp"

using namespace iblrnn::core;

namespace iblrnn::distill {

PortraitFlow portrait_flow(const TanhMap& map, const Eigen::Ref<const Eigen::VectorXd>& x,
                           double lo, double hi, int n) {
  const char* w = "portrait_flow";
  map.validate(w);
  require(map.n_units() == 2, w, "map", "must have 2 units", map.n_units());
  require(x.size() == map.n_inputs(), w, "x", "must have one entry per input", x.size());
  require(n >= 2, w, "n", "must be >= 2", n);
  require(lo < hi, w, "lo", "must be < hi", lo);
  PortraitFlow f;
  f.axis = Eigen::VectorXd::LinSpaced(n, lo, hi);
  f.d0.resize(n, n);
  f.d1.resize(n, n);
  const Eigen::VectorXd drive = map.B * x + map.c;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      const Eigen::Vector2d z(f.axis(i), f.axis(j));
      const Eigen::Vector2d next = (map.A * z + drive).array().tanh().matrix();
      f.d0(i, j) = next(0) - z(0);
      f.d1(i, j) = next(1) - z(1);
    }
  }
  return f;
}

std::string fixed_point_kind(const Eigen::VectorXcd& eigenvalues, double marginal) {
  int inside = 0, outside = 0, on = 0;
  for (Eigen::Index i = 0; i < eigenvalues.size(); ++i) {
    const double r = std::abs(eigenvalues(i));
    if (std::abs(r - 1.0) < marginal)
      ++on;
    else if (r < 1.0)
      ++inside;
    else
      ++outside;
  }
  if (on > 0) return "marginal";
  if (outside == 0) return "stable";
  if (inside == 0) return "unstable";
  return "saddle";
}

std::vector<PortraitPoint> portrait_fixed_points(const TanhMap& map,
                                                 const Eigen::Ref<const Eigen::VectorXd>& x,
                                                 const PortraitOptions& options) {
  const char* w = "portrait_fixed_points";
  map.validate(w);
  const int m = map.n_units();
  require(m >= 1 && m <= 3, w, "map", "must have 1 to 3 units for a grid of starts", m);
  require(x.size() == map.n_inputs(), w, "x", "must have one entry per input", x.size());
  require(options.n_grid >= 1 && options.n_grid <= 101, w, "n_grid", "must be in [1, 101]",
          options.n_grid);
  const Eigen::VectorXd drive = map.B * x + map.c;
  Eigen::VectorXd axis = Eigen::VectorXd::Zero(1);
  if (options.n_grid > 1) axis = Eigen::VectorXd::LinSpaced(options.n_grid, -0.95, 0.95);
  int n_starts = 1;
  for (int i = 0; i < m; ++i) n_starts *= options.n_grid;

  auto residual_of = [&](const Eigen::VectorXd& z) {
    return Eigen::VectorXd((map.A * z + drive).array().tanh().matrix() - z);
  };
  std::vector<PortraitPoint> found;
  for (int s = 0; s < n_starts; ++s) {
    Eigen::VectorXd z(m);
    for (int i = 0, r = s; i < m; ++i, r /= options.n_grid) z(i) = axis(r % options.n_grid);
    Eigen::VectorXd g = residual_of(z);
    double gn = g.norm();
    // Damped Newton on G(z) = F(z) − z, J_G = diag(1 − F²) A − I; every fixed point lies in
    // (−1, 1)^M because F does, so a step leaving the cube or not reducing ‖G‖ is halved.
    for (int it = 0; it < options.max_iter && gn >= options.tolerance; ++it) {
      const Eigen::VectorXd f = (map.A * z + drive).array().tanh().matrix();
      const Eigen::MatrixXd J = (1.0 - f.array().square()).matrix().asDiagonal() * map.A -
                                Eigen::MatrixXd::Identity(m, m);
      const Eigen::VectorXd dz = J.fullPivLu().solve(-g);
      if (!dz.allFinite()) break;
      double alpha = 1.0;
      bool moved = false;
      for (int h = 0; h < 30; ++h, alpha *= 0.5) {
        const Eigen::VectorXd zn = z + alpha * dz;
        if (zn.cwiseAbs().maxCoeff() >= 1.0) continue;
        const Eigen::VectorXd gnew = residual_of(zn);
        if (gnew.norm() < gn) {
          z = zn;
          g = gnew;
          gn = g.norm();
          moved = true;
          break;
        }
      }
      if (!moved) break;
    }
    if (!(gn < options.tolerance)) continue;
    bool duplicate = false;
    for (const auto& p : found) duplicate = duplicate || (p.z - z).norm() < options.dedupe;
    if (duplicate) continue;
    PortraitPoint p;
    p.z = z;
    p.residual = gn;
    Eigen::EigenSolver<Eigen::MatrixXd> eig(map.jacobian(z, x));
    p.eigenvalues = eig.eigenvalues();
    std::sort(p.eigenvalues.data(), p.eigenvalues.data() + m,
              [](const std::complex<double>& a, const std::complex<double>& b) {
                return std::abs(a) > std::abs(b);
              });
    p.kind = fixed_point_kind(p.eigenvalues, options.marginal);
    found.push_back(std::move(p));
  }
  std::sort(found.begin(), found.end(),
            [](const PortraitPoint& a, const PortraitPoint& b) { return a.z(0) < b.z(0); });
  return found;
}

std::map<std::string, int> portrait_signature(const std::vector<PortraitPoint>& points) {
  std::map<std::string, int> counts;
  for (const auto& p : points) ++counts[p.kind];
  return counts;
}

const std::vector<PortraitInput>& portrait_inputs() {
  static const std::vector<PortraitInput> inputs = {{"left", Eigen::Vector3d(1.2, 0.2, -0.05)},
                                                    {"equal", Eigen::Vector3d(0.2, 0.2, -0.05)},
                                                    {"right", Eigen::Vector3d(0.2, 1.2, -0.05)}};
  return inputs;
}

ModelPortrait model_portrait(const TanhMap& map, int flow_grid, int fixed_point_grid) {
  ModelPortrait out;
  if (map.n_units() != 2) return out;
  PortraitOptions opt;
  opt.n_grid = fixed_point_grid;
  for (const auto& input : portrait_inputs()) {
    InputPortrait p;
    p.input = input.name;
    p.flow = portrait_flow(map, input.x, -1.0, 1.0, flow_grid);
    p.points = portrait_fixed_points(map, input.x, opt);
    p.signature = portrait_signature(p.points);
    out.by_input.push_back(std::move(p));
  }
  return out;
}

bool same_signatures(const std::vector<std::map<std::string, int>>& a,
                     const std::vector<std::map<std::string, int>>& b) {
  require(a.size() == b.size(), "same_signatures", "b", "must list as many inputs as a (" +
          std::to_string(a.size()) + ")", b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

std::vector<double> nearest_point_distances(const std::vector<Eigen::VectorXd>& reference,
                                            const std::vector<PortraitPoint>& points) {
  std::vector<double> out;
  for (const auto& r : reference) {
    double best = std::numeric_limits<double>::infinity();
    for (const auto& p : points) {
      require(p.z.size() == r.size(), "nearest_point_distances", "points", "must have " +
              std::to_string(r.size()) + " coordinates like the reference", p.z.size());
      // The squares are formed before they are summed (no fused multiply-add), so the distance
      // is the same whatever the target's instruction set.
      const Eigen::VectorXd squares = (p.z - r).array().square().matrix();
      double d2 = 0.0;
      for (Eigen::Index i = 0; i < squares.size(); ++i) d2 += squares(i);
      best = std::min(best, std::sqrt(d2));
    }
    out.push_back(best);
  }
  return out;
}

}  // namespace iblrnn::distill
