// The named steps of the distillation study (SPEC §6; docs/distill.md): RADD on a teacher's
// recording (eq. D1–D11), conventional distillation with its settings (eq. D15), one agent on
// the common evaluation session (eq. D17–D18) and the phase portraits of every model with
// their comparison to the teacher's (eq. D12–D14). Each fills one part of DistillResult;
// pipeline::run_distill composes them and writes the files. Shapes: H hidden units, N steps.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "iblrnn/analysis/analysis_config.hpp"
#include "iblrnn/analysis/network_analysis.hpp"
#include "iblrnn/core/progress.hpp"
#include "iblrnn/distill/distill_result.hpp"
#include "iblrnn/task/task_config.hpp"
#include "iblrnn/task/session.hpp"

namespace iblrnn::distill {

/// Per step of the recording (N): 1 where the step starts a session.
std::vector<std::uint8_t> recording_session_starts(const analysis::NetworkRecording& rec);

/// Per step of the recording (N): the block side of its trial (−1, +1; 0 unbiased).
std::vector<std::int8_t> recording_step_blocks(const analysis::NetworkRecording& rec);

/// RADD on the teacher's recording: the projection ([distill] projection; readouts use
/// `analysis`' readout, split and ridge), the scaled closed-form fit, the free run, the
/// optional refinement, the readout gain fitted to the teacher's probabilities `probs`
/// (2 × N, rows left, right) and the closed forms under both scalings. Throws InvalidInput on
/// shapes or options (as fit_radd_dynamics, make_scaled_radd_projection, fit_readout_gain).
RaddResult distill_radd(const rnn::Network& teacher, const analysis::NetworkRecording& rec,
                        const Eigen::Ref<const Eigen::MatrixXd>& probs, const DistillConfig& cfg,
                        const analysis::AnalysisConfig& analysis);

/// Conventional distillation of `teacher` on sessions of `task` with [distill]'s settings.
ConventionalStudy distill_conventional_study(const rnn::Network& teacher, const task::TaskConfig& task,
                                             const DistillConfig& cfg, const core::ProgressFn& progress);

/// `net` (named `name`) plays the sessions `plans` of `task`: accuracy by signal, timeouts,
/// observations per trial and whether it ever acts (eq. D17–D18).
AgentComparison compare_agent(const std::string& name, const rnn::Network& net, const task::TaskConfig& task,
                              const std::vector<task::SessionPlan>& plans);

/// The portraits of the teacher (fixed points only, located by radd.coordinates), of
/// RADD's map and of the 2-unit `students` (name → network; others are left out), and their
/// comparison (eq. D12–D14).
DistillPortraits distill_portraits(const rnn::Network& teacher, const analysis::NetworkRecording& rec,
                                   const RaddResult& radd,
                                   const std::map<std::string, const rnn::Network*>& students,
                                   const DistillConfig& cfg, const analysis::AnalysisConfig& analysis);

}  // namespace iblrnn::distill
