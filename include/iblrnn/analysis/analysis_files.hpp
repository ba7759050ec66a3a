// The files of an analysis folder (docs/outputs.md, "analysis/ files"): one declaration per
// file — path, type, shape or columns, units, meaning — and the writer's in-memory form of the
// .npy arrays and CSV tables, built from the typed result with the declared paths and columns.
// Shapes: H units, N steps, S state size (H, or 2H for an LSTM), P points, grid n_b × n_a.
#pragma once

#include <string>
#include <vector>

#include "iblrnn/analysis/analysis_result.hpp"
#include "iblrnn/analysis/network_recording.hpp"
#include "iblrnn/io/output_schema.hpp"

namespace iblrnn::analysis {

/// The declarations, one per file ("{input}": each of the six held inputs, flow_field.hpp).
namespace analysis_files {
extern const io::OutputFile summary, config;
extern const io::OutputFile trial_ends, trajectories, evidence_velocity, block_belief_by_trial;
extern const io::OutputFile fixed_points_table, fixed_point_states, fixed_point_eigenvalues;
extern const io::OutputFile slow_point_states, slow_point_max_abs_eigenvalue;
extern const io::OutputFile flow_grid_pc1, flow_grid_pc2, flow_empirical, flow_count, flow_probed;
extern const io::OutputFile pools_correlation, pools_correlation_reordered, pools_W_rec_reordered,
    pools_linkage, pools_order, pools_pool;
extern const io::OutputFile pca_explained, pca_mean, pca_components, readouts, readouts_plane, step_pc;
}  // namespace analysis_files

/// Every file of an analysis folder.
const io::FileSchema& analysis_file_schema();

/// A named array for a .npy file (C order, shape as given).
struct ArrayOutput {
  std::string name;                        // relative path, e.g. "flow/left_probed.npy"
  std::vector<std::size_t> shape;
  std::vector<double> data;
};

/// A named table for a CSV file.
struct TableOutput {
  std::string name;                        // relative path, e.g. "trial_ends.csv"
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // formatted cells
};

/// A table as CSV text: the header, then one line per row, cells joined by ','.
std::string csv_text(const TableOutput& table);

/// The arrays and tables of an analysis folder (all but summary.json and config.toml).
struct AnalysisOutputs {
  std::vector<ArrayOutput> arrays;
  std::vector<TableOutput> tables;
};

/// The .npy arrays and CSV tables of `result`, analysed from `rec` (the per-trial columns of
/// the tables come from it). Numbers are written in shortest round-trip form, NaN as "nan".
AnalysisOutputs analysis_outputs(const AnalysisResult& result, const NetworkRecording& rec);

}  // namespace iblrnn::analysis
