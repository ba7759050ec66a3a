// Phase portraits of 2-unit (any M-unit) tanh maps under a constant input (SPEC §6, Fig 8a;
// docs/distill.md eq. D12–D14): the flow F(z; x) − z on a grid of the state square, and the
// fixed points z* = F(z*; x) found by damped Newton from a grid of starts, deduplicated, with
// the Jacobian's eigenvalues and their kind (stable / saddle / unstable / marginal); the
// study's three held inputs and a map's portraits under them; and the comparison of two
// portraits by their signatures (counts by kind) and by the locations of their points.
#pragma once

#include <Eigen/Core>
#include <map>
#include <string>
#include <vector>

#include "iblrnn/distill/tanh_map.hpp"

namespace iblrnn::distill {

/// The one-step change on a regular n × n grid of a 2-unit map's state plane (eq. D12).
struct PortraitFlow {
  Eigen::VectorXd axis;  // (n) grid coordinates, the same for both units
  Eigen::MatrixXd d0;    // (n × n) change of unit 0 at (axis(i), axis(j)) in row i, column j
  Eigen::MatrixXd d1;    // (n × n) change of unit 1
};

/// Flow of a 2-unit map under input x (n_in) on axis = linspace(lo, hi, n).
/// Throws InvalidInput unless the map has 2 units, n ≥ 2 and lo < hi.
PortraitFlow portrait_flow(const TanhMap& map, const Eigen::Ref<const Eigen::VectorXd>& x,
                           double lo, double hi, int n);

/// A fixed point, its Jacobian's eigenvalues and kind (eq. D13–D14).
struct PortraitPoint {
  Eigen::VectorXd z;             // (M) location
  Eigen::VectorXcd eigenvalues;  // (M) of diag(1 − z²) A, sorted by decreasing modulus
  double residual = 0;           // ‖F(z) − z‖
  std::string kind;              // stable | saddle | unstable | marginal
};

/// Options of the fixed-point search.
struct PortraitOptions {
  int n_grid = 9;            // starts per unit on linspace(−0.95, 0.95, n_grid) (M ≤ 3)
  int max_iter = 100;        // Newton iterations per start
  double tolerance = 1e-12;  // accept when ‖F(z) − z‖ < tolerance
  double dedupe = 1e-6;      // points closer than this are one
  double marginal = 1e-6;    // | |λ| − 1 | below this is marginal
};

/// All fixed points reached from the grid of starts, sorted by the first coordinate.
/// Throws InvalidInput unless 1 ≤ M ≤ 3 and x has n_in entries.
std::vector<PortraitPoint> portrait_fixed_points(const TanhMap& map,
                                                 const Eigen::Ref<const Eigen::VectorXd>& x,
                                                 const PortraitOptions& options = {});

/// Kind of a point with these Jacobian eigenvalues (eq. D14).
std::string fixed_point_kind(const Eigen::VectorXcd& eigenvalues, double marginal = 1e-6);

/// Counts of fixed points by kind, e.g. {"saddle": 1, "stable": 2} — the portrait's signature.
std::map<std::string, int> portrait_signature(const std::vector<PortraitPoint>& points);

/// A held-fixed input of the study's portraits (SPEC §5.8, §6).
struct PortraitInput {
  std::string name;   // left | equal | right
  Eigen::Vector3d x;  // (o^L, o^R, r)
};

/// The three inputs of the study's portraits: strong left, equal, strong right evidence.
const std::vector<PortraitInput>& portrait_inputs();

/// A 2-unit map's portrait under one input: flow, fixed points and their signature.
struct InputPortrait {
  std::string input;  // PortraitInput::name
  PortraitFlow flow;
  std::vector<PortraitPoint> points;
  std::map<std::string, int> signature;
};

/// A map's portraits under portrait_inputs(), in that order (empty when the map does not
/// have 2 units: a plane portrait is not drawn).
struct ModelPortrait {
  std::vector<InputPortrait> by_input;
};

/// The portraits of `map` with flows on linspace(−1, 1, flow_grid) and fixed points from
/// fixed_point_grid starts per unit. Throws InvalidInput like portrait_flow and
/// portrait_fixed_points.
ModelPortrait model_portrait(const TanhMap& map, int flow_grid, int fixed_point_grid);

/// Whether two portraits have the same signature under every input: the same number of fixed
/// points of each kind (eq. D14). Throws InvalidInput unless both list the same inputs.
bool same_signatures(const std::vector<std::map<std::string, int>>& a,
                     const std::vector<std::map<std::string, int>>& b);

/// For each reference location (M), the Euclidean distance to the nearest of `points`
/// (+inf when there is none). Throws InvalidInput when a point's size differs from a
/// reference's.
std::vector<double> nearest_point_distances(const std::vector<Eigen::VectorXd>& reference,
                                            const std::vector<PortraitPoint>& points);

}  // namespace iblrnn::distill
