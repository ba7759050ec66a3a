// Behaviour records shared by the behaviour figures (internal to the report library): a
// curve's records from behavior/ or, failing that, from the agents' trials.csv, and the agents'
// signed-signal axis.
#pragma once

#include <string>
#include <vector>

#include "figure_parts.hpp"
#include "iblrnn/report/trial_curves.hpp"

namespace iblrnn::report {
namespace parts {

/// The agents' x channel: signed signal s·μ.
inline json signal_axis() {
  return vl::channel("signed_signal", "quantitative", "signed signal s·μ (left < 0 < right)");
}

/// The trials.csv of an agent's run, relative to the report folder.
inline std::string trials_path(const AgentRun& r) { return r.dir.empty() ? "trials.csv" : r.dir + "/trials.csv"; }

/// Records of a behaviour curve: behavior/<file>.csv when present (every agent and the mice,
/// docs/behavior.md), else computed from each agent's trials.csv with `compute`. Agent names
/// made readable.
template <class Compute>
inline json curve_records(ReportFolder& folder, const std::vector<AgentRun>& runs, const std::string& curve,
                   Compute compute, std::string& why) {
  const std::string file = curve == "accuracy_trial_in_block_zero" ? "accuracy_trial_in_block" : curve;
  std::string why_file;
  json rows = load_records(folder, "behavior/" + file, why_file);
  if (rows.is_array()) rows = records_from_behavior(rows, curve, mouse_inputs(folder));
  if (rows.is_null() || rows.empty()) {
    rows = json::array();
    for (const auto& r : runs) {
      const task::TrialTable* t = folder.trials(trials_path(r));
      if (!t) continue;
      for (auto& row : compute(*t, r.agent)) rows.push_back(std::move(row));
    }
    if (rows.empty()) {
      why = why_file + "; no agent run with a trials.csv";
      return nullptr;
    }
  }
  for (auto& row : rows)
    if (row.contains("agent") && row["agent"].is_string())
      row["agent"] = vl::agent_display_name(row["agent"]);
  return rows;
}

/// curve_records without the mice's rare levels (without_rare_mouse_levels; `rare` gets the
/// caption's note), each mouse record with its signed contrast in % as "contrast_pct" (4
/// significant digits). Null when the curve is missing (`why` says why).
template <class Compute>
inline json mouse_aware_records(ReportFolder& folder, const std::vector<AgentRun>& runs, const std::string& curve,
                                Compute compute, std::string& why, std::string& rare) {
  json rows = curve_records(folder, runs, curve, compute, why);
  rare.clear();
  if (rows.is_null()) return rows;
  rows = without_rare_mouse_levels(rows, "signed_signal", rare);
  for (auto& r : rows)
    if (r.contains("mice") && r.contains("signed_signal") && r["signed_signal"].is_number())
      r["contrast_pct"] = r4(100 * r["signed_signal"].get<double>());
  return rows;
}

}  // namespace parts

/// Psychometric curves by block, one panel per agent and the mice (figures_psychometric.cpp).
Figure psychometric_figure(ReportFolder& folder, const std::vector<AgentRun>& runs);
/// The mice's median reaction time by contrast (figures_psychometric.cpp).
Figure mouse_rt_figure(ReportFolder& folder);

}  // namespace iblrnn::report
