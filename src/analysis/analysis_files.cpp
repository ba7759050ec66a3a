#include "iblrnn/analysis/analysis_files.hpp"

#include "iblrnn/analysis/flow_field.hpp"

using namespace iblrnn::io;

namespace iblrnn::analysis {
namespace analysis_files {

const OutputFile summary{"summary.json", "json", "", {}, "", "every scalar (table above)"};
const OutputFile config{"config.toml", "toml", "", {}, "", "the configuration the analysis ran with"};
const OutputFile trial_ends{
    "trial_ends.csv", "csv", "",
    {"trial", "session", "block", "trial_in_block", "block_side", "stim_side", "signal", "choice",
     "pc1", "pc2", "q_stim", "q_block", "p_right_block", "bayes_block_right"},
    "", "one row per trial: its last step in plane and task coordinates, the 2-D decoder's "
        "P(right block) and the observer's β(right) (empty without one)"};
const OutputFile trajectories{
    "trajectories.csv", "csv", "",
    {"step", "trial", "session", "block", "block_side", "trial_in_block", "k", "pc1", "pc2",
     "q_stim", "q_block"},
    "", "every step of the first blocks of each side, each session's first block left out (Fig 4b,c)"};
const OutputFile evidence_velocity{
    "evidence_velocity.csv", "csv", "",
    {"d_lo", "d_hi", "n", "dq_stim_mean", "dq_stim_sem", "dq_block_mean", "dq_block_sem"},
    "", "ΔQ by bin of the evidence d, 24 bins over its central 99 % (A6, Fig 5a,b)"};
const OutputFile block_belief_by_trial{
    "block_belief_by_trial.csv", "csv", "",
    {"block_side", "trial_in_block", "n", "q_block_mean", "q_block_sem", "bayes_scaled_mean"},
    "", "Q_block and the scaled observer belief by trial in block (A8)", true};
const OutputFile fixed_points_table{
    "fixed_points.csv", "csv", "",
    {"condition", "index", "kind", "q", "stable", "max_abs_eigenvalue", "pc1", "pc2", "q_stim",
     "q_block", "n_merged"},
    "", "every fixed and slow point of each held input (A11–A12)", true};
const OutputFile fixed_point_states{"fixed_points/{input}_states.npy", "float64", "(P, S)", {}, "",
                                    "the points' states (h, or h over c)", true};
const OutputFile fixed_point_eigenvalues{"fixed_points/{input}_eigenvalues.npy", "float64",
                                         "(P, S, 2)", {}, "",
                                         "Jacobian eigenvalues (real, imaginary), by decreasing |λ|", true};
const OutputFile slow_point_states{"slow_points/no_stimulus_states.npy", "float64", "(P, S)", {}, "",
                                   "slow points without stimulus by relaxation (A13a)", true};
const OutputFile slow_point_max_abs_eigenvalue{"slow_points/no_stimulus_max_abs_eigenvalue.npy",
                                               "float64", "(P,)", {}, "", "their leading |λ|", true};
const OutputFile flow_grid_pc1{"flow/grid_pc1.npy", "float64", "(n_a,)", {}, "", "PC1 values of the grid"};
const OutputFile flow_grid_pc2{"flow/grid_pc2.npy", "float64", "(n_b,)", {}, "", "PC2 values of the grid"};
const OutputFile flow_empirical{"flow/{input}_empirical.npy", "float64", "(n_b, n_a, 2)", {}, "",
                                "mean recorded (ΔPC1, ΔPC2) per grid cell (A10b)"};
const OutputFile flow_count{"flow/{input}_count.npy", "float64", "(n_b, n_a)", {}, "steps",
                            "recorded steps per grid cell"};
const OutputFile flow_probed{"flow/{input}_probed.npy", "float64", "(n_b, n_a, 2)", {}, "",
                             "the model's (ΔPC1, ΔPC2) at each grid point (A10)", true};
const OutputFile pools_correlation{"pools/correlation.npy", "float64", "(H, H)", {}, "",
                                   "correlation of the units' activity (A15)"};
const OutputFile pools_correlation_reordered{"pools/correlation_reordered.npy", "float64", "(H, H)",
                                             {}, "", "the same, units in pool order"};
const OutputFile pools_W_rec_reordered{"pools/W_rec_reordered.npy", "float64", "(H, H)", {}, "",
                                       "W_rec, units in pool order (A16)"};
const OutputFile pools_linkage{"pools/linkage.npy", "float64", "(H − 1, 4)", {}, "",
                               "complete linkage: left, right, height, size per merge"};
const OutputFile pools_order{"pools/order.npy", "float64", "(H,)", {}, "", "units in pool order"};
const OutputFile pools_pool{"pools/pool.npy", "float64", "(H,)", {}, "", "each unit's pool (0: A, 1: B)"};
const OutputFile pca_explained{"pca/explained.npy", "float64", "(H,)", {}, "fraction",
                               "variance ratio of each PC (A1)"};
const OutputFile pca_mean{"pca/mean.npy", "float64", "(H,)", {}, "", "mean hidden state"};
const OutputFile pca_components{"pca/components.npy", "float64", "(H, H)", {}, "",
                                "row i: component i, oriented (SPEC §5.2)"};
const OutputFile readouts{"readouts.npy", "float64", "(2, H)", {}, "",
                          "rows: stimulus readout, unit full-state block decoder weights"};
const OutputFile readouts_plane{"readouts_plane.npy", "float64", "(2, 2)", {}, "",
                                "rows: in-plane stimulus and block axes u_s, u_b (A9)"};
const OutputFile step_pc{"step_pc.npy", "float64", "(N, 2)", {}, "", "(PC1, PC2) of every step"};

}  // namespace analysis_files

const FileSchema& analysis_file_schema() {
  static const FileSchema schema = [] {
    namespace f = analysis_files;
    FileSchema s;
    s.folder = "analysis";
    s.title = "analysis/ files";
    s.files = {&f::summary, &f::config, &f::trial_ends, &f::trajectories, &f::evidence_velocity,
               &f::block_belief_by_trial, &f::fixed_points_table, &f::fixed_point_states,
               &f::fixed_point_eigenvalues, &f::slow_point_states, &f::slow_point_max_abs_eigenvalue,
               &f::flow_grid_pc1, &f::flow_grid_pc2, &f::flow_empirical, &f::flow_count,
               &f::flow_probed, &f::pools_correlation, &f::pools_correlation_reordered,
               &f::pools_W_rec_reordered, &f::pools_linkage, &f::pools_order, &f::pools_pool,
               &f::pca_explained, &f::pca_mean, &f::pca_components, &f::readouts,
               &f::readouts_plane, &f::step_pc};
    for (const auto& c : six_conditions()) s.placeholders["input"].push_back(c.name);
    return s;
  }();
  return schema;
}

}  // namespace iblrnn::analysis
