#include "iblrnn/analysis/network_dynamics.hpp"

#include <algorithm>
#include <cmath>
#include <future>

#include "iblrnn/core/random.hpp"

using namespace iblrnn::core;

namespace iblrnn::analysis {
namespace {

// The median recorded step length ‖h_t − h_{t−1}‖: the speed scale of the slow sets.
double median_step_length(const Eigen::MatrixXd& hidden) {
  std::vector<double> steps;
  steps.reserve(std::size_t(hidden.cols()));
  for (Eigen::Index t = 1; t < hidden.cols(); ++t)
    steps.push_back((hidden.col(t) - hidden.col(t - 1)).norm());
  std::nth_element(steps.begin(), steps.begin() + steps.size() / 2, steps.end());
  return std::max(steps[steps.size() / 2], 1e-12);
}

// Starts: visited states drawn uniformly (seeded, one stream index per condition).
Eigen::MatrixXd recorded_starts(const NetworkRecording& rec, int n_state, int n_starts,
                                std::uint64_t seed, std::size_t stream) {
  const Eigen::Index H = rec.n_units();
  Rng rng(seed, Stream::fit, stream);
  Eigen::MatrixXd starts(n_state, n_starts);
  for (int j = 0; j < n_starts; ++j) {
    const auto t = static_cast<Eigen::Index>(rng.below(static_cast<std::uint64_t>(rec.n_steps_total())));
    starts.col(j).head(H) = rec.hidden.col(t);
    if (n_state == 2 * H) starts.col(j).tail(H) = rec.cell.col(t);
  }
  return starts;
}

PlanePoint in_plane(const RepresentationPlane& plane, const Eigen::VectorXd& h) {
  const Eigen::Vector2d z = plane.plane().transpose() * (h - plane.pca.mean);
  return {z, Eigen::Vector2d(plane.axes.stimulus.dot(z), plane.axes.block.dot(z))};
}

// The slow set's angles, when its direction has a part in the plane.
std::optional<ManifoldAngles> label_angles(const DynamicsClass& d, const RepresentationPlane& plane) {
  const Eigen::Index H = plane.w_stim.size();
  if (d.direction.size() < H) return std::nullopt;
  const Eigen::VectorXd dir = d.direction.head(H);
  const Eigen::MatrixXd P2 = plane.plane();
  if (!(dir.norm() > 0 && (P2.transpose() * dir).norm() > 1e-9 * dir.norm())) return std::nullopt;
  return manifold_angles(dir, P2, plane.axes.block, plane.axes.stimulus, plane.w_block,
                         plane.angles.definitions.paper2020.block_full);
}

// The slow manifold without stimulus (eq. A13), characterised on the hidden part of the state.
LineAttractorSummary line_attractor(const FixedPointSet& slow, const RepresentationPlane& plane,
                                    double speed_tol, const AnalysisConfig& config) {
  const Eigen::Index H = plane.w_stim.size();
  LineAttractorSummary s;
  s.speed_tol = speed_tol;
  s.n_starts = slow.n_starts;
  s.n_relaxed = slow.n_fixed + slow.n_slow;
  FixedPointSet hs = slow;
  for (auto& p : hs.points) {
    p.h = p.h.head(H).eval();
    Eigen::VectorXd v = p.lead_direction.head(H);
    p.lead_direction = v.norm() > 0 ? Eigen::VectorXd(v.normalized()) : v;
  }
  s.line = characterise_line_attractor(hs, plane.w_block, plane.w_stim, config.line_attractor_lambda);
  const LineAttractor& la = s.line;
  if (la.n_points >= 2) {
    s.has_extent = true;
    // The extent in task coordinates: range of the points' block and stimulus coordinates.
    double qb_lo = 1e300, qb_hi = -1e300, qs_lo = 1e300, qs_hi = -1e300;
    for (const auto& p : hs.points) {
      const Eigen::Vector2d q = in_plane(plane, p.h).q;
      qs_lo = std::min(qs_lo, q(0));
      qs_hi = std::max(qs_hi, q(0));
      qb_lo = std::min(qb_lo, q(1));
      qb_hi = std::max(qb_hi, q(1));
    }
    // The direction inside the plane against the in-plane block axis (angle in [0, 90]).
    const Eigen::Vector2d e2 = plane.plane().transpose() * la.direction;
    if (e2.norm() > 0) {
      const double c2 = std::min(1.0, std::fabs(e2.normalized().dot(plane.axes.block)));
      s.angle_block_plane_deg = std::acos(c2) * 180.0 / 3.14159265358979323846;
      s.direction_in_plane_fraction = e2.norm();
    }
    s.q_block_range = {qb_lo, qb_hi};
    s.q_stim_range = {qs_lo, qs_hi};
    const double visited = plane.q.row(1).maxCoeff() - plane.q.row(1).minCoeff();
    s.q_block_coverage = visited > 0 ? (qb_hi - qb_lo) / visited : 0.0;
  }
  s.is_line_attractor = la.n_points >= 2 && la.fraction_1d > 0.9 &&
                        la.lambda_lead_median >= config.line_attractor_lambda;
  return s;
}

}  // namespace

std::string quadrant(const Eigen::Vector2d& q) {
  return std::string(q(0) >= 0 ? "right" : "left") + "_stim/" + (q(1) >= 0 ? "right" : "left") +
         "_block";
}

bool bistable_concordant(const ConditionDynamics& c) {
  int n_stable = 0;
  bool rr = false, ll = false;
  for (std::size_t k = 0; k < c.fixed.points.size(); ++k) {
    const auto& p = c.fixed.points[k];
    if (!(p.stable && p.is_fixed)) continue;
    ++n_stable;
    const std::string where = quadrant(c.in_plane[k].q);
    rr = rr || where == "right_stim/right_block";
    ll = ll || where == "left_stim/left_block";
  }
  return n_stable == 2 && rr && ll;
}

DynamicsAnalysis analyze_dynamics(const NetworkRecording& rec, const StepMap& map,
                                  const RepresentationPlane& plane, const AnalysisConfig& config) {
  const Eigen::Index H = rec.n_units(), N = rec.n_steps_total();
  FixedPointOptions fopt;
  fopt.max_iter = config.fixed_point_max_iter;
  fopt.q_tol = config.fixed_point_q_tol;
  fopt.slow_q_max = config.slow_point_q_max;
  fopt.dedup = config.fixed_point_dedup;
  DynamicsAnalysis out;
  out.n_state = map.n_state();
  out.median_step = median_step_length(rec.hidden);
  const double speed_tol = config.slow_speed_fraction * out.median_step;
  const auto conditions = six_conditions();
  out.conditions.resize(conditions.size());
  // Conditions are independent: search them on two threads.
  auto run_range = [&](std::size_t lo, std::size_t step) {
    for (std::size_t ci = lo; ci < conditions.size(); ci += step) {
      const Eigen::MatrixXd starts = recorded_starts(
          rec, out.n_state, config.n_fixed_point_starts, std::uint64_t(config.split_seed), ci);
      ConditionDynamics& c = out.conditions[ci];
      c.condition = conditions[ci];
      c.fixed = find_fixed_points(map, c.condition.x, starts, fopt);
      c.slow = relax_to_slow_points(map, c.condition.x, starts, speed_tol, config.slow_max_steps, fopt);
    }
  };
  auto other = std::async(std::launch::async, run_range, 1, 2);
  run_range(0, 2);
  other.get();
  // The visited states in the map's state space (h, or h over c for an LSTM) for the labels.
  Eigen::MatrixXd visited(out.n_state, N);
  visited.topRows(H) = rec.hidden;
  if (out.n_state == 2 * H) visited.bottomRows(H) = rec.cell;
  for (auto& c : out.conditions) {
    for (const auto& p : c.fixed.points) c.in_plane.push_back(in_plane(plane, p.h.head(H)));
    c.label = label_dynamics(map, c.condition.x, c.fixed, c.slow, visited, out.median_step);
    c.angles = label_angles(c.label, plane);
    if (c.condition.name == "no_stimulus")
      out.line_attractor = line_attractor(c.slow, plane, speed_tol, config);
  }
  return out;
}

}  // namespace iblrnn::analysis
