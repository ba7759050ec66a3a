#include "iblrnn/distill/distill_summary.hpp"

#include "iblrnn/io/json_numbers.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;

namespace iblrnn::distill {
namespace {

using json = nlohmann::json;

json signature_json(const std::map<std::string, int>& sig) {
  json j = json::object();
  for (const auto& [k, n] : sig) j[k] = n;
  return j;
}

json scaled_fit_json(const RaddScaledFit& f, bool two_units) {
  json j = {{"A", json_rows(f.fit.map.A)},
            {"B", json_rows(f.fit.map.B)},
            {"c", json_numbers(f.fit.map.c)},
            {"scale", json_numbers(f.projection.scale)},
            {"r2", json_number_or_null(f.fit.r2_heldout)},
            {"time_constants", json_numbers(f.time_constants)},  // null: none (A_ii ≥ 1)
            {"definition", f.scaling == RaddScaling::shared ? "paper2020" : "per_coordinate"}};
  if (two_units) {
    j["input_drive_ratio"] = json_number_or_null(f.input_drive_ratio);
    j["block_integrates_slower"] = f.block_integrates_slower;
  }
  return j;
}

json radd_json(const RaddResult& r) {
  const RaddFit& cf = r.closed_form;
  json j = {{"projection", choice_name(r.projection)},
            {"n_units", r.map.n_units()},
            {"A", json_rows(r.map.A)},
            {"B", json_rows(r.map.B)},
            {"c", json_numbers(r.map.c)},
            {"A_closed_form", json_rows(cf.map.A)},
            {"B_closed_form", json_rows(cf.map.B)},
            {"c_closed_form", json_numbers(cf.map.c)},
            {"r2", json_number_or_null(cf.r2_heldout)},
            {"r2_train", json_number_or_null(cf.r2_train)},
            {"r2_heldout_per_unit", json_numbers(cf.r2_heldout_unit)},
            {"n_train", cf.n_train},
            {"n_heldout", cf.n_heldout},
            {"n_clipped", cf.n_clipped},
            {"scale", json_numbers(r.coordinates.scale)},
            {"z_init", json_numbers(r.z_init)},
            {"fit_seconds", r.seconds.total},
            {"seconds_projection", r.seconds.projection},
            {"seconds_least_squares", r.seconds.least_squares},
            {"gain", r.gain},
            {"free_run_error", r.free_run.rmse},
            {"free_run_r2", json_number_or_null(r.free_run.r2)},
            {"free_run_error_closed_form", r.free_run_closed_form.rmse},
            {"time_constants", json_numbers(r.time_constants)},
            {"scaling", choice_name(r.scaling)}};
  if (r.input_drive_ratio) j["input_drive_ratio"] = json_number_or_null(*r.input_drive_ratio);
  json by_scaling = json::object();
  for (const RaddScaledFit& f : r.by_scaling)
    by_scaling[choice_name(f.scaling)] = scaled_fit_json(f, r.map.n_units() >= 2);
  j["by_scaling"] = by_scaling;
  if (r.refine)
    j["refine"] = {{"steps", r.refine->n_steps_taken},
                   {"loss_start", r.refine->loss_start},
                   {"loss_end", r.refine->loss_end}};
  return j;
}

json accuracy_json(const AgentComparison& c) {
  const SignalAccuracy& a = c.accuracy;
  return {{"accuracy", a.accuracy},
          {"accuracy_concordant", json_number_or_null(a.accuracy_concordant)},
          {"accuracy_discordant", json_number_or_null(a.accuracy_discordant)},
          {"signed_signal", json_numbers(a.signed_signal)},
          {"by_signal_all", json_numbers(a.all)},
          {"by_signal_concordant", json_numbers(a.concordant)},
          {"by_signal_discordant", json_numbers(a.discordant)},
          {"timeout_rate", c.timeout_rate},
          {"mean_n_obs", c.mean_n_obs}};
}

void add_comparison(json& s, const DistillResult& r) {
  json accuracy = json::object(), comparison = json::object(), reaches = json::object();
  json never = json::array();
  for (const AgentComparison& c : r.agents) {
    accuracy[c.name] = c.accuracy.accuracy;
    comparison[c.name] = accuracy_json(c);
    reaches[c.name] = {{"max_p_bound", c.reach.max_p_bound},
                       {"cannot_act", c.reach.cannot_act},
                       {"never_acts", c.never_acts}};
    if (c.never_acts) never.push_back(c.name);
  }
  s["accuracy"] = accuracy;
  s["action_reach"] = reaches;
  s["never_acts"] = never;
  s["comparison"] = comparison;
  s["comparison_session"] = {{"eval_seed", r.session.eval_seed},
                             {"n_blocks", r.session.n_blocks},
                             {"n_trials", r.session.n_trials}};
}

json teacher_portrait_json(const TeacherPortrait& t) {
  json out = json::object();
  if (!t.skipped.empty()) {
    out["skipped"] = t.skipped;
    return out;
  }
  for (const TeacherInputPortrait& p : t.by_input) {
    json pts = json::array();
    for (const TeacherPoint& q : p.points) {
      json j = {{"kind", q.kind}, {"max_abs_eigenvalue", q.max_abs_eigenvalue}};
      if (q.z_radd) j["z_radd"] = json_numbers(*q.z_radd);
      pts.push_back(j);
    }
    out[p.input] = {{"fixed_points", pts},
                    {"signature", signature_json(p.signature)},
                    {"n_slow_points", p.n_slow}};
  }
  return out;
}

json model_portrait_json(const ModelPortrait& m) {
  json out = json::object();
  for (const InputPortrait& p : m.by_input) {
    json pts = json::array();
    for (const PortraitPoint& q : p.points) {
      std::vector<double> mods;
      for (Eigen::Index i = 0; i < q.eigenvalues.size(); ++i)
        mods.push_back(std::abs(q.eigenvalues(i)));
      pts.push_back(
          {{"z", json_numbers(q.z)}, {"kind", q.kind}, {"abs_eigenvalues", json_numbers(mods)}});
    }
    out[p.input] = {{"fixed_points", pts}, {"signature", signature_json(p.signature)}};
  }
  return out;
}

json portraits_json(const DistillPortraits& p) {
  json out;
  out["inputs"] = json::object();
  for (const auto& input : portrait_inputs())
    out["inputs"][input.name] = {input.x(0), input.x(1), input.x(2)};
  out["flow_axis"] =
      json_numbers(Eigen::VectorXd(Eigen::VectorXd::LinSpaced(p.flow_grid, -1.0, 1.0)));
  out["teacher"] = teacher_portrait_json(p.teacher);
  for (const auto& [name, model] : p.models) out[name] = model_portrait_json(model);
  json keeps = json::object();
  for (const auto& [name, same] : p.comparison.keeps_teacher_portrait) keeps[name] = same;
  out["keeps_teacher_portrait"] = keeps;
  if (const auto& d = p.comparison.radd_distance_to_teacher_points) {
    json dist = json::object();
    for (std::size_t i = 0; i < d->size(); ++i)
      dist[p.teacher.by_input[i].input] = json_numbers((*d)[i]);
    out["radd_distance_to_teacher_points"] = dist;
  }
  return out;
}

}  // namespace

json distill_summary_json(const DistillResult& r) {
  json s;
  s["run"] = r.run;
  s["eval_dir"] = r.eval_dir;
  s["teacher"] = {{"arch", choice_name(r.teacher_arch)}, {"n_hidden", r.teacher_n_hidden}};
  if (r.teacher_lstm_cell_replay_error)
    s["teacher"]["lstm_cell_replay_max_abs_h_error"] = *r.teacher_lstm_cell_replay_error;
  if (r.conventional) {
    const ConventionalResult& c = r.conventional->result;
    s["conventional"] = {{"steps", static_cast<int>(c.loss.size())},
                         {"seconds", c.seconds},
                         {"final_loss", c.final_loss},
                         {"diverged", c.diverged},
                         {"lr", r.conventional->lr},
                         {"momentum", r.conventional->momentum},
                         {"n_hidden", r.conventional->n_hidden}};
  }
  if (r.task_trained)
    s["task_trained_2"] = {{"steps", r.task_trained->n_steps},
                           {"seconds", r.task_trained->seconds},
                           {"preset", r.task_trained->preset},
                           {"train_summary", r.task_trained->train_summary}};
  add_comparison(s, r);
  s["portraits"] = portraits_json(r.portraits);
  s["radd"] = radd_json(r.radd);
  return s;
}

}  // namespace iblrnn::distill
