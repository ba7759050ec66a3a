#include "iblrnn/report/claims_from_folder.hpp"

#include <cmath>
#include <limits>
#include <string>

using namespace iblrnn::task;

namespace iblrnn::report {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kLowSignal = 0.5;  // C3: |μ| ≤ this

double number(ReportFolder& f, const std::string& file, const std::string& pointer) {
  return json_number(f.json(file), pointer);
}

// A time constant: null in the summary means none (A_ii ≥ 1), i.e. +inf.
double time_constant(ReportFolder& f, const std::string& pointer) {
  const nlohmann::json* d = f.json("distill/summary.json");
  if (!d) return kNaN;
  const nlohmann::json::json_pointer p(pointer);
  if (!d->contains(p)) return kNaN;
  const auto& v = d->at(p);
  if (v.is_null()) return std::numeric_limits<double>::infinity();
  return v.is_number() ? v.get<double>() : kNaN;
}

// Whether the analysis found a stable point in `quadrant` under `input`; empty if not run.
std::optional<bool> attractor_in(ReportFolder& f, const std::string& input, const std::string& quadrant) {
  const nlohmann::json* a = f.json("analysis/summary.json");
  if (!a || !a->contains("fixed_points") || !(*a)["fixed_points"].is_object()) return std::nullopt;
  const auto& fp = (*a)["fixed_points"];
  if (!fp.contains(input) || !fp[input].contains("stable_points")) return std::nullopt;
  for (const auto& s : fp[input]["stable_points"])
    if (s.value("quadrant", "") == quadrant) return true;
  return false;
}

void read_trials(ReportFolder& f, const std::string& trials_csv, ClaimMeasurements& m) {
  if (!f.exists(trials_csv)) return;
  const TrialTable* t = f.trials(trials_csv);
  if (!t || !t->has_agent) return;
  double early[2] = {0, 0}, late[2] = {0, 0}, conc[2] = {0, 0}, disc[2] = {0, 0};
  for (std::size_t i = 0; i < t->size(); ++i) {
    const double ok = t->correct[i] ? 1.0 : 0.0;
    if (t->signal[i] == 0.0 && t->block_side[i] != 0) {
      const int k = t->trial_in_block[i];
      if (k < 5) early[0] += ok, early[1] += 1;
      if (k >= 19 && k < 40) late[0] += ok, late[1] += 1;
    }
    if (t->signal[i] > 0.0 && t->signal[i] <= kLowSignal && t->block_side[i] != 0) {
      double* c = t->concordant[i] ? conc : disc;
      c[0] += ok;
      c[1] += 1;
    }
  }
  auto mean = [](const double* s) { return s[1] > 0 ? s[0] / s[1] : kNaN; };
  auto half = [](const double* s) {
    if (s[1] <= 0) return kNaN;
    const double p = s[0] / s[1];
    return 1.96 * std::sqrt(p * (1 - p) / s[1]);
  };
  m.zero_signal_early = mean(early);
  m.zero_signal_late = mean(late);
  m.concordant_low = mean(conc);
  m.concordant_low_ci = half(conc);
  m.discordant_low = mean(disc);
  m.discordant_low_ci = half(disc);
}

}  // namespace

ClaimMeasurements read_claim_measurements(ReportFolder& seed_root, ReportFolder& study, std::int64_t seed,
                                          const std::string& eval_dir) {
  ClaimMeasurements m;
  m.seed = seed;
  auto& r = seed_root;
  const std::string an = "analysis/summary.json", di = "distill/summary.json";
  const std::string eval_summary = eval_dir + "/summary.json";
  m.rnn_accuracy = number(r, eval_summary, "/accuracy");
  m.rnn_timeout_rate = number(r, eval_summary, "/timeout_rate");
  m.bayes_actor_accuracy = study.exists("bayes/actor/summary.json")
                               ? number(study, "bayes/actor/summary.json", "/accuracy")
                               : number(r, eval_summary, "/actor_accuracy");
  m.actor_commit_accuracy = number(study, "bayes/actor_commit/summary.json", "/accuracy");
  read_trials(r, eval_dir + "/trials.csv", m);
  m.pc12_variance = number(r, an, "/pca_variance_explained_pc12");
  m.stimulus_in_plane = number(r, an, "/readout_in_plane_fraction");
  m.block_decoder_full = number(r, an, "/block_decoder_accuracy_full");
  m.block_decoder_2d = number(r, an, "/block_decoder_accuracy_pca");
  m.angle_full_paper2020 = number(r, an, "/readout_angle_full_deg_paper2020");
  m.angle_full_ours = number(r, an, "/readout_angle_full_deg_ours");
  m.angle_plane_paper2020 = number(r, an, "/readout_angle_plane_deg_paper2020");
  m.angle_plane_ours = number(r, an, "/readout_angle_plane_deg_ours");
  m.slope_stimulus = number(r, an, "/slope_stimulus/slope");
  m.slope_block = number(r, an, "/slope_block/slope");
  m.slope_stimulus_p = number(r, an, "/slope_stimulus/p");
  m.slope_block_p = number(r, an, "/slope_block/p");
  m.block_bayes_correlation = number(r, an, "/block_belief_scale/r");
  m.left_concordant_attractor = attractor_in(r, "left", "left_stim/left_block");
  m.right_concordant_attractor = attractor_in(r, "right", "right_stim/right_block");
  if (const nlohmann::json* a = r.json(an); a && a->contains("dynamics") && (*a)["dynamics"].is_object() &&
                                            (*a)["dynamics"].contains("no_stimulus")) {
    const auto& d = (*a)["dynamics"]["no_stimulus"];
    m.no_stimulus_label = d.value("label", "");
    m.no_stimulus_slow_channel = d.value("slow_channel", false);
    m.no_stimulus_angle_block_plane = number(r, an, "/dynamics/no_stimulus/angles/block_plane_deg");
  }
  m.feedback_dq = number(r, an, "/step_dq/feedback_mean");
  m.observation_dq = number(r, an, "/step_dq/observation_mean");
  m.pool_between_correlation = number(r, an, "/pools/mean_correlation_between");
  m.pool_within_weight_a = number(r, an, "/pools/mean_weight_within_a");
  m.pool_within_weight_b = number(r, an, "/pools/mean_weight_within_b");
  m.pool_between_weight_ab = number(r, an, "/pools/mean_weight_a_to_b");
  m.pool_between_weight_ba = number(r, an, "/pools/mean_weight_b_to_a");
  m.radd_accuracy = number(r, di, "/accuracy/radd");
  m.teacher_accuracy = number(r, di, "/accuracy/teacher");
  if (const nlohmann::json* d = r.json(di); d && d->contains("portraits")) {
    const auto& keeps = (*d)["portraits"].value("keeps_teacher_portrait", nlohmann::json::object());
    auto get = [&](const char* model) -> std::optional<bool> {
      if (!keeps.contains(model) || !keeps[model].is_boolean()) return std::nullopt;
      return keeps[model].get<bool>();
    };
    m.radd_keeps_portrait = get("radd");
    m.conventional_keeps_portrait = get("conventional");
    m.task_trained_keeps_portrait = get("task_trained_2");
  }
  m.radd_input_drive_ratio = number(r, di, "/radd/by_scaling/shared/input_drive_ratio");
  m.radd_tau_stimulus = time_constant(r, "/radd/by_scaling/shared/time_constants/0");
  m.radd_tau_block = time_constant(r, "/radd/by_scaling/shared/time_constants/1");
  return m;
}

nlohmann::json claims_json(const std::vector<ClaimResult>& claims) {
  nlohmann::json out = nlohmann::json::array();
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
  for (const ClaimResult& c : claims) {
    nlohmann::json counts = nlohmann::json::array();
    for (const ClaimCount& k : c.counts) {
      nlohmann::json holds = nlohmann::json::array();
      for (const auto& h : k.holds) holds.push_back(h ? nlohmann::json(*h) : nlohmann::json());
      counts.push_back({{"definition", k.definition},
                        {"criterion", k.criterion},
                        {"holds", holds},
                        {"n_holds", k.n_holds},
                        {"n_tested", k.n_tested},
                        {"fraction", k.fraction()}});
    }
    nlohmann::json values = nlohmann::json::array();
    for (const auto& seed : c.values) {
      nlohmann::json v = nlohmann::json::object();
      for (const auto& [name, x] : seed) v[name] = std::isinf(x) ? nlohmann::json("none (A_ii >= 1)") : num(x);
      values.push_back(v);
    }
    out.push_back({{"id", c.id},
                   {"claim", c.claim},
                   {"where", c.where},
                   {"counts", counts},
                   {"seeds", c.seeds},
                   {"values", values}});
  }
  return out;
}

}  // namespace iblrnn::report
