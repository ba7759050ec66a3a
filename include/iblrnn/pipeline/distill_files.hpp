// The files of a distill folder (docs/outputs.md "distill/"), written from the typed
// DistillResult: the configuration, RADD's coordinates, free run, error and projection as
// C-order .npy arrays (time leading), the phase-portrait flows, and each reduced model as a
// network folder that `iblrnn eval` accepts (weights plus config.toml of its architecture).
// The 2-unit task-trained network is written by its own training job (task_trained_2/).
#pragma once

#include <string>
#include <vector>

#include "iblrnn/analysis/analysis_files.hpp"
#include "iblrnn/distill/distill_result.hpp"
#include "iblrnn/pipeline/study_config.hpp"

namespace iblrnn::pipeline {

/// A network folder: weights plus `config` with the network's architecture and size.
/// Throws IoError when a file cannot be written.
void write_network_folder(const std::string& dir, const rnn::Network& net, StudyConfig config);

/// The folder's arrays, named by their paths: radd_z.npy (N, M), radd_z_free.npy (N, M),
/// radd_free_run_error.npy (N), radd_projection.npy (M, H), portraits/MODEL_INPUT_flow.npy
/// (n, n, 2), and with conventional distillation conventional_loss.npy (steps).
std::vector<analysis::ArrayOutput> distill_arrays(const distill::DistillResult& result);

/// Writes config.toml (`run_config`), radd/, distill_arrays(result), and with conventional
/// distillation conventional/.
/// Throws IoError when a file cannot be written.
void write_distill_files(const std::string& dir, const distill::DistillResult& result,
                         StudyConfig run_config);

}  // namespace iblrnn::pipeline
