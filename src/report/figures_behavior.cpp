// Task and behaviour sections (Fig 2a–c, 3a–c; the psychometric figures and the mice's
// chronometric in figures_psychometric.cpp).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "behavior_records.hpp"
#include "figure_parts.hpp"
#include "iblrnn/report/figures.hpp"
#include "iblrnn/report/psychometric_params.hpp"
#include "iblrnn/report/trial_curves.hpp"

using namespace iblrnn::task;

namespace iblrnn::report {
namespace {

using nlohmann::json;
using parts::base;
using parts::mouse_inputs;
using parts::r4;

using parts::curve_records;
using parts::trials_path;

const json kSignalAxis = parts::signal_axis();

// The run a figure of one agent uses: the RNN when present, else the first agent.
const AgentRun* main_run(const std::vector<AgentRun>& runs) {
  for (const auto& r : runs)
    if (r.agent == "rnn") return &r;
  return runs.empty() ? nullptr : &runs.front();
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
  std::string rare;
  json rows = parts::mouse_aware_records(folder, runs, "outcome_fractions", outcome_fractions, why, rare);
  if (rows.is_null()) return missing_figure(id, "Fig 2a", title, caption, "outcome fractions", why);
  json mice = json::array();  // the mice's outcomes, on their own contrast axis (in %)
  for (const auto& r : rows)
    if (r.contains("contrast_pct")) {
      json m = r;
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
  std::string rare;
  json rows = parts::mouse_aware_records(folder, runs, "accuracy_concordance", accuracy_by_congruence, why, rare);
  if (rows.is_null()) return missing_figure(id, "Fig 3a", title, caption, "accuracy by congruence", why);
  const json color = agent_color(rows);
  const json y = vl::channel("accuracy", "quantitative", "accuracy");
  const json dash = vl::channel("congruence", "nominal", "stimulus vs block", vl::congruence_dash());
  json agents = without_mice(rows);
  json spec = parts::line_sem(agents, kSignalAxis, y, "sem", color, dash, json::array({0, 1}));
  if (has_mice(rows)) {
    // Mice see contrasts, agents signal means μ: a panel each, the mice's in % contrast.
    json mice = json::array();
    for (const auto& r : rows)
      if (r.contains("contrast_pct")) mice.push_back(r);
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

}  // namespace iblrnn::report
