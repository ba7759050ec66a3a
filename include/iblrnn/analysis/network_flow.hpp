// Flow fields of a recorded network in its representation plane (SPEC §5 item 8; docs/
// analysis.md eq. A10–A10c): one grid over the steps' (PC1, PC2), the empirical flow of the
// recorded steps under each of the six held inputs, and the model's flow probed on the grid —
// for an LSTM with the cell state lifted from h by least squares (A10c).
#pragma once

#include "iblrnn/analysis/analysis_config.hpp"
#include "iblrnn/analysis/analysis_result.hpp"
#include "iblrnn/analysis/network_recording.hpp"

namespace iblrnn::analysis {

/// The grid and the empirical flow fields (no model needed) of a checked recording.
FlowAnalysis empirical_flows(const NetworkRecording& rec, const RepresentationPlane& plane,
                             const AnalysisConfig& config);

/// The lift h ↦ (h, C h + c0) with C, c0 fitted on the recorded (h, c) pairs (eq. A10c), so that
/// a plane point has a typical cell state. Needs rec.cell (H × N).
StateLift lstm_state_lift(const NetworkRecording& rec);

/// Adds the probed flow of `map` (state lifted by `lift` when given) to every condition.
void probe_flows(FlowAnalysis& flow, const StepMap& map, const Pca& pca, const StateLift& lift);

}  // namespace iblrnn::analysis
