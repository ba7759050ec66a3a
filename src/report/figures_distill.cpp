// Distillation section (Fig 8a–b, 9a) and the list of all sections.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "figure_parts.hpp"
#include "iblrnn/report/figures.hpp"
#include "iblrnn/report/repro_table.hpp"
#include "iblrnn/report/trial_curves.hpp"

using namespace iblrnn::io;

namespace iblrnn::report {
namespace {

using nlohmann::json;
using parts::r4;

const char* kModels[] = {"radd", "conventional", "task_trained_2"};
const char* kPortraitInputs[] = {"left", "equal", "right"};

const json* distill_summary(ReportFolder& f) { return f.json("distill/summary.json"); }

Figure portrait_figure(ReportFolder& f) {
  const char* id = "fig8a";
  const char* title = "Phase portraits of the 2-unit models";
  const char* caption = "Flow of each 2-unit model's state (unit 1 = stimulus, unit 2 = block; "
                        "segments from grid points, scaled to the grid) under left, equal and right "
                        "inputs, with its fixed points (filled = stable, open = saddle or unstable) and, "
                        "on RADD's row, the 50-unit teacher's fixed points mapped into RADD coordinates "
                        "(×). Only RADD should keep the teacher's portrait.";
  const json* s = distill_summary(f);
  if (!s || !s->contains("portraits") || !(*s)["portraits"].contains("flow_axis"))
    return missing_figure(id, "Fig 8a", title, caption, "phase portraits",
                          s ? "distill/summary.json has no portraits" : f.why("distill/summary.json"));
  const json& portraits = (*s)["portraits"];
  std::vector<double> axis;
  for (const auto& v : portraits["flow_axis"]) axis.push_back(v.get<double>());
  const std::size_t n = axis.size();
  const double spacing = n > 1 ? (axis.back() - axis.front()) / (n - 1) : 1.0;
  json rows = json::array();
  std::string why;
  for (const char* model : kModels) {
    for (const char* input : kPortraitInputs) {
      const std::string rel = std::string("distill/portraits/") + model + "_" + input + "_flow.npy";
      if (!f.exists(rel)) continue;
      const NpyArray* a = f.npy(rel);
      if (!a || a->size() != n * n * 2) {
        why = a ? rel + " is not (n, n, 2) on flow_axis" : f.why(rel);
        continue;
      }
      double longest = 0;
      for (std::size_t k = 0; k < n * n; ++k) longest = std::max(longest, std::hypot(a->data[2 * k], a->data[2 * k + 1]));
      const double scale = longest > 0 ? 0.9 * spacing / longest : 1;
      const std::string name = vl::agent_display_name(model);
      // Element (i, j): unit 0 at axis(i), unit 1 at axis(j) (docs/distill.md).
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
          const double d0 = a->data[2 * (i * n + j)], d1 = a->data[2 * (i * n + j) + 1];
          rows.push_back({{"model", name}, {"condition", input}, {"kind", "arrow"},
                          {"z0", r4(axis[i])}, {"z1", r4(axis[j])},
                          {"z0_end", r4(axis[i] + scale * d0)}, {"z1_end", r4(axis[j] + scale * d1)}});
        }
      if (portraits.contains(model) && portraits[model].contains(input))
        for (const auto& p : portraits[model][input].value("fixed_points", json::array()))
          if (p.contains("z") && p["z"].size() == 2 && p["z"][0].is_number() && p["z"][1].is_number())
            rows.push_back({{"model", name}, {"condition", input}, {"kind", "fixed"},
                            {"z0", r4(p["z"][0])}, {"z1", r4(p["z"][1])},
                            {"stability", p.value("kind", json("")) == "stable" ? "stable" : "saddle/unstable"}});
      if (std::string(model) == "radd" && portraits.contains("teacher") && portraits["teacher"].contains(input))
        for (const auto& p : portraits["teacher"][input].value("fixed_points", json::array()))
          if (p.contains("z_radd") && p["z_radd"].size() >= 2 && p["z_radd"][0].is_number())
            rows.push_back({{"model", name}, {"condition", input}, {"kind", "teacher"},
                            {"z0", r4(p["z_radd"][0])}, {"z1", r4(p["z_radd"][1])}});
    }
  }
  if (rows.empty())
    return missing_figure(id, "Fig 8a", title, caption, "phase portraits",
                          why.empty() ? "distill/portraits/radd_left_flow.npy missing" : why);
  json layer = json::array();
  const json x = {{"field", "z0"}, {"type", "quantitative"}, {"title", "unit 1: stimulus"},
                  {"scale", {{"domain", {-1.1, 1.1}}}}};
  const json y = {{"field", "z1"}, {"type", "quantitative"}, {"title", "unit 2: block"},
                  {"scale", {{"domain", {-1.1, 1.1}}}}};
  layer.push_back({{"transform", {{{"filter", "datum.kind == 'arrow'"}}}},
                   {"mark", {{"type", "rule"}, {"color", "#555"}}},
                   {"encoding", {{"x", x}, {"y", y}, {"x2", {{"field", "z0_end"}}}, {"y2", {{"field", "z1_end"}}}}}});
  layer.push_back({{"transform", {{{"filter", "datum.kind == 'arrow'"}}}},
                   {"mark", {{"type", "circle"}, {"size", 3}, {"color", "#777"}}},
                   {"encoding", {{"x", {{"field", "z0"}, {"type", "quantitative"}}},
                                 {"y", {{"field", "z1"}, {"type", "quantitative"}}}}}});
  layer.push_back({{"transform", {{{"filter", "datum.kind == 'fixed'"}}}},
                   {"mark", {{"type", "point"}, {"size", 60}, {"strokeWidth", 1.5}}},
                   {"encoding", {{"x", {{"field", "z0"}, {"type", "quantitative"}}},
                                 {"y", {{"field", "z1"}, {"type", "quantitative"}}},
                                 {"stroke", {{"value", "#d7301f"}}},
                                 {"fill", {{"field", "stability"}, {"type", "nominal"}, {"title", "fixed point"},
                                           {"scale", {{"domain", {"stable", "saddle/unstable"}}, {"range", {"#d7301f", "white"}}}}}}}}});
  layer.push_back({{"transform", {{{"filter", "datum.kind == 'teacher'"}}}},
                   {"mark", {{"type", "point"}, {"shape", "cross"}, {"size", 70}, {"color", "#1a1a1a"}, {"filled", true}}},
                   {"encoding", {{"x", {{"field", "z0"}, {"type", "quantitative"}}},
                                 {"y", {{"field", "z1"}, {"type", "quantitative"}}}}}});
  json spec = {{"data", {{"values", rows}}},
               {"facet", {{"row", {{"field", "model"}, {"type", "nominal"}, {"title", nullptr},
                                   {"sort", {"RADD 2-unit", "conventional 2-unit", "task-trained 2-unit"}}}},
                          {"column", {{"field", "condition"}, {"type", "nominal"}, {"title", nullptr},
                                      {"sort", {"left", "equal", "right"}}}}}},
               {"spec", {{"width", 150}, {"height", 150}, {"layer", layer}}}};
  return make_figure(id, "Fig 8a", title, caption, spec);
}

Figure comparison_figure(ReportFolder& f) {
  const char* id = "fig8b";
  const char* title = "The 2-unit models against their teacher";
  const char* caption = "Accuracy by signed signal, concordant (solid) vs discordant (dashed), of the "
                        "50-unit RNN, RADD, the conventionally distilled and the task-trained 2-unit "
                        "networks on the same evaluation session.";
  const json* s = distill_summary(f);
  json rows = json::array();
  if (s && s->contains("comparison") && (*s)["comparison"].is_object()) {
    for (const auto& [name, c] : (*s)["comparison"].items()) {
      if (!c.contains("signed_signal")) continue;
      const std::string agent = vl::agent_display_name(name == "teacher" ? "rnn" : name);
      for (const char* cong : {"concordant", "discordant"}) {
        const std::string key = std::string("by_signal_") + cong;
        if (!c.contains(key)) continue;
        for (std::size_t i = 0; i < c["signed_signal"].size() && i < c[key].size(); ++i)
          if (c[key][i].is_number())
            rows.push_back({{"agent", agent}, {"signed_signal", c["signed_signal"][i]}, {"congruence", cong},
                            {"accuracy", r4(c[key][i])}, {"sem", 0.0}});
      }
    }
  }
  // A model that never acts is a failed model, named as such rather than drawn as a 0 % finding.
  std::string full_caption = caption;
  if (s && s->contains("never_acts") && (*s)["never_acts"].is_array() && !(*s)["never_acts"].empty()) {
    std::string names;
    for (const auto& n : (*s)["never_acts"]) {
      const std::string name = n.is_string() ? n.get<std::string>() : "";
      if (name.empty()) continue;
      names += (names.empty() ? "" : ", ") + vl::agent_display_name(name == "teacher" ? "rnn" : name);
      rows.erase(std::remove_if(rows.begin(), rows.end(),
                                [&](const json& r) { return r["agent"] == vl::agent_display_name(name == "teacher" ? "rnn" : name); }),
                 rows.end());
    }
    if (!names.empty())
      full_caption += " Never acts (its readout never exceeds the action threshold; a failed model, not "
                      "shown): " + names + ".";
  }
  if (rows.empty())
    return missing_figure(id, "Fig 8b", title, full_caption, "the 2-unit models' accuracies",
                          s ? "distill/summary.json has no comparison" : f.why("distill/summary.json"));
  std::vector<std::string> agents;
  for (const auto& r : rows)
    if (std::find(agents.begin(), agents.end(), r["agent"]) == agents.end()) agents.push_back(r["agent"]);
  json spec = parts::line_sem(rows, vl::channel("signed_signal", "quantitative", "signed signal s·μ"),
                              vl::channel("accuracy", "quantitative", "accuracy"), "sem",
                              vl::channel("agent", "nominal", "agent", vl::agent_scale(agents)),
                              vl::channel("congruence", "nominal", "stimulus vs block", vl::congruence_dash()),
                              json::array({0, 1}));
  return make_figure(id, "Fig 8b", title, full_caption, spec);
}

// "τ₁ / τ₂" with τᵢ = 1/(1 − Aᵢᵢ) of a row-major 2 × 2 matrix ("none (A_ii ≥ 1)" when the
// unit does not decay: it has no time constant).
std::string time_constants(const std::vector<double>& A) {
  auto tau = [](double a) {
    if (!(a < 1)) return std::string("none (Aᵢᵢ ≥ 1)");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", 1 / (1 - a));
    return std::string(buf);
  };
  return tau(A[0]) + " / " + tau(A[3]);
}

Figure circuit_figure(ReportFolder& f) {
  const char* id = "fig9a";
  const char* title = "RADD circuit: ours vs the paper";
  std::string caption = "Recurrent matrix A (2 × 2) and input matrix B (2 × 3: oᴸ, oᴿ, r) of the "
                        "distilled 2-unit circuit (rows: stimulus, block unit).";
  const auto rows = build_repro_table(f);
  const ReproRow* A = nullptr;
  const ReproRow* B = nullptr;
  for (const auto& r : rows) {
    if (r.key == "radd_A") A = &r;
    if (r.key == "radd_B") B = &r;
  }
  if (!A || !B || std::isnan(A->ours[0]))
    return missing_figure(id, "Fig 9a", title, caption, "the RADD fit",
                          "summary.json radd_A and distill/summary.json radd.A missing");

  caption += " Effective time constants 1/(1 − Aᵢᵢ), stimulus / block unit: paper " +
             time_constants(A->paper) + ", ours " + time_constants(A->ours) + " steps.";
  json values = json::array();
  const char* units[] = {"stimulus", "block"};
  const char* inputs[] = {"oᴸ", "oᴿ", "r"};
  for (const char* who : {"paper", "ours"}) {
    const bool ours = std::string(who) == "ours";
    for (int i = 0; i < 2; ++i) {
      for (int j = 0; j < 2; ++j)
        values.push_back({{"source", who}, {"matrix", "A"}, {"row", units[i]}, {"col", units[j]},
                          {"value", r4(ours ? A->ours[i * 2 + j] : A->paper[i * 2 + j])}});
      for (int j = 0; j < 3; ++j)
        values.push_back({{"source", who}, {"matrix", "B"}, {"row", units[i]}, {"col", inputs[j]},
                          {"value", r4(ours ? B->ours[i * 3 + j] : B->paper[i * 3 + j])}});
    }
  }
  json panels = json::array();
  for (const char* m : {"A", "B"}) {
    json data = json::array();
    for (const auto& v : values)
      if (v["matrix"] == m) data.push_back(v);
    json hm = parts::heatmap(data, "unit", std::string(m) == "A" ? "from unit" : "input",
                             std::string("weight"), true, 0);
    hm.erase("width");
    hm.erase("height");
    hm["encoding"]["y"]["sort"] = {"stimulus", "block"};
    hm["encoding"]["x"]["sort"] = std::string(m) == "A" ? json({"stimulus", "block"}) : json({"oᴸ", "oᴿ", "r"});
    json spec = {{"data", hm["data"]},
                 {"facet", {{"column", {{"field", "source"}, {"type", "nominal"}, {"title", std::string("matrix ") + m},
                                        {"sort", {"paper", "ours"}}}}}},
                 {"spec", {{"width", std::string(m) == "A" ? 90 : 135}, {"height", 90},
                           {"encoding", hm["encoding"]}, {"layer", hm["layer"]}}},
                 {"resolve", {{"scale", {{"color", "shared"}}}}}};
    panels.push_back(spec);
  }
  json spec = {{"hconcat", panels}, {"resolve", {{"scale", {{"color", "independent"}}}}}};
  return make_figure(id, "Fig 9a", title, caption, spec);
}

}  // namespace

Section distillation_section(ReportFolder& f) {
  Section s{"distillation", "Distillation",
            "The 50-unit network reduced to a 2-unit circuit by representation and dynamics "
            "distillation (RADD), compared with conventional distillation and a 2-unit network "
            "trained on the task (paper Fig 8–9a).",
            {}};
  s.figures.push_back(guarded("fig8a", [&] { return portrait_figure(f); }));
  s.figures.push_back(guarded("fig8b", [&] { return comparison_figure(f); }));
  s.figures.push_back(guarded("fig9a", [&] { return circuit_figure(f); }));
  return s;
}

std::vector<Section> build_sections(ReportFolder& folder) {
  return {task_section(folder),         behavior_section(folder), representation_section(folder),
          dynamics_section(folder),     distillation_section(folder), pools_section(folder)};
}

}  // namespace iblrnn::report
