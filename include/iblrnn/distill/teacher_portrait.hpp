// The teacher's side of the phase-portrait comparison (SPEC §6, Fig 8a; docs/distill.md
// eq. D12–D14): the teacher's fixed points under the portrait inputs, found by the analysis
// module's q-minimiser (eq. A11) from visited states and from the RADD plane lifted into the
// state space, their kinds and their images in RADD coordinates; and whether each 2-unit
// model keeps the teacher's portrait. Shapes: H hidden units, S state size (H, or 2H for an
// LSTM's stacked (h, c)), N recorded steps, M = 2 RADD units.
#pragma once

#include <Eigen/Core>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "iblrnn/analysis/analysis_config.hpp"
#include "iblrnn/analysis/network_analysis.hpp"
#include "iblrnn/distill/phase_portrait.hpp"
#include "iblrnn/distill/radd.hpp"
#include "iblrnn/rnn/network.hpp"

namespace iblrnn::distill {

/// A fixed point of the teacher (q < q_tol).
struct TeacherPoint {
  std::string kind;                      // stable | saddle | unstable | marginal (eq. D14)
  double max_abs_eigenvalue = 0;         // |λ|max of the step map's Jacobian
  std::optional<Eigen::VectorXd> z_radd; // (M) its h in RADD coordinates, when projected
};

/// The teacher under one portrait input.
struct TeacherInputPortrait {
  std::string input;  // PortraitInput::name
  std::vector<TeacherPoint> points;
  std::map<std::string, int> signature;  // counts by kind
  int n_slow = 0;                        // starts kept as slow (not fixed) points
};

/// The teacher's portraits under portrait_inputs(), in that order.
struct TeacherPortrait {
  std::string skipped;  // why none was computed ("" when computed)
  std::vector<TeacherInputPortrait> by_input;
};

/// The teacher's fixed points under each portrait input. Starts: analysis.n_fixed_point_starts
/// recorded states evenly spaced in time, plus, when `projection` is given with M = 2 and the
/// state is h alone, an n_grid × n_grid grid of the RADD plane lifted as h = mean + P⁺(s ⊙ z)
/// so that saddles between attractors are reached. An LSTM whose recording has no cell states
/// is skipped with the reason. Throws InvalidInput on bad analysis options.
TeacherPortrait teacher_portrait(const rnn::Network& teacher, const analysis::NetworkRecording& rec,
                                 const analysis::AnalysisConfig& analysis, const RaddProjection* projection,
                                 int n_grid);

/// How the 2-unit models' portraits compare with the teacher's.
struct PortraitComparison {
  std::map<std::string, bool> keeps_teacher_portrait;  // model → same signatures (eq. D14)
  // For RADD, which lives in the teacher's projected coordinates: per input, the distance from
  // each teacher fixed point (with z_radd) to the nearest RADD fixed point (absent when the
  // teacher was skipped or RADD has no 2-unit portrait).
  std::optional<std::vector<std::vector<double>>> radd_distance_to_teacher_points;
};

/// Compares the models' portraits (keyed by model name; a model with no portrait is left
/// out) with the teacher's; nothing is compared when the teacher was skipped.
PortraitComparison compare_portraits(const TeacherPortrait& teacher,
                                     const std::map<std::string, ModelPortrait>& models);

}  // namespace iblrnn::distill
