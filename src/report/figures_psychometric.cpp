// The psychometric curves by block (agents by signed μ, the mice by signed contrast in %, with
// the fitted erf of docs/behavior.md H5) and the mice's median reaction time by contrast.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "behavior_records.hpp"
#include "figure_parts.hpp"

namespace iblrnn::report {
namespace {

using nlohmann::json;
using parts::base;
using parts::r4;

const json kSignalAxis = parts::signal_axis();

// The erf fit of one block (docs/behavior.md H5) sampled along a panel's x: 61 points evenly
// over [lo, hi] for an agent (x = μ), 81 evenly on the symmetric-log axis for the mice (x in %;
// m, w in contrast fractions for the `iblrnn` fit, in % for `ibl`).
void push_fit_curve(json& values, const json& fit, const std::string& agent, bool mice, double lo, double hi) {
  const bool in_pct = fit.value("fit", json("iblrnn")) == "ibl";
  const std::string block = fit["group"] == "block_left" ? "left" : "right";
  const int n = mice ? 80 : 60;
  for (int i = 0; i <= n; ++i) {
    json v = {{"kind", "fit"}, {"agent", agent}, {"block", block}};
    if (mice) {
      const double t_lo = parts::symlog_pct(100 * lo), t_hi = parts::symlog_pct(100 * hi);
      const double x_pct = parts::symlog_pct_inverse(t_lo + (t_hi - t_lo) * i / n);
      const double x = in_pct ? x_pct : x_pct / 100;
      v["contrast_pct"] = r4(x_pct);
      v["p_right"] = r4(psychometric_p(x, fit["m"], fit["w"], fit["gamma1"], fit["gamma2"]));
    } else {
      const double x = lo + (hi - lo) * i / n;
      v["signed_signal"] = r4(x);
      v["p_right"] = r4(psychometric_p(x, fit["m"], fit["w"], fit["gamma1"], fit["gamma2"]));
    }
    values.push_back(std::move(v));
  }
}

// One panel of the psychometric figure: an agent's points ± SEM by signed μ, or the mice's by
// signed contrast (%), and the fitted lines (else the points joined).
json psychometric_panel(const std::string& agent, bool mice, bool fitted) {
  const json x = mice ? parts::mouse_contrast_axis("contrast_pct") : kSignalAxis;
  const json color = vl::channel("block", "nominal", "block side", vl::side_scale());
  const json y = {{"field", "p_right"}, {"type", "quantitative"}, {"title", "P(choose right)"},
                  {"scale", {{"domain", {0, 1}}}}};
  const json mine = {{"filter", {{"field", "agent"}, {"equal", agent}}}};
  const std::string points = "datum.kind == 'points'";
  json layer = json::array();
  layer.push_back({{"transform", {{{"filter", points}},
                                  {{"calculate", "datum.p_right - datum.sem"}, {"as", "_lo"}},
                                  {{"calculate", "datum.p_right + datum.sem"}, {"as", "_hi"}}}},
                   {"mark", "rule"},
                   {"encoding", {{"x", x}, {"y", {{"field", "_lo"}, {"type", "quantitative"}}},
                                 {"y2", {{"field", "_hi"}}}, {"color", color}}}});
  layer.push_back({{"transform", {{{"filter", points}}}},
                   {"mark", {{"type", "point"}, {"filled", true}}},
                   {"encoding", {{"x", x}, {"y", y}, {"color", color}}}});
  layer.push_back({{"transform", {{{"filter", fitted ? "datum.kind == 'fit'" : points}}}},
                   {"mark", {{"type", "line"}, {"strokeWidth", 1.4}}},
                   {"encoding", {{"x", x}, {"y", y}, {"color", color}}}});
  return {{"title", agent}, {"width", mice ? 260 : 190}, {"height", 170}, {"transform", {mine}}, {"layer", layer}};
}

}  // namespace

Figure psychometric_figure(ReportFolder& folder, const std::vector<AgentRun>& runs) {
  const char* id = "psychometric";
  const char* title = "Psychometric curves by block";
  const char* caption = "P(choose right) by signed signal μ (agents) or signed contrast in % (mice, "
                        "on a symmetric-log axis that spaces 6.25–25 % apart) in left (blue) and "
                        "right (red) blocks, mean ± SEM; lines: the fitted erf psychometric with two "
                        "lapse rates where available (parameters in the table below). The horizontal "
                        "gap between colours is the block bias.";
  std::string why;
  std::string rare;
  json rows = parts::mouse_aware_records(folder, runs, "psychometric", psychometric_points, why, rare);
  if (rows.is_null()) return missing_figure(id, "", title, caption, "psychometric points", why);
  json values = json::array();
  std::vector<std::string> order;                            // panels in order of appearance
  std::map<std::string, bool> is_mice;
  std::map<std::string, std::pair<double, double>> x_range;  // agent → (min, max) of its points
  for (auto r : rows) {
    r["kind"] = "points";
    const std::string a = r.value("agent", json("")).get<std::string>();
    const double x = r["signed_signal"].get<double>();
    auto [it, fresh] = x_range.emplace(a, std::pair{x, x});
    if (fresh) order.push_back(a), is_mice[a] = r.contains("mice");
    else it->second = {std::min(it->second.first, x), std::max(it->second.second, x)};
    values.push_back(r);
  }
  // Fitted curves (docs/behavior.md H5) drawn from behavior/psychometric_fits.csv. An agent's
  // `ibl` fit is in % contrast of the ALF map, not in μ: not drawn on the μ axis.
  std::string why_fit;
  json fits = load_records(folder, "behavior/psychometric_fits", why_fit);
  std::set<std::string> fitted;
  bool skipped_ibl = false;
  if (fits.is_array())
    for (const auto& r : fits) {
      const bool pooled = !r.contains("subject") || r["subject"].is_null() || r["subject"] == "";
      const std::string group = r.value("group", json("")).is_string() ? r.value("group", json("")).get<std::string>() : "";
      if (!pooled || (group != "block_left" && group != "block_right")) continue;
      bool ok = true;
      for (const char* k : {"m", "w", "gamma1", "gamma2"}) ok = ok && r.contains(k) && r[k].is_number();
      const std::string agent = vl::agent_display_name(r.value("input", json("")).is_string() ? r["input"].get<std::string>() : "");
      if (!ok || !x_range.count(agent)) continue;
      if (!is_mice[agent] && r.value("fit", json("iblrnn")) == "ibl") {
        skipped_ibl = true;
        continue;
      }
      const auto [lo, hi] = x_range[agent];
      push_fit_curve(values, r, agent, is_mice[agent], lo, hi);
      fitted.insert(agent);
    }
  json panels = json::array();
  for (const auto& a : order) panels.push_back(psychometric_panel(a, is_mice[a], fitted.count(a) > 0));
  json spec = {{"data", {{"values", values}}}, {"concat", panels}, {"columns", 4}};
  return make_figure(id, "", title,
                     caption + rare +
                         (skipped_ibl ? " The agents' `ibl` fits are in % contrast (the ALF map), not "
                                        "drawn on their μ axis; their points are joined instead." : ""),
                     spec);
}

Figure mouse_rt_figure(ReportFolder& folder) {
  const char* id = "mice_chronometric";
  const char* title = "Mice: reaction time by contrast";
  const char* caption = "Median reaction time (s) of the mice's responses in biased blocks by "
                        "contrast (%), on a symmetric-log axis that spaces 6.25–25 % apart "
                        "(reference data set: 0.261 s at 100 % rising to 0.424 s at 0 %).";
  const json* s = folder.json("behavior/summary.json");
  json rows = json::array();
  if (s && s->contains("inputs") && (*s)["inputs"].is_array())
    for (const auto& in : (*s)["inputs"]) {
      if (in.value("rt_unit", json("")) != "s" || !in.contains("median_rt_by_abs_signal")) continue;
      for (const auto& p : in["median_rt_by_abs_signal"])
        if (p.contains("x") && p["x"].is_number() && p.contains("median") && p["median"].is_number())
          rows.push_back({{"agent", in.value("label", json("mice"))}, {"mice", true}, {"x", p["x"]},
                          {"n", p.value("n", json(0))}, {"contrast", r4(100 * p["x"].get<double>())},
                          {"rt", r4(p["median"].get<double>())}});
    }
  if (rows.empty())
    return missing_figure(id, "", title, caption, "mouse reaction times",
                          (s ? std::string("behavior/summary.json has no input with rt_unit \"s\"")
                             : folder.why("behavior/summary.json")) + "; give mouse data (--mouse-data)");
  std::string rare;
  rows = parts::without_rare_mouse_levels(rows, "x", rare);
  json x = parts::mouse_contrast_axis("contrast");
  x["title"] = "contrast (%)";
  x["axis"]["values"] = {0, 6.25, 12.5, 25, 100};
  json spec = base(300, 210, rows);
  spec["mark"] = {{"type", "line"}, {"point", {{"filled", true}}}};
  spec["encoding"] = {{"x", x},
                      {"y", vl::channel("rt", "quantitative", "median reaction time (s)")},
                      {"color", vl::channel("agent", "nominal", "subjects",
                                            {{"range", {"#d95f02", "#7570b3", "#66a61e"}}})}};
  return make_figure(id, "", title, caption + rare, spec);
}

}  // namespace iblrnn::report
