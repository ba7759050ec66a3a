// The model-based dynamics of a recorded network (SPEC §5 item 9; docs/analysis.md eq.
// A11–A19): fixed and slow points under each of the six held inputs from recorded starts,
// each input's dynamics label with the slow set's angles to the plane and readouts, and the
// slow manifold without stimulus characterised as a line attractor (A13). The state is h, or
// h stacked over c for an LSTM (S = H or 2H).
#pragma once

#include "iblrnn/analysis/analysis_config.hpp"
#include "iblrnn/analysis/analysis_result.hpp"
#include "iblrnn/analysis/network_recording.hpp"

namespace iblrnn::analysis {

/// Runs the searches (two threads, one seeded start stream per input: results do not depend
/// on the thread count) and labels. `map` has state size H, or 2H with rec.cell recorded.
DynamicsAnalysis analyze_dynamics(const NetworkRecording& rec, const StepMap& map,
                                  const RepresentationPlane& plane, const AnalysisConfig& config);

/// The quadrant of a point in task coordinates, e.g. "right_stim/right_block".
std::string quadrant(const Eigen::Vector2d& q);

/// For a stimulus input: exactly two stable fixed points, in the concordant quadrants
/// (right_stim/right_block and left_stim/left_block; SPEC §5.9).
bool bistable_concordant(const ConditionDynamics& c);

}  // namespace iblrnn::analysis
