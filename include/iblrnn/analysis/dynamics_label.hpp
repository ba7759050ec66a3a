// The dynamics under one held-fixed input classified from measured criteria (SPEC §5.9;
// docs/analysis.md eq. A17–A19), not asserted: the stable points and saddles of q-minimisation
// (fixed_points.hpp), the slow manifold of relaxation, and one label:
//   line_attractor  the relaxed slow set is one connected 1-D set (share of variance along its
//                   principal direction ≥ min_fraction_1d, largest gap ≤ max_gap × its
//                   extent) spanning ≥ min_coverage of the visited range along that direction,
//                   with median leading |λ| within lambda_tol of 1 — and not two stable points
//                   split by a saddle (that is a bistable system with a slow channel);
//   bistable        two stable points; `slow_channel` when the unstable manifold of a saddle
//                   between them, traced from the saddle, ends at both of them and moves
//                   slowly all along (its largest step ≤ channel_speed × the speed scale,
//                   e.g. the median recorded step);
//   monostable      one stable point (and no line);
//   other           none, or three or more stable points, and no line.
// Angles of the slow manifold's direction (for a bistable system without a slow line: the line
// through its two stable points) with the in-plane task axes and the full-space block readouts
// are in [0, 90] (a direction has no sign). Shapes: states S (S = H, or 2H for an LSTM whose
// hidden part comes first); visited states S × N.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

#include "iblrnn/analysis/fixed_points.hpp"

namespace iblrnn::analysis {

enum class DynamicsKind { line_attractor, bistable, monostable, other };

/// "line_attractor", "bistable", "monostable", "other".
std::string dynamics_kind_name(DynamicsKind kind);

/// Thresholds of the label (docs/analysis.md eq. A18).
struct DynamicsLabelOptions {
  double lambda_tol = 0.05;       // line: median leading |λ| ≥ 1 − lambda_tol (τ ≥ 20 steps)
  double min_fraction_1d = 0.9;   // line/channel: variance share along the principal direction
  double min_coverage = 0.5;      // line: extent ≥ this × visited range along the direction
  double max_gap = 0.2;           // line/channel: largest gap between neighbours ≤ this × extent
  double channel_speed = 0.1;     // channel: largest step along it ≤ this × speed_scale
  double channel_arrive = 0.02;   // channel: a branch has arrived within this × separation
  int channel_max_steps = 10000;  // channel: steps per branch at most
  double visited_quantile = 0.01; // visited range: [q, 1 − q] quantiles of the projections
  int min_line_points = 5;        // line/channel: at least this many relaxed points

  /// Throws InvalidInput("DynamicsLabelOptions: field constraint, got value").
  void validate() const;
};

/// The relaxed slow set as a curve (eq. A17).
struct SlowManifold {
  int n_points = 0;             // relaxed (merged) points
  Eigen::VectorXd direction;    // S, unit principal direction (empty with < 2 points)
  double fraction_1d = 0;       // share of the points' variance along it
  double extent = 0;            // range of the points along it
  double largest_gap = 0;       // largest gap between neighbouring projections along it
  double visited_range = 0;     // [q, 1 − q] range of the visited states along it
  double coverage = 0;          // extent / visited_range
  double lambda_lead_median = 0;  // median leading |λ| over the points
  bool connected_1d = false;    // ≥ min_line_points, fraction_1d and gap criteria met
};

/// The unstable manifold of a saddle between two stable points, traced (eq. A18b).
struct SlowChannel {
  bool traced = false;           // a saddle between the two stable points was traced
  bool joins = false;            // its two branches end at the two different stable points
  double saddle_lambda = 0;      // the saddle's unstable |λ|
  double max_step = 0;           // largest ‖F(h) − h‖ along both branches
  double max_step_relative = 0;  // max_step / speed_scale
  int n_steps = 0;               // steps of both branches together
  bool slow = false;             // joins and max_step_relative ≤ channel_speed
};

/// One input's classified dynamics.
struct DynamicsClass {
  DynamicsKind kind = DynamicsKind::other;
  bool slow_channel = false;             // bistable: a slow channel joins the two stable points
  SlowChannel channel;                   // the traced unstable manifold (bistable only)
  std::vector<Eigen::VectorXd> stable;   // stable fixed points (all |λ| < 1)
  std::vector<Eigen::VectorXd> saddles;  // fixed points with exactly one |λ| > 1
  int n_unstable_other = 0;              // fixed points with ≥ 2 |λ| > 1
  int n_marginal = 0;                    // fixed points with |λ|max = 1 within 1e-9
  SlowManifold manifold;
  Eigen::VectorXd direction;             // S: the slow set's principal direction when it is 1-D,
                                         // else the line through two stable points; else empty
  std::string reason;                    // the measured numbers that decided, in words
};

/// Labels the dynamics of `map` under input x (3) from its q-minimisation points `fixed`
/// (find_fixed_points), its relaxed slow set `slow` (relax_to_slow_points), the visited states
/// (S × N, N ≥ 2) and a speed scale (> 0; e.g. the median recorded step ‖h_t − h_{t−1}‖).
/// Throws InvalidInput on bad options, state sizes that differ, N < 2 or speed_scale ≤ 0.
DynamicsClass label_dynamics(const StepMap& map, const Eigen::Vector3d& x,
                             const FixedPointSet& fixed, const FixedPointSet& slow,
                             const Eigen::Ref<const Eigen::MatrixXd>& visited, double speed_scale,
                             const DynamicsLabelOptions& options = {});

/// Angles (degrees, [0, 90]) of a direction with the task axes (eq. A19).
struct ManifoldAngles {
  double in_plane_fraction = 0;            // ‖Vᵀ d‖ for unit d
  double block_plane_deg = 0;              // ∠(Vᵀ d, in-plane block axis)
  double stimulus_plane_deg = 0;           // ∠(Vᵀ d, in-plane stimulus axis)
  double block_full_ours_deg = 0;          // ∠(d, the full-state decoder's weights)
  double block_full_paper2020_deg = 0;     // ∠(d, the lifted 2-D decoder V b)
};

/// The angles of direction d (H; the hidden part of a state direction) given the plane V
/// (H × 2, orthonormal), the in-plane axes (2-vectors) and the two full-space block readouts
/// (H). Throws InvalidInput on sizes that differ or a zero vector (also a d orthogonal to the
/// plane: its in-plane angles are undefined).
ManifoldAngles manifold_angles(const Eigen::Ref<const Eigen::VectorXd>& d,
                               const Eigen::Ref<const Eigen::MatrixXd>& V,
                               const Eigen::Vector2d& block_plane,
                               const Eigen::Vector2d& stimulus_plane,
                               const Eigen::Ref<const Eigen::VectorXd>& block_full_ours,
                               const Eigen::Ref<const Eigen::VectorXd>& block_full_paper2020);

}  // namespace iblrnn::analysis
