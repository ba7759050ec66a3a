#include "iblrnn/analysis/analysis_schema.hpp"

using namespace iblrnn::io;

namespace iblrnn::analysis {
namespace {

using T = SummaryType;

// A linear fit's members (analysis/statistics.hpp) under `key`.
void add_fit(std::vector<SummaryKey>& k, const std::string& key, const std::string& what, bool nullable) {
  k.push_back({key, T::object, "", "", what, false, nullable});
  k.push_back({key + "/slope", T::number, "", "", "least-squares slope", false, true});
  k.push_back({key + "/intercept", T::number, "", "", "intercept", false, true});
  k.push_back({key + "/r", T::number, "", "", "Pearson correlation", false, true});
  k.push_back({key + "/p", T::number, "", "", "two-sided p-value of slope = 0 (t test)", false, true});
  k.push_back({key + "/slope_stderr", T::number, "", "", "standard error of the slope", false, true});
  k.push_back({key + "/n", T::integer, "", "samples", "points in the fit"});
}

// Records the recording sizes and what the `iblrnn analyze` job adds around analyze_network.
void add_sizes_and_job(std::vector<SummaryKey>& k) {
  k.push_back({"n_steps", T::integer, "", "steps", "N, steps of the evaluation analysed"});
  k.push_back({"n_trials", T::integer, "", "trials", "trials of the evaluation"});
  k.push_back({"n_units", T::integer, "", "units", "H, hidden units"});
  k.push_back({"run", T::text, "", "", "the analysed network's run folder", true});
  k.push_back({"eval_dir", T::text, "", "", "its evaluation folder (the recording)", true});
  k.push_back({"arch", T::text, "", "", "cell architecture (vanilla, gru, lstm, …)", true});
  k.push_back({"lstm_cell_replay_max_abs_h_error", T::number, "", "",
               "LSTM only: largest |h| difference between the replay that recovers c and the recording", true});
  k.push_back({"observer", T::map, "{accuracy, filter} or {error}", "",
               "the Bayesian observer on the evaluation (block posterior for A8)", true});
}

// The representation plane: PCA, readouts, block decoders, readout angles, task axes (A1–A5, A9).
void add_plane(std::vector<SummaryKey>& k) {
  k.push_back({"pca_variance_explained", T::numbers, "(H,)", "fraction", "variance ratio of each PC (A1)"});
  k.push_back({"pca_cumulative", T::numbers, "(H,)", "fraction", "cumulative variance ratio"});
  k.push_back({"pca_variance_explained_pc12", T::number, "", "fraction", "variance in PC1 + PC2 (SPEC §7)"});
  k.push_back({"pca_flipped", T::object, "", "", "signs flipped by the convention of SPEC §5.2"});
  k.push_back({"pca_flipped/pc1", T::boolean, "", "", "PC1 flipped to point along the stimulus readout"});
  k.push_back({"pca_flipped/pc2", T::boolean, "", "", "PC2 flipped to point along the block decoder"});
  k.push_back({"readout", T::text, "", "", "stimulus readout definition ([analysis] readout)"});
  k.push_back({"readout_in_plane_fraction", T::number, "", "fraction",
               "‖P₂ᵀ w_s‖ / ‖w_s‖, stimulus readout inside the PC plane (A3)"});
  k.push_back({"block_readout_in_plane_fraction", T::number, "", "fraction",
               "the same for the full-state block decoder's weight"});
  k.push_back({"block_decoder_accuracy_full", T::number, "", "fraction",
               "held-out accuracy of the block decoder on h (A4)"});
  k.push_back({"block_decoder_accuracy_pca", T::number, "", "fraction",
               "held-out accuracy of the block decoder on (PC1, PC2) (A5)"});
  k.push_back({"block_decoder_train_accuracy_full", T::number, "", "fraction", "training accuracy, full state"});
  k.push_back({"block_decoder_train_accuracy_pca", T::number, "", "fraction", "training accuracy, plane"});
  k.push_back({"block_decoder_converged", T::boolean, "", "", "both logistic fits converged"});
  k.push_back({"block_decoder_n_train", T::integer, "", "steps", "training steps (biased blocks)"});
  k.push_back({"block_decoder_n_test", T::integer, "", "steps", "held-out steps"});
  k.push_back({"readout_angle_full_deg", T::number, "", "deg", "angle between w_s and the block decoder in ℝᴴ"});
  k.push_back({"readout_angle_pca_deg", T::number, "", "deg",
               "angle between w_s's plane projection and the 2-D block decoder"});
  k.push_back({"readout_angle_projected_deg", T::number, "", "deg",
               "angle between the plane projections of w_s and the full block decoder"});
  // The readout geometry under both definitions (SPEC §5.3–5.4, eq. A3b–A4c).
  k.push_back({"readout_angle_full_deg_paper2020", T::number, "", "deg",
               "paper2020: ∠(right readout row, 2-D block decoder lifted to ℝᴴ, V b) — the paper's 73°"});
  k.push_back({"readout_angle_full_deg_ours", T::number, "", "deg",
               "ours: ∠(stimulus readout, full-state block decoder) (= readout_angle_full_deg)"});
  k.push_back({"readout_angle_plane_deg_paper2020", T::number, "", "deg",
               "paper2020: ∠(Vᵀ(r − m), b), the PCA mean subtracted from a direction — the paper's 68°"});
  k.push_back({"readout_angle_plane_deg_ours", T::number, "", "deg", "ours: ∠(Vᵀ w_s, b) (= readout_angle_pca_deg)"});
  k.push_back({"readout_definitions", T::object, "", "", "variants of the two definitions"});
  k.push_back({"readout_definitions/block_in_plane_fraction_paper2020", T::number, "", "fraction",
               "‖Vᵀ u‖ of the paper2020 block readout (1: it lies in the plane)"});
  k.push_back({"readout_definitions/block_in_plane_fraction_ours", T::number, "", "fraction",
               "‖Vᵀ u‖ of the full-state decoder's unit weights"});
  k.push_back({"readout_definitions/angle_full_deg_paper2020_difference_readout", T::number, "", "deg",
               "paper2020 full-space angle with the difference readout instead of the right row"});
  k.push_back({"readout_definitions/angle_full_deg_paper2020_lift_with_mean", T::number, "", "deg",
               "paper2020 full-space angle with the lift V b + m (sklearn inverse_transform)"});
  k.push_back({"readout_definitions/angle_plane_deg_paper2020_without_mean", T::number, "", "deg",
               "paper2020 in-plane angle without the mean subtraction, ∠(Vᵀ r, b)"});
  k.push_back({"task_axes", T::object, "", "", "task-aligned axes in plane coordinates (A9)"});
  k.push_back({"task_axes/stimulus_pc", T::numbers, "(2,)", "", "u_s in (PC1, PC2)"});
  k.push_back({"task_axes/block_pc", T::numbers, "(2,)", "", "u_b in (PC1, PC2)"});
}

// Evidence velocities (A6–A7), ΔQ per step kind and block belief against the observer (A8).
void add_velocity_and_belief(std::vector<SummaryKey>& k) {
  add_fit(k, "slope_stimulus", "ΔQ_stim against d (A6–A7)", false);
  add_fit(k, "slope_block", "ΔQ_block against d (A6–A7)", false);
  k.push_back({"slope_ratio_stimulus_over_block", T::number, "", "", "stimulus slope / block slope", false, true});
  k.push_back({"step_dq", T::object, "", "", "mean ‖ΔQ‖ per step kind (SPEC §8 C12)"});
  k.push_back({"step_dq/feedback_mean", T::number, "", "", "mean ‖Q_t − Q_{t−1}‖ over steps with feedback r ≠ 0",
               false, true});
  k.push_back({"step_dq/observation_mean", T::number, "", "", "the same over observation steps without feedback",
               false, true});
  k.push_back({"step_dq/n_feedback", T::integer, "", "steps", "feedback steps"});
  k.push_back({"step_dq/n_observation", T::integer, "", "steps", "observation steps"});
  k.push_back({"block_belief_scale", T::object, "", "",
               "Q_block at trial ends against the observer's 2β − 1 (A8)", false, true});
  k.push_back({"block_belief_scale/scale", T::number, "", "", "least-squares scale a in Q ≈ a (2β − 1)", false, true});
  k.push_back({"block_belief_scale/r2", T::number, "", "", "variance explained by the scaled belief", false, true});
  k.push_back({"block_belief_scale/r", T::number, "", "", "correlation", false, true});
  k.push_back({"block_belief_scale/n", T::integer, "", "trials", "trials in the fit"});
  add_fit(k, "block_belief_scale/residual_vs_trial_evidence", "residual against the trial's evidence", false);
}

// Flow fields, fixed points, dynamics labels and the line attractor (A10–A19).
void add_dynamics(std::vector<SummaryKey>& k) {
  k.push_back({"flow_empirical_steps", T::map, "{input: steps}", "steps",
               "recorded steps behind each empirical flow field (A10b)"});
  k.push_back({"dynamics_state", T::text, "", "", "state of the dynamics: h, or h stacked over c (LSTM)"});
  k.push_back({"fixed_points", T::map,
               "{input: {input, n_starts, n_converged_fixed, n_converged_slow, n_discarded, n_points, "
               "n_stable_fixed, stable_points [{pc1, pc2, q_stim, q_block, max_abs_eigenvalue, "
               "quadrant}], bistable_concordant}}",
               "", "fixed and slow points per input condition (A11–A12)", false, true});
  k.push_back({"dynamics", T::map,
               "{input: {label, slow_channel, n_stable, n_saddles, reason, manifold {n_points, fraction_1d, "
               "coverage, lambda_lead_median, connected_1d}, angles {in_plane_fraction, block_plane_deg, "
               "stimulus_plane_deg, block_full_deg_ours, block_full_deg_paper2020}}}",
               "", "each held input's dynamics label: line_attractor | bistable | monostable | other (A17–A19)",
               false, true});
  k.push_back({"line_attractor", T::object, "", "", "slow points without stimulus (A13)", false, true});
  k.push_back({"line_attractor/speed_tol", T::number, "", "", "speed below which a point is slow"});
  k.push_back({"line_attractor/n_starts", T::integer, "", "", "relaxation starts"});
  k.push_back({"line_attractor/n_relaxed", T::integer, "", "", "starts that relaxed to a fixed or slow point"});
  k.push_back({"line_attractor/n_points", T::integer, "", "", "distinct slow points"});
  k.push_back({"line_attractor/n_marginal", T::integer, "", "", "points with a leading |λ| near 1"});
  k.push_back({"line_attractor/extent", T::number, "", "", "spread of the points along their main direction"});
  k.push_back({"line_attractor/fraction_1d", T::number, "", "fraction", "variance of the points along one direction"});
  k.push_back({"line_attractor/lambda_lead_median", T::number, "", "", "median leading |λ|", false, true});
  k.push_back({"line_attractor/lambda_lead_min", T::number, "", "", "smallest leading |λ|", false, true});
  k.push_back({"line_attractor/lambda_lead_max", T::number, "", "", "largest leading |λ|", false, true});
  k.push_back({"line_attractor/alignment_block", T::number, "", "", "|cos| between the line and the block axis", false, true});
  k.push_back({"line_attractor/angle_block_deg", T::number, "", "deg", "angle between the line and the block axis", false, true});
  k.push_back({"line_attractor/alignment_stimulus", T::number, "", "", "|cos| between the line and the stimulus axis", false, true});
  k.push_back({"line_attractor/eigvec_alignment_block", T::number, "", "",
               "|cos| between the leading eigenvectors and the block axis", false, true});
  k.push_back({"line_attractor/angle_block_plane_deg", T::number, "", "deg",
               "angle in the plane between the line and the block axis", true, true});
  k.push_back({"line_attractor/direction_in_plane_fraction", T::number, "", "fraction",
               "part of the line's direction inside the PC plane", true, true});
  k.push_back({"line_attractor/q_block_range", T::numbers, "(2,)", "", "Q_block range of the points", true});
  k.push_back({"line_attractor/q_stim_range", T::numbers, "(2,)", "", "Q_stim range of the points", true});
  k.push_back({"line_attractor/q_block_coverage", T::number, "", "fraction",
               "Q_block range of the points over the range visited", true});
  k.push_back({"line_attractor/is_line_attractor", T::boolean, "", "", "≥ 2 points, 1-D and marginally stable"});
}

// Unit pools (A15–A16), notes and timings.
void add_pools_and_notes(std::vector<SummaryKey>& k) {
  k.push_back({"pools", T::object, "", "", "the two unit pools (A15–A16)"});
  k.push_back({"pools/size", T::numbers, "(2,)", "units", "units in pool A and pool B"});
  k.push_back({"pools/mean_weight_within_a", T::number, "", "", "mean W_rec within pool A"});
  k.push_back({"pools/mean_weight_within_b", T::number, "", "", "mean W_rec within pool B"});
  k.push_back({"pools/mean_weight_a_to_b", T::number, "", "", "mean W_rec from A to B"});
  k.push_back({"pools/mean_weight_b_to_a", T::number, "", "", "mean W_rec from B to A"});
  k.push_back({"pools/mean_correlation_within_a", T::number, "", "", "mean activity correlation within A"});
  k.push_back({"pools/mean_correlation_within_b", T::number, "", "", "mean activity correlation within B"});
  k.push_back({"pools/mean_correlation_between", T::number, "", "", "mean correlation between A and B"});
  k.push_back({"pools/self_excitation", T::boolean, "", "", "both within-pool mean weights > 0"});
  k.push_back({"pools/mutual_inhibition", T::boolean, "", "", "both between-pool mean weights < 0"});
  k.push_back({"pools/anticorrelated", T::boolean, "", "", "between-pool correlation < 0"});
  k.push_back({"notes", T::texts, "", "", "what was skipped and why", true});
  k.push_back({"timing_s", T::map, "{stage: s}", "s", "cumulative wall time after each stage"});
}

SummarySchema make_schema() {
  SummarySchema s;
  s.folder = "analysis";
  s.title = "analysis/summary.json";
  for (auto add : {add_sizes_and_job, add_plane, add_velocity_and_belief, add_dynamics, add_pools_and_notes})
    add(s.keys);
  return s;
}
}  // namespace

const SummarySchema& analysis_summary_schema() {
  static const SummarySchema schema = make_schema();
  return schema;
}

}  // namespace iblrnn::analysis
