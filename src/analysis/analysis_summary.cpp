#include "iblrnn/analysis/analysis_summary.hpp"

#include "iblrnn/analysis/network_dynamics.hpp"
#include "iblrnn/io/json_numbers.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;

namespace iblrnn::analysis {
namespace {

using json = nlohmann::json;

json fit_json(const LinearFit& f) {
  return {{"slope", json_number_or_null(f.slope)}, {"intercept", json_number_or_null(f.intercept)}, {"r", json_number_or_null(f.r)},
          {"p", json_number_or_null(f.p)},         {"slope_stderr", json_number_or_null(f.slope_stderr)}, {"n", f.n}};
}

std::vector<double> entries(const Eigen::VectorXd& v) { return {v.data(), v.data() + v.size()}; }

void add_plane(json& S, const RepresentationPlane& p) {
  const BlockDecoders& dec = p.decoders;
  S["block_decoder_train_accuracy_full"] = dec.train_accuracy_full;
  S["block_decoder_accuracy_full"] = dec.accuracy_full;
  S["block_decoder_train_accuracy_pca"] = dec.train_accuracy_plane;
  S["block_decoder_accuracy_pca"] = dec.accuracy_plane;
  S["block_decoder_converged"] = dec.full.converged && dec.plane.converged;
  S["block_decoder_n_train"] = dec.n_train;
  S["block_decoder_n_test"] = dec.n_test;
  S["pca_variance_explained"] = entries(p.pca.explained);
  S["pca_cumulative"] = entries(p.pca.cumulative);
  S["pca_variance_explained_pc12"] = p.pca.cumulative(1);
  S["pca_flipped"] = {{"pc1", p.flipped_pc1}, {"pc2", p.flipped_pc2}};
  const ReadoutAngles& a = p.angles;
  S["readout"] = choice_name(a.readout);
  S["readout_in_plane_fraction"] = a.in_plane_fraction;
  S["block_readout_in_plane_fraction"] = a.block_in_plane_fraction;
  S["readout_angle_full_deg"] = a.full_deg;
  S["readout_angle_pca_deg"] = a.plane_deg;
  S["readout_angle_projected_deg"] = a.projected_deg;
  const ReadoutDefinitions& defs = a.definitions;
  S["readout_angle_full_deg_paper2020"] = defs.paper2020.angle_full_deg;
  S["readout_angle_full_deg_ours"] = defs.ours.angle_full_deg;
  S["readout_angle_plane_deg_paper2020"] = defs.paper2020.angle_plane_deg;
  S["readout_angle_plane_deg_ours"] = defs.ours.angle_plane_deg;
  S["readout_definitions"] = {
      {"block_in_plane_fraction_paper2020", defs.paper2020.block_in_plane_fraction},
      {"block_in_plane_fraction_ours", defs.ours.block_in_plane_fraction},
      {"angle_full_deg_paper2020_difference_readout", defs.angle_full_paper2020_difference_deg},
      {"angle_full_deg_paper2020_lift_with_mean", defs.angle_full_paper2020_with_mean_deg},
      {"angle_plane_deg_paper2020_without_mean", defs.angle_plane_paper2020_no_mean_deg}};
  S["task_axes"] = {{"stimulus_pc", {p.axes.stimulus(0), p.axes.stimulus(1)}},
                    {"block_pc", {p.axes.block(0), p.axes.block(1)}}};
}

void add_velocity(json& S, const VelocityAnalysis& v) {
  S["slope_stimulus"] = fit_json(v.fits.stimulus);
  S["slope_block"] = fit_json(v.fits.block);
  S["slope_ratio_stimulus_over_block"] = json_number_or_null(v.fits.stimulus.slope / v.fits.block.slope);
  S["step_dq"] = {{"feedback_mean", json_number_or_null(v.step_dq.feedback_mean)},
                  {"observation_mean", json_number_or_null(v.step_dq.observation_mean)},
                  {"n_feedback", v.step_dq.n_feedback},
                  {"n_observation", v.step_dq.n_observation}};
}

json block_belief_json(const std::optional<BlockBelief>& bb) {
  if (!bb) return nullptr;
  return {{"scale", json_number_or_null(bb->scale.scale)}, {"r2", json_number_or_null(bb->scale.r2)},
          {"r", json_number_or_null(bb->scale.r)}, {"n", bb->scale.n},
          {"residual_vs_trial_evidence", fit_json(bb->residual_vs_evidence)}};
}

// One input's dynamics label (eq. A17–A19) with its evidence and the slow set's angles.
json dynamics_json(const ConditionDynamics& c) {
  const DynamicsClass& d = c.label;
  json j = {{"label", dynamics_kind_name(d.kind)},
            {"slow_channel", d.slow_channel},
            {"n_stable", d.stable.size()},
            {"n_saddles", d.saddles.size()},
            {"reason", d.reason},
            {"manifold", {{"n_points", d.manifold.n_points},
                          {"fraction_1d", d.manifold.fraction_1d},
                          {"coverage", d.manifold.coverage},
                          {"lambda_lead_median", d.manifold.lambda_lead_median},
                          {"connected_1d", d.manifold.connected_1d}}}};
  if (c.angles)
    j["angles"] = {{"in_plane_fraction", c.angles->in_plane_fraction},
                   {"block_plane_deg", c.angles->block_plane_deg},
                   {"stimulus_plane_deg", c.angles->stimulus_plane_deg},
                   {"block_full_deg_ours", c.angles->block_full_ours_deg},
                   {"block_full_deg_paper2020", c.angles->block_full_paper2020_deg}};
  return j;
}

// One input's fixed points (eq. A11–A12) with its stable points in the plane.
json fixed_points_json(const ConditionDynamics& c, bool stimulus_input) {
  const FixedPointSet& set = c.fixed;
  json js = {{"input", {c.condition.x(0), c.condition.x(1), c.condition.x(2)}},
             {"n_starts", set.n_starts},
             {"n_converged_fixed", set.n_fixed},
             {"n_converged_slow", set.n_slow},
             {"n_discarded", set.n_discarded},
             {"n_points", set.points.size()}};
  json stable = json::array();
  for (std::size_t k = 0; k < set.points.size(); ++k) {
    const auto& p = set.points[k];
    if (!(p.stable && p.is_fixed)) continue;
    const PlanePoint& pp = c.in_plane[k];
    stable.push_back({{"pc1", pp.z(0)}, {"pc2", pp.z(1)}, {"q_stim", pp.q(0)}, {"q_block", pp.q(1)},
                      {"max_abs_eigenvalue", p.max_abs_eigenvalue}, {"quadrant", quadrant(pp.q)}});
  }
  js["n_stable_fixed"] = stable.size();
  js["stable_points"] = stable;
  // Stimulus inputs: bistable with attractors in the concordant quadrants (SPEC §5.9).
  if (stimulus_input) js["bistable_concordant"] = bistable_concordant(c);
  return js;
}

json line_attractor_json(const LineAttractorSummary& s) {
  const LineAttractor& la = s.line;
  json lj = {{"speed_tol", s.speed_tol},
             {"n_starts", s.n_starts},
             {"n_relaxed", s.n_relaxed},
             {"n_points", la.n_points},
             {"n_marginal", la.n_marginal},
             {"extent", la.extent},
             {"fraction_1d", la.fraction_1d},
             {"lambda_lead_median", la.lambda_lead_median},
             {"lambda_lead_min", la.lambda_lead_min},
             {"lambda_lead_max", la.lambda_lead_max},
             {"alignment_block", la.alignment_block},
             {"angle_block_deg", la.angle_block_deg},
             {"alignment_stimulus", la.alignment_stimulus},
             {"eigvec_alignment_block", la.eigvec_alignment_block}};
  if (s.has_extent) {
    if (s.angle_block_plane_deg) lj["angle_block_plane_deg"] = *s.angle_block_plane_deg;
    if (s.direction_in_plane_fraction) lj["direction_in_plane_fraction"] = *s.direction_in_plane_fraction;
    lj["q_block_range"] = {s.q_block_range(0), s.q_block_range(1)};
    lj["q_stim_range"] = {s.q_stim_range(0), s.q_stim_range(1)};
    lj["q_block_coverage"] = s.q_block_coverage;
  }
  lj["is_line_attractor"] = s.is_line_attractor;
  return lj;
}

void add_dynamics(json& S, const AnalysisResult& r) {
  for (const auto& c : r.flow.conditions)
    S["flow_empirical_steps"][c.condition.name] = c.n_empirical_steps;
  S["dynamics_state"] = r.lstm ? "h stacked over c (LSTM)" : "h";
  if (!r.dynamics) {
    S["fixed_points"] = nullptr;
    S["line_attractor"] = nullptr;
    S["dynamics"] = nullptr;
    return;
  }
  for (std::size_t ci = 0; ci < r.dynamics->conditions.size(); ++ci) {
    const ConditionDynamics& c = r.dynamics->conditions[ci];
    S["fixed_points"][c.condition.name] = fixed_points_json(c, ci < 3);
    S["dynamics"][c.condition.name] = dynamics_json(c);
  }
  S["line_attractor"] = line_attractor_json(r.dynamics->line_attractor);
}

void add_pools(json& S, const UnitPools& pools) {
  S["pools"] = {
      {"size", {pools.size[0], pools.size[1]}},
      {"mean_weight_within_a", pools.mean_weight[0][0]},
      {"mean_weight_within_b", pools.mean_weight[1][1]},
      {"mean_weight_a_to_b", pools.mean_weight[1][0]},
      {"mean_weight_b_to_a", pools.mean_weight[0][1]},
      {"mean_correlation_within_a", pools.mean_correlation[0][0]},
      {"mean_correlation_within_b", pools.mean_correlation[1][1]},
      {"mean_correlation_between", pools.mean_correlation[0][1]},
      {"self_excitation", pools.mean_weight[0][0] > 0 && pools.mean_weight[1][1] > 0},
      {"mutual_inhibition", pools.mean_weight[1][0] < 0 && pools.mean_weight[0][1] < 0},
      {"anticorrelated", pools.mean_correlation[0][1] < 0}};
}

}  // namespace

nlohmann::json analysis_summary_json(const AnalysisResult& r) {
  json S;
  S["n_steps"] = r.n_steps;
  S["n_trials"] = r.n_trials;
  S["n_units"] = r.n_units;
  add_plane(S, r.plane);
  add_velocity(S, r.velocity);
  S["block_belief_scale"] = block_belief_json(r.block_belief);
  add_dynamics(S, r);
  add_pools(S, r.pools);
  for (const auto& note : r.notes) S["notes"].push_back(note);
  S["timing_s"] = r.timing_s;
  return S;
}

}  // namespace iblrnn::analysis
