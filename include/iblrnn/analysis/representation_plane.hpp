// The representation plane of a recorded network (SPEC §5 items 1–5; docs/analysis.md eq.
// A1–A5, A9): PCA of the hidden states, the stimulus readout, the block decoders on h and on
// (PC1, PC2), the plane's orientation (SPEC §5.2), the readout angles under both definitions
// and the task-aligned coordinates of every step. Shapes: H units, N steps.
#pragma once

#include "iblrnn/analysis/analysis_config.hpp"
#include "iblrnn/analysis/analysis_result.hpp"
#include "iblrnn/analysis/network_recording.hpp"

namespace iblrnn::analysis {

/// Fits the plane on a checked recording. Throws InvalidInput with fewer than 10 steps in
/// biased blocks or a zero block decoder.
RepresentationPlane fit_representation_plane(const NetworkRecording& rec,
                                             const AnalysisConfig& config);

}  // namespace iblrnn::analysis
