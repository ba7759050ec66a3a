// Task and behaviour sections (Fig 2a–c, 3a–c, psychometric, mouse chronometric).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "figure_parts.hpp"
#include "iblrnn/report/figures.hpp"
#include "iblrnn/report/psychometric_params.hpp"
#include "iblrnn/report/trial_curves.hpp"

namespace iblrnn {
namespace {

using nlohmann::json;
using parts::base;
using parts::mouse_inputs;
using parts::r4;

const json kSignalAxis = vl::channel("signed_signal", "quantitative",
                                     "signed signal s·μ (left < 0 < right)");

// The run a figure of one agent uses: the RNN when present, else the first agent.
const AgentRun* main_run(const std::vector<AgentRun>& runs) {
  for (const auto& r : runs)
    if (r.agent == "rnn") return &r;
  return runs.empty() ? nullptr : &runs.front();
}

std::string trials_path(const AgentRun& r) { return r.dir.empty() ? "trials.csv" : r.dir + "/trials.csv"; }

// Records of a behaviour curve: behavior/<file>.csv when present (every agent and the mice,
// docs/behavior.md), else computed from each agent's trials.csv with `compute`. Agent names
// made readable.
template <class Compute>
json curve_records(ReportFolder& folder, const std::vector<AgentRun>& runs, const std::string& curve,
                   Compute compute, std::string& why) {
  const std::string file = curve == "accuracy_trial_in_block_zero" ? "accuracy_trial_in_block" : curve;
  std::string why_file;
  json rows = load_records(folder, "behavior/" + file, why_file);
  if (rows.is_array()) rows = records_from_behavior(rows, curve, mouse_inputs(folder));
  if (rows.is_null() || rows.empty()) {
    rows = json::array();
    for (const auto& r : runs) {
      const TrialTable* t = folder.trials(trials_path(r));
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

bool has_mice(const json& rows) {
  for (const auto& r : rows)
    if (r.contains("mice")) return true;
  return false;
}

json without_mice(const json& rows) {
  json out = json::array();
  for (const auto& r : rows)
    if (!r.contains("mice")) out.push_back(r);
  return out;
}

std::vector<std::string> agents_in(const json& rows) {
  std::vector<std::string> names;
  for (const auto& r : rows)
    if (r.contains("agent") && r["agent"].is_string() &&
        std::find(names.begin(), names.end(), r["agent"]) == names.end())
      names.push_back(r["agent"]);
  return names;
}

json only_agent(const json& rows, const std::string& agent) {
  json out = json::array();
  for (const auto& r : rows)
    if (r.value("agent", json("")) == agent) out.push_back(r);
  return out;
}

json agent_color(const json& rows) {
  return vl::channel("agent", "nominal", "agent", vl::agent_scale(agents_in(rows)));
}

// --- Task ------------------------------------------------------------------------------

Figure session_figure(ReportFolder& folder, const std::vector<AgentRun>& runs) {
  const char* id = "task_session";
  const char* title = "One session: blocks, stimuli and choices";
  const char* caption =
      "Background: block side (P(stimulus left) = 0.2 or 0.8). Dots: the signed signal of each "
      "trial, coloured by stimulus side. Ticks on top: the agent's outcome.";
  std::string rel = "trials.csv";
  if (const AgentRun* r = main_run(runs)) rel = trials_path(*r);
  const TrialTable* t = folder.trials(rel);
  if (!t) t = folder.trials(rel = "network/eval/trials.csv");
  if (!t) return missing_figure(id, "", title, caption, "a session's trials", folder.why(rel));
  json trials = json::array(), blocks = json::array();
  const std::size_t max_trials = 300;
  int last_block = -1;
  std::size_t n = 0;
  for (std::size_t i = 0; i < t->size() && t->session[i] == t->session[0] && n < max_trials; ++i, ++n) {
    const std::string side = t->stim_side[i] < 0 ? "left" : "right";
    json row = {{"trial", n}, {"signed_signal", t->stim_side[i] * t->signal[i]}, {"side", side}};
    if (t->has_agent)
      row["outcome"] = t->choice[i] == 0 ? "timeout" : t->correct[i] ? "correct" : "wrong";
    trials.push_back(row);
    if (t->block[i] != last_block) {
      last_block = t->block[i];
      blocks.push_back({{"start", n - 0.5}, {"end", n + 0.5},
                        {"side", t->block_side[i] < 0 ? "left" : t->block_side[i] > 0 ? "right" : "unbiased"}});
    } else {
      blocks.back()["end"] = n + 0.5;
    }
  }
  const double top = 3.4;
  const json x_scale = {{"domain", {-0.5, n - 0.5}}, {"nice", false}, {"zero", false}};
  json layers = json::array();
  layers.push_back({{"data", {{"values", blocks}}},
                    {"mark", {{"type", "rect"}, {"opacity", 0.13}}},
                    {"encoding", {{"x", {{"field", "start"}, {"type", "quantitative"}, {"scale", x_scale}}},
                                  {"x2", {{"field", "end"}}},
                                  {"color", vl::channel("side", "nominal", "block side", vl::side_scale())}}}});
  layers.push_back({{"data", {{"values", trials}}},
                    {"mark", {{"type", "point"}, {"filled", true}, {"size", 14}}},
                    {"encoding", {{"x", vl::channel("trial", "quantitative", "trial in session", x_scale)},
                                  {"y", {{"field", "signed_signal"}, {"type", "quantitative"},
                                         {"title", "signed signal s·μ"},
                                         {"scale", {{"domain", {-top - 0.3, top + 0.3}}}}}},
                                  {"color", vl::channel("side", "nominal", "stimulus side", vl::side_scale())}}}});
  if (t->has_agent) {
    layers.push_back({{"data", {{"values", trials}}},
                      {"transform", {{{"calculate", std::to_string(top)}, {"as", "_top"}}}},
                      {"mark", {{"type", "tick"}, {"thickness", 1.5}, {"size", 8}}},
                      {"encoding", {{"x", {{"field", "trial"}, {"type", "quantitative"}, {"scale", x_scale}}},
                                    {"y", {{"field", "_top"}, {"type", "quantitative"}}},
                                    {"color", vl::channel("outcome", "nominal", "outcome", vl::outcome_scale())}}}});
  }
  json spec = {{"width", 660}, {"height", 200}, {"layer", layers},
               {"resolve", {{"scale", {{"color", "independent"}}}}}};
  return make_figure(id, "", title, caption, spec);
}

Figure block_length_figure(ReportFolder& folder, const std::vector<AgentRun>& runs) {
  const char* id = "task_block_lengths";
  const char* title = "Block lengths";
  const char* caption = "Number of trials per block over the run (the session's last, truncated block excluded).";
  std::string rel = "trials.csv";
  if (const AgentRun* r = main_run(runs)) rel = trials_path(*r);
  const TrialTable* t = folder.trials(rel);
  if (!t) return missing_figure(id, "", title, caption, "a run's trials", folder.why(rel));
  json rows = json::array();
  std::size_t start = 0;
  for (std::size_t i = 1; i <= t->size(); ++i) {
    const bool end = i == t->size() || t->block[i] != t->block[i - 1] || t->session[i] != t->session[i - 1];
    if (!end) continue;
    const bool last_of_session = i == t->size() || t->session[i] != t->session[i - 1];
    if (!last_of_session && t->block_side[start] != 0) rows.push_back({{"length", i - start}});
    start = i;
  }
  if (rows.empty()) return missing_figure(id, "", title, caption, "complete blocks", rel + " has none");
  json spec = base(300, 200, rows);
  spec["mark"] = {{"type", "bar"}, {"color", "#777"}};
  spec["encoding"] = {{"x", {{"field", "length"}, {"type", "quantitative"}, {"bin", {{"step", 5}}},
                             {"title", "block length (trials)"}}},
                      {"y", {{"aggregate", "count"}, {"type", "quantitative"}, {"title", "blocks"}}}};
  return make_figure(id, "", title, caption, spec);
}

// --- Behaviour -------------------------------------------------------------------------

Figure outcome_figure(ReportFolder& folder, const std::vector<AgentRun>& runs) {
  const char* id = "fig2a";
  const char* title = "Outcomes by signal strength";
  const char* caption =
      "Fraction of correct, wrong and timeout trials of the RNN by signed signal (mean ± SEM); "
      "thin lines: accuracy of the other agents.";
  std::string why;
  json rows = curve_records(folder, runs, "outcome_fractions", outcome_fractions, why);
  if (rows.is_null()) return missing_figure(id, "Fig 2a", title, caption, "outcome fractions", why);
  std::string rare;
  rows = parts::without_rare_mouse_levels(rows, "signed_signal", rare);
  json mice = json::array();  // the mice's outcomes, on their own contrast axis (in %)
  for (const auto& r : rows)
    if (r.contains("mice") && r.contains("signed_signal") && r["signed_signal"].is_number()) {
      json m = r;
      m["contrast_pct"] = r4(100 * r["signed_signal"].get<double>());
      if (m.value("outcome", json("")) == "timeout") m["outcome"] = "no-go";
      mice.push_back(m);
    }
  rows = without_mice(rows);
  if (rows.empty()) return missing_figure(id, "Fig 2a", title, caption, "an agent's outcomes", "only mice in behavior/");
  const std::vector<std::string> agents = agents_in(rows);
  const std::string main = std::find(agents.begin(), agents.end(), "RNN 50-unit") != agents.end()
                               ? "RNN 50-unit" : agents.front();
  json mine = only_agent(rows, main), others = json::array();
  for (const auto& r : rows)
    if (r.value("agent", json("")) != main && r.value("outcome", json("")) == "correct") others.push_back(r);
  json spec = parts::line_sem(mine, kSignalAxis, vl::channel("fraction", "quantitative", "fraction of trials"),
                              "sem", vl::channel("outcome", "nominal", main, vl::outcome_scale()),
                              nullptr, json::array({0, 1}));
  if (!others.empty()) {
    std::vector<std::string> other_names;
    for (const auto& a : agents) if (a != main) other_names.push_back(a);
    json layered = {{"width", 300}, {"height", 210}, {"layer", json::array({spec})},
                    {"resolve", {{"scale", {{"color", "independent"}}}}}};
    layered["layer"].push_back({{"data", {{"values", others}}},
                                {"mark", {{"type", "line"}, {"strokeWidth", 1}, {"opacity", 0.8}}},
                                {"encoding", {{"x", kSignalAxis},
                                              {"y", {{"field", "fraction"}, {"type", "quantitative"}}},
                                              {"color", vl::channel("agent", "nominal", "accuracy of",
                                                                    vl::agent_scale(other_names))}}}});
    spec = layered;
  }
  if (!mice.empty()) {
    json mouse_outcomes = vl::outcome_scale();  // the mice's no-go in the timeout's colour
    mouse_outcomes["domain"] = {"correct", "wrong", "no-go"};
    json panel = parts::line_sem(mice, parts::mouse_contrast_axis("contrast_pct"),
                                 vl::channel("fraction", "quantitative", "fraction of trials"), "sem",
                                 vl::channel("outcome", "nominal", "mice", mouse_outcomes), nullptr,
                                 json::array({0, 1}));
    panel["width"] = 260;
    panel["height"] = 210;
    spec = {{"hconcat", json::array({spec, panel})},
            {"resolve", {{"scale", {{"color", "independent"}}}}}};
    return make_figure(id, "Fig 2a", title,
                       std::string(caption) + " Right: the mice's correct, wrong and no-go "
                       "fractions by signed contrast (%), on a symmetric-log axis that spaces "
                       "6.25–25 % apart." + rare, spec);
  }
  return make_figure(id, "Fig 2a", title, caption, spec);
}

Figure chrono_figure(ReportFolder& folder, const std::vector<AgentRun>& runs, const std::string& agent,
                     const char* id, const char* label) {
  const std::string name = vl::agent_display_name(agent);
  const std::string title = "Chronometric: " + name;
  const std::string caption = "Observation steps before acting (mean ± SEM) by signed signal, for "
                              "correct and wrong trials, concordant (solid) and discordant (dashed) "
                              "with the block; timeouts excluded.";
  std::string why;
  json rows = curve_records(folder, runs, "chronometric", chronometric, why);
  if (rows.is_null()) return missing_figure(id, label, title, caption, "reaction times", why);
  rows = only_agent(rows, name);
  if (rows.empty())
    return missing_figure(id, label, title, caption, name + "'s reaction times",
                          agent == "actor" ? "bayes/actor/trials.csv missing" : "no run of " + agent);
  json spec = parts::line_sem(rows, kSignalAxis,
                              vl::channel("n_obs", "quantitative", "observation steps to act"), "sem",
                              vl::channel("outcome", "nominal", "outcome", vl::outcome_scale()),
                              vl::channel("congruence", "nominal", "stimulus vs block", vl::congruence_dash()));
  return make_figure(id, label, title, caption, spec);
}

Figure congruence_figure(ReportFolder& folder, const std::vector<AgentRun>& runs) {
  const char* id = "fig3a";
  const char* title = "Accuracy: concordant vs discordant trials";
  const char* caption = "Accuracy (mean ± SEM) by signed signal when the stimulus agrees (solid) or "
                        "disagrees (dashed) with the block side; every agent and the mice.";
  std::string why;
  json rows = curve_records(folder, runs, "accuracy_concordance", accuracy_by_congruence, why);
  if (rows.is_null()) return missing_figure(id, "Fig 3a", title, caption, "accuracy by congruence", why);
  std::string rare;
  rows = parts::without_rare_mouse_levels(rows, "signed_signal", rare);
  const json color = agent_color(rows);
  const json y = vl::channel("accuracy", "quantitative", "accuracy");
  const json dash = vl::channel("congruence", "nominal", "stimulus vs block", vl::congruence_dash());
  json agents = without_mice(rows);
  json spec = parts::line_sem(agents, kSignalAxis, y, "sem", color, dash, json::array({0, 1}));
  if (has_mice(rows)) {
    // Mice see contrasts, agents signal means μ: a panel each, the mice's in % contrast.
    json mice = json::array();
    for (const auto& r : rows)
      if (r.contains("mice") && r["signed_signal"].is_number()) {
        json m = r;
        m["contrast_pct"] = r4(100 * r["signed_signal"].get<double>());
        mice.push_back(m);
      }
    json panel = parts::line_sem(mice, parts::mouse_contrast_axis("contrast_pct"), y, "sem", color, dash,
                                 json::array({0, 1}));
    panel["width"] = spec["width"] = 260;
    panel["height"] = spec["height"] = 200;
    panel["title"] = "mice";
    if (agents.empty()) {
      spec = panel;
    } else {
      spec["title"] = "agents";
      spec = {{"hconcat", json::array({spec, panel})}};
    }
    return make_figure(id, "Fig 3a", title,
                       std::string(caption) + " The mice's panel is by signed contrast (%) on a "
                       "symmetric-log axis that spaces 6.25–25 % apart; the agents' by signed "
                       "signal μ." + rare, spec);
  }
  return make_figure(id, "Fig 3a", title, caption + rare, spec);
}

Figure switch_figure(ReportFolder& folder, const std::vector<AgentRun>& runs, bool zero) {
  const char* id = zero ? "fig3c" : "fig3b";
  const char* label = zero ? "Fig 3c" : "Fig 3b";
  const char* title = zero ? "Accuracy after a block change, μ = 0 trials" : "Accuracy after a block change";
  const std::string caption = std::string("Accuracy (mean ± SEM) by trial index within the new block") +
                              (zero ? ", zero-signal trials only: only the block prior can guide the "
                                      "choice (paper: from ≈ 0.2–0.3 to ≈ 0.7–0.8)." : ".") +
                              " Dotted: chance.";
  std::string why;
  json rows = curve_records(
      folder, runs, zero ? "accuracy_trial_in_block_zero" : "accuracy_trial_in_block",
      [zero](const TrialTable& t, const std::string& a) { return accuracy_after_switch(t, a, zero, 60); },
      why);
  if (rows.is_null()) return missing_figure(id, label, title, caption, "accuracy after a block change", why);
  json spec = parts::line_sem(rows, vl::channel("trial_in_block", "quantitative", "trials since block change"),
                              vl::channel("accuracy", "quantitative", "accuracy"), "sem", agent_color(rows),
                              nullptr, json::array({0, 1}));
  spec["layer"].push_back({{"data", {{"values", json::array({{{"y", 0.5}}})}}},
                           {"mark", {{"type", "rule"}, {"strokeDash", {2, 2}}, {"color", "#888"}}},
                           {"encoding", {{"y", {{"field", "y"}, {"type", "quantitative"}}}}}});
  return make_figure(id, label, title, caption, spec);
}

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

Figure psychometric_figure(ReportFolder& folder, const std::vector<AgentRun>& runs) {
  const char* id = "psychometric";
  const char* title = "Psychometric curves by block";
  const char* caption = "P(choose right) by signed signal μ (agents) or signed contrast in % (mice, "
                        "on a symmetric-log axis that spaces 6.25–25 % apart) in left (blue) and "
                        "right (red) blocks, mean ± SEM; lines: the fitted erf psychometric with two "
                        "lapse rates where available (parameters in the table below). The horizontal "
                        "gap between colours is the block bias.";
  std::string why;
  json rows = curve_records(folder, runs, "psychometric", psychometric_points, why);
  if (rows.is_null()) return missing_figure(id, "", title, caption, "psychometric points", why);
  std::string rare;
  rows = parts::without_rare_mouse_levels(rows, "signed_signal", rare);
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
    if (r.contains("mice")) r["contrast_pct"] = r4(100 * x);
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
                        "contrast (reference data set: 0.261 s at 100 % rising to 0.424 s at 0 %).";
  const json* s = folder.json("behavior/summary.json");
  json rows = json::array();
  if (s && s->contains("inputs") && (*s)["inputs"].is_array())
    for (const auto& in : (*s)["inputs"]) {
      if (in.value("rt_unit", json("")) != "s" || !in.contains("median_rt_by_abs_signal")) continue;
      for (const auto& p : in["median_rt_by_abs_signal"])
        if (p.contains("x") && p.contains("median") && p["median"].is_number())
          rows.push_back({{"agent", in.value("label", json("mice"))}, {"contrast", r4(100 * p["x"].get<double>())},
                          {"rt", r4(p["median"].get<double>())}});
    }
  if (rows.empty())
    return missing_figure(id, "", title, caption, "mouse reaction times",
                          (s ? std::string("behavior/summary.json has no input with rt_unit \"s\"")
                             : folder.why("behavior/summary.json")) + "; give mouse data (--mouse-data)");
  json spec = base(300, 210, rows);
  spec["mark"] = {{"type", "line"}, {"point", {{"filled", true}}}};
  spec["encoding"] = {{"x", vl::channel("contrast", "quantitative", "contrast (%)")},
                      {"y", vl::channel("rt", "quantitative", "median reaction time (s)")},
                      {"color", vl::channel("agent", "nominal", "subjects",
                                            {{"range", {"#d95f02", "#7570b3", "#66a61e"}}})}};
  return make_figure(id, "", title, caption, spec);
}

}  // namespace

Section task_section(ReportFolder& folder) {
  const auto runs = find_agent_runs(folder);
  Section s{"task", "Task",
            "Sessions are sequences of blocks with a biased stimulus side; within a trial the agent "
            "sees noisy evidence for up to 10 steps and acts once confident.",
            {}};
  s.figures.push_back(guarded("task_session", [&] { return session_figure(folder, runs); }));
  s.figures.push_back(guarded("task_block_lengths", [&] { return block_length_figure(folder, runs); }));
  return s;
}

Section behavior_section(ReportFolder& folder) {
  const auto runs = find_agent_runs(folder);
  Section s{"behavior", "Behaviour",
            "The agents' and the mice's choices as functions of the signal, the block and time "
            "since a block change (paper Fig 2–3).",
            {}};
  s.figures.push_back(guarded("fig2a", [&] { return outcome_figure(folder, runs); }));
  s.figures.push_back(guarded("fig2b", [&] { return chrono_figure(folder, runs, "rnn", "fig2b", "Fig 2b"); }));
  s.figures.push_back(guarded("fig2c", [&] { return chrono_figure(folder, runs, "actor", "fig2c", "Fig 2c"); }));
  s.figures.push_back(guarded("fig3a", [&] { return congruence_figure(folder, runs); }));
  s.figures.push_back(guarded("fig3b", [&] { return switch_figure(folder, runs, false); }));
  s.figures.push_back(guarded("fig3c", [&] { return switch_figure(folder, runs, true); }));
  s.figures.push_back(guarded("psychometric", [&] { return psychometric_figure(folder, runs); }));
  s.figures.push_back(guarded("psychometric_params", [&] { return psychometric_params_figure(folder); }));
  s.figures.push_back(guarded("mice_chronometric", [&] { return mouse_rt_figure(folder); }));
  return s;
}

}  // namespace iblrnn
