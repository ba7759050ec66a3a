// The whole representation and dynamics analysis of one trained network on one evaluation
// run (SPEC §5 items 1–10; docs/analysis.md eq. A1–A19), in memory, as a composition of named
// steps: the representation plane (representation_plane.hpp), evidence velocities
// (evidence_velocity.hpp), trial ends (trial_ends.hpp), block belief against the Bayesian
// observer (block_belief.hpp), flow fields (network_flow.hpp), fixed/slow points and dynamics
// labels (network_dynamics.hpp) and unit pools (unit_pools.hpp). The result is typed
// (analysis_result.hpp); analysis_summary_json and analysis_outputs turn it into files.
// Shapes: hidden H × N and inputs 3 × N (one column per step, steps session-major).
#pragma once

#include "iblrnn/analysis/analysis_config.hpp"
#include "iblrnn/analysis/analysis_result.hpp"
#include "iblrnn/analysis/network_recording.hpp"
#include "iblrnn/core/progress.hpp"

namespace iblrnn::analysis {

/// Runs SPEC §5 on a recording. Throws InvalidInput on inconsistent shapes or indices, or an
/// invalid config. Solver non-convergence is reported in the result, not thrown.
AnalysisResult analyze_network(const NetworkRecording& rec, const AnalysisConfig& config,
                               const core::ProgressFn& progress = {});

}  // namespace iblrnn::analysis
