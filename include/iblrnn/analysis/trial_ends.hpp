// Trial ends (SPEC §5 items 6–7): each trial's last step in plane and task coordinates with the
// 2-D block decoder's P(right block), the trial's summed evidence, and the blocks kept as
// step-level trajectories for Fig 4b,c. Shapes: 2 × n_trials coordinates.
#pragma once

#include "iblrnn/analysis/analysis_config.hpp"
#include "iblrnn/analysis/analysis_result.hpp"
#include "iblrnn/analysis/network_recording.hpp"

namespace iblrnn::analysis {

/// The trial ends of a checked recording in the fitted plane. Trajectories: the first
/// config.n_trajectory_blocks biased blocks of each side, each session's first block left out
/// (it starts from the zero state).
TrialEnds find_trial_ends(const NetworkRecording& rec, const RepresentationPlane& plane,
                          const AnalysisConfig& config);

}  // namespace iblrnn::analysis
