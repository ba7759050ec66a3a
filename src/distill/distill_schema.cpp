#include "iblrnn/distill/distill_schema.hpp"

using namespace iblrnn::io;

namespace iblrnn::distill {
namespace {

using T = SummaryType;

// A closed form's members (RaddScaledFit) under `key`.
void add_scaled_fit(std::vector<SummaryKey>& k, const std::string& key, const std::string& what) {
  k.push_back({key, T::object, "", "", what});
  k.push_back({key + "/A", T::numbers, "(M, M)", "", "recurrent matrix of the closed form"});
  k.push_back({key + "/B", T::numbers, "(M, 3)", "", "input matrix (oᴸ, oᴿ, r)"});
  k.push_back({key + "/c", T::numbers, "(M,)", "", "bias"});
  k.push_back({key + "/scale", T::numbers, "(M,)", "", "divisors of the projected coordinates (eq. D2–D2b)"});
  k.push_back({key + "/r2", T::number, "", "", "held-out one-step R² (eq. D5)", false, true});
  k.push_back({key + "/time_constants", T::numbers, "(M,)", "steps",
               "1/(1 − A_ii); null where A_ii ≥ 1 (eq. D11)"});
  k.push_back({key + "/definition", T::text, "", "", "paper2020 (shared) or per_coordinate"});
  k.push_back({key + "/input_drive_ratio", T::number, "", "",
               "M ≥ 2: observation drive of unit 0 over unit 1 (eq. D11)", true, true});
  k.push_back({key + "/block_integrates_slower", T::boolean, "", "",
               "M ≥ 2: τ_0 < τ_1, the block coordinate integrates slower", true});
}

void add_radd(std::vector<SummaryKey>& k) {
  k.push_back({"radd", T::object, "", "", "RADD on the teacher's recording (eq. D1–D11)"});
  k.push_back({"radd/projection", T::text, "", "", "[distill] projection: readouts or pca"});
  k.push_back({"radd/scaling", T::text, "", "", "[distill] radd_scaling: shared or per_coordinate"});
  k.push_back({"radd/n_units", T::integer, "", "units", "M, units of the reduced map"});
  k.push_back({"radd/A", T::numbers, "(M, M)", "", "final recurrent matrix (refined when refined)"});
  k.push_back({"radd/B", T::numbers, "(M, 3)", "", "final input matrix (oᴸ, oᴿ, r)"});
  k.push_back({"radd/c", T::numbers, "(M,)", "", "final bias"});
  k.push_back({"radd/A_closed_form", T::numbers, "(M, M)", "", "A of the least-squares fit (eq. D4)"});
  k.push_back({"radd/B_closed_form", T::numbers, "(M, 3)", "", "B of the least-squares fit"});
  k.push_back({"radd/c_closed_form", T::numbers, "(M,)", "", "c of the least-squares fit"});
  k.push_back({"radd/r2", T::number, "", "", "held-out one-step R² of z (eq. D5)", false, true});
  k.push_back({"radd/r2_train", T::number, "", "", "one-step R² on the fitted transitions", false, true});
  k.push_back({"radd/r2_heldout_per_unit", T::numbers, "(M,)", "", "held-out R² per coordinate"});
  k.push_back({"radd/n_train", T::integer, "", "steps", "transitions fitted"});
  k.push_back({"radd/n_heldout", T::integer, "", "steps", "transitions held out"});
  k.push_back({"radd/n_clipped", T::integer, "", "steps", "targets clipped before arctanh"});
  k.push_back({"radd/scale", T::numbers, "(M,)", "", "divisors under [distill] radd_scaling"});
  k.push_back({"radd/z_init", T::numbers, "(M,)", "", "RADD coordinates of the teacher's zero state"});
  k.push_back({"radd/fit_seconds", T::number, "", "s", "projection, fit, free run, refinement and gain"});
  k.push_back({"radd/seconds_projection", T::number, "", "s", "the projection alone"});
  k.push_back({"radd/seconds_least_squares", T::number, "", "s", "the least squares alone"});
  k.push_back({"radd/gain", T::number, "", "", "readout gain g (eq. D8)", false, true});
  k.push_back({"radd/free_run_error", T::number, "", "", "RMSE of the free run of the final map (eq. D7)",
               false, true});
  k.push_back({"radd/free_run_r2", T::number, "", "", "R² of the free run (eq. D7)", false, true});
  k.push_back({"radd/free_run_error_closed_form", T::number, "", "",
               "RMSE of the closed form's free run, before refinement", false, true});
  k.push_back({"radd/time_constants", T::numbers, "(M,)", "steps", "1/(1 − A_ii) of the final map; null: none"});
  k.push_back({"radd/input_drive_ratio", T::number, "", "",
               "M ≥ 2: observation drive of unit 0 over unit 1 (eq. D11)", true, true});
  k.push_back({"radd/by_scaling", T::object, "", "", "the closed forms under both scalings (eq. D2–D2b)"});
  add_scaled_fit(k, "radd/by_scaling/shared", "one divisor for all coordinates (the 2020 code)");
  add_scaled_fit(k, "radd/by_scaling/per_coordinate", "one divisor per coordinate");
  k.push_back({"radd/refine", T::object, "", "", "the refinement on the free run (eq. D9), with refine_steps > 0",
               true});
  k.push_back({"radd/refine/steps", T::integer, "", "steps", "gradient steps taken"});
  k.push_back({"radd/refine/loss_start", T::number, "", "", "free-running loss before"});
  k.push_back({"radd/refine/loss_end", T::number, "", "", "free-running loss after"});
}

void add_baselines(std::vector<SummaryKey>& k) {
  k.push_back({"conventional", T::object, "", "", "conventional distillation (eq. D15), with conventional_steps > 0",
               true});
  k.push_back({"conventional/steps", T::integer, "", "steps", "gradient steps"});
  k.push_back({"conventional/seconds", T::number, "", "s", "wall time"});
  k.push_back({"conventional/final_loss", T::number, "", "", "mean soft cross-entropy of the last min(100, steps) steps",
               false, true});
  k.push_back({"conventional/diverged", T::boolean, "", "", "a non-finite loss stopped the training early"});
  k.push_back({"conventional/lr", T::number, "", "", "learning rate"});
  k.push_back({"conventional/momentum", T::number, "", "", "SGD momentum"});
  k.push_back({"conventional/n_hidden", T::integer, "", "units", "student units"});
  k.push_back({"task_trained_2", T::object, "", "", "the 2-unit network trained on the task (eq. D16)", true});
  k.push_back({"task_trained_2/steps", T::integer, "", "steps", "gradient steps"});
  k.push_back({"task_trained_2/seconds", T::number, "", "s", "wall time of its training"});
  k.push_back({"task_trained_2/preset", T::text, "", "", "its training preset"});
  k.push_back({"task_trained_2/train_summary", T::map, "train summary.json", "", "its training job's summary"});
}

void add_comparison(std::vector<SummaryKey>& k) {
  k.push_back({"accuracy", T::map, "{agent: accuracy}", "fraction",
               "accuracy on the common session: teacher, radd, conventional, task_trained_2 (eq. D17)"});
  k.push_back({"comparison", T::map,
               "{agent: {accuracy, accuracy_concordant, accuracy_discordant, signed_signal, by_signal_all, "
               "by_signal_concordant, by_signal_discordant, timeout_rate, mean_n_obs}}",
               "", "each agent's accuracy by signed signal s·μ and block concordance (eq. D17)"});
  k.push_back({"action_reach", T::map, "{agent: {max_p_bound, cannot_act, never_acts}}", "",
               "whether each readout can reach the action threshold (eq. D18)"});
  k.push_back({"never_acts", T::texts, "", "", "agents that never act (reported instead of an accuracy)"});
  k.push_back({"comparison_session", T::object, "", "", "the common evaluation session"});
  k.push_back({"comparison_session/eval_seed", T::integer, "", "", "its seed"});
  k.push_back({"comparison_session/n_blocks", T::integer, "", "blocks", "its blocks"});
  k.push_back({"comparison_session/n_trials", T::integer, "", "trials", "its trials"});
}

void add_portraits(std::vector<SummaryKey>& k) {
  const std::string model = "{input: {fixed_points [{z, kind, abs_eigenvalues}], signature {kind: count}}}";
  k.push_back({"portraits", T::object, "", "", "phase portraits and fixed points (eq. D12–D14)"});
  k.push_back({"portraits/inputs", T::map, "{input: (3,)}", "", "the held inputs (oᴸ, oᴿ, r): left, equal, right"});
  k.push_back({"portraits/flow_axis", T::numbers, "(flow_grid,)", "", "grid of each unit of the flow arrays"});
  k.push_back({"portraits/teacher", T::map,
               "{input: {fixed_points [{kind, max_abs_eigenvalue, z_radd}], signature, n_slow_points}} or "
               "{skipped}", "", "the teacher's fixed points and their RADD coordinates"});
  k.push_back({"portraits/radd", T::map, model, "", "RADD's portraits ({} unless M = 2)"});
  k.push_back({"portraits/conventional", T::map, model, "", "the conventional student's (2 units)", true});
  k.push_back({"portraits/task_trained_2", T::map, model, "", "the task-trained network's", true});
  k.push_back({"portraits/keeps_teacher_portrait", T::map, "{model: boolean}", "",
               "same number of fixed points of each kind as the teacher under every input"});
  k.push_back({"portraits/radd_distance_to_teacher_points", T::map, "{input: [distance per teacher point]}", "",
               "distance from each teacher fixed point to the nearest RADD fixed point (null: none)", true});
}

SummarySchema make_schema() {
  SummarySchema s;
  s.folder = "distill";
  s.title = "distill/summary.json";
  auto& k = s.keys;
  k.push_back({"run", T::text, "", "", "the teacher's run folder"});
  k.push_back({"eval_dir", T::text, "", "", "its evaluation folder (the recording)"});
  k.push_back({"teacher", T::object, "", "", "the teacher network"});
  k.push_back({"teacher/arch", T::text, "", "", "cell architecture"});
  k.push_back({"teacher/n_hidden", T::integer, "", "units", "H, hidden units"});
  k.push_back({"teacher/lstm_cell_replay_max_abs_h_error", T::number, "", "",
               "LSTM without recorded cells: largest |h| difference of the replay that recovers c",
               true});
  add_radd(k);
  add_baselines(k);
  add_comparison(k);
  add_portraits(k);
  return s;
}

}  // namespace

const SummarySchema& distill_summary_schema() {
  static const SummarySchema schema = make_schema();
  return schema;
}

}  // namespace iblrnn::distill
