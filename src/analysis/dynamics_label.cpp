#include "iblrnn/analysis/dynamics_label.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <Eigen/Eigenvalues>

#include "iblrnn/analysis/readout.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/core/format.hpp"

using namespace iblrnn::core;

namespace iblrnn::analysis {
namespace {

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * double(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - double(lo)) * (v[hi] - v[lo]);
}

double median(std::vector<double> v) { return v.empty() ? 0.0 : quantile(std::move(v), 0.5); }

// The [q, 1 − q] range of the visited states along unit direction d.
double visited_range(const Eigen::Ref<const Eigen::MatrixXd>& visited, const Eigen::VectorXd& d,
                     double q) {
  const Eigen::VectorXd p = visited.transpose() * d;
  std::vector<double> v(p.data(), p.data() + p.size());
  return quantile(v, 1.0 - q) - quantile(v, q);
}

SlowManifold describe_manifold(const FixedPointSet& slow,
                               const Eigen::Ref<const Eigen::MatrixXd>& visited,
                               const DynamicsLabelOptions& o) {
  SlowManifold m;
  m.n_points = static_cast<int>(slow.points.size());
  std::vector<double> lead;
  for (const auto& p : slow.points) lead.push_back(p.max_abs_eigenvalue);
  m.lambda_lead_median = median(lead);
  if (m.n_points < 2) return m;
  const Eigen::Index s = slow.points.front().h.size();
  Eigen::MatrixXd P(s, m.n_points);
  for (int i = 0; i < m.n_points; ++i) P.col(i) = slow.points[i].h;
  P.colwise() -= P.rowwise().mean();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(P * P.transpose());
  const double total = es.eigenvalues().sum();
  if (!(total > 0)) return m;
  m.direction = es.eigenvectors().col(s - 1);
  // A deterministic sign: the largest-magnitude entry positive.
  Eigen::Index imax = 0;
  m.direction.cwiseAbs().maxCoeff(&imax);
  if (m.direction(imax) < 0) m.direction = -m.direction;
  m.fraction_1d = es.eigenvalues()(s - 1) / total;
  Eigen::VectorXd proj = P.transpose() * m.direction;
  std::sort(proj.data(), proj.data() + proj.size());
  m.extent = proj(proj.size() - 1) - proj(0);
  for (Eigen::Index i = 1; i < proj.size(); ++i)
    m.largest_gap = std::max(m.largest_gap, proj(i) - proj(i - 1));
  m.visited_range = visited_range(visited, m.direction, o.visited_quantile);
  m.coverage = m.visited_range > 0 ? m.extent / m.visited_range : 0.0;
  m.connected_1d = m.n_points >= o.min_line_points && m.fraction_1d >= o.min_fraction_1d &&
                   m.largest_gap <= o.max_gap * m.extent;
  return m;
}

// Traces both branches of the saddle's unstable manifold (eq. A18b): from saddle ± δ v (v the
// real leading eigenvector, δ = 1e-3 × separation) iterate F until a branch is within
// channel_arrive × separation of a stable point.
SlowChannel trace_channel(const StepMap& map, const Eigen::Vector3d& x,
                          const Eigen::VectorXd& saddle, const Eigen::VectorXd& a,
                          const Eigen::VectorXd& b, double speed_scale,
                          const DynamicsLabelOptions& o) {
  SlowChannel ch;
  Eigen::EigenSolver<Eigen::MatrixXd> es(map.jacobian(saddle, x), true);
  Eigen::Index k = 0;
  es.eigenvalues().cwiseAbs().maxCoeff(&k);
  ch.saddle_lambda = std::abs(es.eigenvalues()(k));
  Eigen::VectorXd v = es.eigenvectors().col(k).real();
  if (v.norm() == 0) return ch;
  v.normalize();
  ch.traced = true;
  const double sep = (b - a).norm(), arrive = o.channel_arrive * sep;
  int end[2] = {-1, -1};
  for (int branch = 0; branch < 2; ++branch) {
    Eigen::VectorXd h = saddle + (branch ? 1e-3 : -1e-3) * sep * v;
    for (int n = 0; n < o.channel_max_steps; ++n) {
      const Eigen::VectorXd next = map.step(h, x);
      ch.max_step = std::max(ch.max_step, (next - h).norm());
      h = next;
      ++ch.n_steps;
      if ((h - a).norm() < arrive) { end[branch] = 0; break; }
      if ((h - b).norm() < arrive) { end[branch] = 1; break; }
    }
  }
  ch.joins = end[0] >= 0 && end[1] >= 0 && end[0] != end[1];
  ch.max_step_relative = ch.max_step / speed_scale;
  ch.slow = ch.joins && ch.max_step_relative <= o.channel_speed;
  return ch;
}

}  // namespace

std::string dynamics_kind_name(DynamicsKind kind) {
  switch (kind) {
    case DynamicsKind::line_attractor: return "line_attractor";
    case DynamicsKind::bistable: return "bistable";
    case DynamicsKind::monostable: return "monostable";
    case DynamicsKind::other: return "other";
  }
  return "other";
}

void DynamicsLabelOptions::validate() const {
  const char* w = "DynamicsLabelOptions";
  require(lambda_tol > 0.0 && lambda_tol < 1.0, w, "lambda_tol", "must be in (0, 1)", lambda_tol);
  require(min_fraction_1d > 0.0 && min_fraction_1d <= 1.0, w, "min_fraction_1d",
          "must be in (0, 1]", min_fraction_1d);
  require(min_coverage > 0.0 && min_coverage <= 1.0, w, "min_coverage", "must be in (0, 1]",
          min_coverage);
  require(max_gap > 0.0 && max_gap <= 1.0, w, "max_gap", "must be in (0, 1]", max_gap);
  require(channel_speed > 0.0, w, "channel_speed", "must be > 0", channel_speed);
  require(channel_arrive > 0.0 && channel_arrive < 0.5, w, "channel_arrive", "must be in (0, 0.5)",
          channel_arrive);
  require(channel_max_steps >= 1, w, "channel_max_steps", "must be >= 1", channel_max_steps);
  require(visited_quantile >= 0.0 && visited_quantile < 0.5, w, "visited_quantile",
          "must be in [0, 0.5)", visited_quantile);
  require(min_line_points >= 2, w, "min_line_points", "must be >= 2", min_line_points);
}

DynamicsClass label_dynamics(const StepMap& map, const Eigen::Vector3d& x,
                             const FixedPointSet& fixed, const FixedPointSet& slow,
                             const Eigen::Ref<const Eigen::MatrixXd>& visited, double speed_scale,
                             const DynamicsLabelOptions& o) {
  o.validate();
  const char* w = "label_dynamics";
  require(visited.cols() >= 2, w, "visited states", "must number >= 2", visited.cols());
  require(visited.rows() == map.n_state(), w, "visited states",
          "must have the map's state size " + std::to_string(map.n_state()), visited.rows());
  require(speed_scale > 0.0 && std::isfinite(speed_scale), w, "speed_scale",
          "must be finite and > 0", speed_scale);
  for (const auto* set : {&fixed, &slow})
    for (const auto& p : set->points)
      require(p.h.size() == visited.rows(), w, "point size",
              "must equal the visited states' size " + std::to_string(visited.rows()),
              p.h.size());
  DynamicsClass c;
  // Stable points and saddles: fixed points only (q < q_tol), by their eigenvalues.
  for (const auto& p : fixed.points) {
    if (!p.is_fixed) continue;
    int n_out = 0;
    for (Eigen::Index i = 0; i < p.eigenvalues.size(); ++i)
      n_out += std::abs(p.eigenvalues(i)) > 1.0 + 1e-9;
    if (std::abs(p.max_abs_eigenvalue - 1.0) <= 1e-9) ++c.n_marginal;
    if (p.stable) c.stable.push_back(p.h);
    else if (n_out == 1) c.saddles.push_back(p.h);
    else if (n_out >= 2) ++c.n_unstable_other;
  }
  c.manifold = describe_manifold(slow, visited, o);
  const SlowManifold& m = c.manifold;
  const int n_stable = static_cast<int>(c.stable.size());

  // Two stable points: is there a saddle between them, and is its unstable manifold slow?
  bool saddle_between = false;
  Eigen::VectorXd through;
  if (n_stable == 2) {
    const Eigen::VectorXd a = c.stable[0], e = c.stable[1] - c.stable[0];
    const double sep2 = e.squaredNorm();
    through = e.normalized();
    const Eigen::VectorXd* between = nullptr;
    for (const auto& s : c.saddles) {
      const double t = (s - a).dot(e) / sep2;
      if (t > 0.0 && t < 1.0 && !between) between = &s;
    }
    saddle_between = between != nullptr;
    if (between)
      c.channel = trace_channel(map, x, *between, c.stable[0], c.stable[1], speed_scale, o);
  }
  const bool line = m.connected_1d && m.coverage >= o.min_coverage &&
                    m.lambda_lead_median >= 1.0 - o.lambda_tol;
  const std::string slow_words =
      std::to_string(m.n_points) + " slow points, 1-D share " + format_3g(m.fraction_1d) +
      ", coverage " + format_3g(m.coverage) + ", median |λ|lead " + format_3g(m.lambda_lead_median);
  if (n_stable == 2 && (saddle_between || !line)) {
    c.kind = DynamicsKind::bistable;
    c.slow_channel = c.channel.slow;
    c.reason = "2 stable points" + std::string(saddle_between ? " with a saddle between" : "");
    if (c.channel.traced)
      c.reason += std::string(c.channel.joins ? "; its unstable manifold joins them" :
                                                "; its unstable manifold does not join them") +
                  " (largest step " + format_3g(c.channel.max_step_relative) + " × the speed scale, " +
                  std::to_string(c.channel.n_steps) + " steps: " +
                  (c.channel.slow ? "a slow channel)" : "not a slow channel)");
    c.reason += "; " + slow_words;
  } else if (line) {
    c.kind = DynamicsKind::line_attractor;
    c.reason = slow_words + "; " + std::to_string(n_stable) + " stable point(s)";
  } else if (n_stable == 1) {
    c.kind = DynamicsKind::monostable;
    c.reason = "1 stable point; no line (" + slow_words + ")";
  } else {
    c.kind = DynamicsKind::other;
    c.reason = std::to_string(n_stable) + " stable points; no line (" + slow_words + ")";
  }
  if (m.direction.size() > 0 && m.n_points >= o.min_line_points &&
      m.fraction_1d >= o.min_fraction_1d)
    c.direction = m.direction;
  else if (n_stable == 2)
    c.direction = through;
  return c;
}

ManifoldAngles manifold_angles(const Eigen::Ref<const Eigen::VectorXd>& d,
                               const Eigen::Ref<const Eigen::MatrixXd>& V,
                               const Eigen::Vector2d& block_plane,
                               const Eigen::Vector2d& stimulus_plane,
                               const Eigen::Ref<const Eigen::VectorXd>& block_full_ours,
                               const Eigen::Ref<const Eigen::VectorXd>& block_full_paper2020) {
  const char* w = "manifold_angles";
  require(V.rows() == d.size() && V.cols() == 2, w, "V", "must be H x 2 with H = size of d",
          V.rows());
  require(block_full_ours.size() == d.size() && block_full_paper2020.size() == d.size(), w,
          "block readouts", "must have the size of d", block_full_ours.size());
  require(d.norm() > 0, w, "d", "must be non-zero", d.norm());
  // Angles between lines, not vectors: fold into [0, 90].
  auto line_angle = [](const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    const double t = angle_deg(a, b);
    return std::min(t, 180.0 - t);
  };
  const Eigen::VectorXd u = d.normalized();
  const Eigen::Vector2d in_plane = V.transpose() * u;
  ManifoldAngles a;
  a.in_plane_fraction = in_plane.norm();
  a.block_plane_deg = line_angle(in_plane, block_plane);
  a.stimulus_plane_deg = line_angle(in_plane, stimulus_plane);
  a.block_full_ours_deg = line_angle(u, block_full_ours);
  a.block_full_paper2020_deg = line_angle(u, block_full_paper2020);
  return a;
}

}  // namespace iblrnn::analysis
