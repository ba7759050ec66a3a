// The dynamics section (Fig 7) from the analysis folder of `iblrnn analyze` (docs/outputs.md,
// "analysis/ files"): summary.json (`dynamics`, `line_attractor`), flow/*.npy, fixed_points.csv,
// slow_points/*.npy.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analysis_folder.hpp"

using namespace iblrnn::io;

namespace iblrnn::report {
namespace {

using namespace analysis_folder;

const char* kConditions[] = {"left", "equal", "right", "negative_feedback", "no_stimulus",
                             "positive_feedback"};

// The measured dynamics label of one held input (analysis/summary.json `dynamics`, A17–A19) in
// words, e.g. "bistable with a slow channel, its slow set 24° from the in-plane block axis";
// empty when not analysed.
std::string dynamics_words(const json& d) {
  if (!d.is_object() || !d.contains("label")) return "";
  std::string label = d.value("label", "");
  std::replace(label.begin(), label.end(), '_', ' ');
  if (d.value("slow_channel", false)) label += " with a slow channel";
  if (d.contains("angles") && d["angles"].contains("block_plane_deg") && d["angles"]["block_plane_deg"].is_number()) {
    char buf[96];
    std::snprintf(buf, sizeof buf, ", its slow set %.0f° from the in-plane block axis",
                  d["angles"]["block_plane_deg"].get<double>());
    label += buf;
  }
  return label;
}

// "Measured dynamics (A17–A19): left: monostable; …." for the inputs analysed.
std::string dynamics_labels_text(ReportFolder& f) {
  const json* a = f.json(at("summary.json"));
  if (!a || !a->contains("dynamics") || !(*a)["dynamics"].is_object()) return "";
  std::string out;
  for (const char* c : kConditions) {
    if (!(*a)["dynamics"].contains(c)) continue;
    const std::string w = dynamics_words((*a)["dynamics"][c]);
    if (w.empty()) continue;
    std::string name = c;
    std::replace(name.begin(), name.end(), '_', ' ');
    out += (out.empty() ? "" : "; ") + name + ": " + w;
  }
  return out.empty() ? "" : " Measured dynamics labels (docs/analysis.md A17–A19): " + out + ".";
}

Figure flow_figure(ReportFolder& f) {
  const char* id = "fig7";
  const char* title = "Flow fields and fixed points in the PC plane";
  const char* caption = "One-step change of the state projected on PC1–PC2 (segments from each grid "
                        "point, scaled to the grid; colour = speed, black = slow, yellow = fast) under "
                        "six held inputs; circles: fixed points (filled = stable, open = unstable), "
                        "small dots: slow points. Empirical flow from recorded steps when no model was analysed.";
  std::string why;
  const NpyArray* ga = f.npy(at("flow/grid_pc1.npy"));
  const NpyArray* gb = f.npy(at("flow/grid_pc2.npy"));
  if (!ga || !gb)
    return missing_figure(id, "Fig 7", title, caption, "flow fields", f.why(at(ga ? "flow/grid_pc2.npy" : "flow/grid_pc1.npy")));
  const std::size_t na = ga->size(), nb = gb->size();
  const double spacing = na > 1 ? std::abs(ga->data[na - 1] - ga->data[0]) / (na - 1) : 1.0;
  json rows = json::array();
  std::string kind;
  for (const char* c : kConditions) {
    const NpyArray* a = nullptr;
    for (const char* suffix : {"_probed.npy", "_empirical.npy"}) {
      a = f.npy(at("flow/") + c + suffix);
      if (a && a->size() == na * nb * 2) {
        kind = suffix;
        break;
      }
      a = nullptr;
    }
    if (!a) {
      why = f.why(at("flow/") + c + "_probed.npy");
      continue;
    }
    double longest = 0;
    for (std::size_t i = 0; i < na * nb; ++i) longest = std::max(longest, std::hypot(a->data[2 * i], a->data[2 * i + 1]));
    const double s = longest > 0 ? 0.9 * spacing / longest : 1;
    for (std::size_t j = 0; j < nb; ++j)
      for (std::size_t i = 0; i < na; ++i) {
        const double da = a->data[2 * (j * na + i)], db = a->data[2 * (j * na + i) + 1];
        const double x = ga->data[i], y = gb->data[j];
        rows.push_back({{"condition", c}, {"kind", "arrow"}, {"x", r4(x)}, {"y", r4(y)},
                        {"x2", r4(x + s * da)}, {"y2", r4(y + s * db)}, {"speed", r4(std::hypot(da, db))}});
      }
  }
  if (rows.empty()) return missing_figure(id, "Fig 7", title, caption, "flow fields", why);
  std::string why_fp;
  json fp = load_records(f, at("fixed_points"), why_fp);
  bool any_fp = false;
  if (fp.is_array())
    for (auto r : fp) {
      if (!r.contains("pc1") || !r["pc1"].is_number()) continue;
      const bool fixed = r.value("kind", json("fixed")) != "slow";
      r["kind"] = "point";
      r["stability"] = !fixed ? "slow" : parts::truthy(r.value("stable", json(false))) ? "stable" : "unstable";
      rows.push_back(r);
      any_fp = true;
    }
  json layer = json::array();
  layer.push_back({{"transform", {{{"filter", "datum.kind == 'arrow'"}}}},
                   {"mark", {{"type", "rule"}, {"strokeWidth", 1.1}}},
                   {"encoding", {{"x", vl::channel("x", "quantitative", "PC1 (a.u.)")},
                                 {"y", vl::channel("y", "quantitative", "PC2 (a.u.)")},
                                 {"x2", {{"field", "x2"}}}, {"y2", {{"field", "y2"}}},
                                 {"color", {{"field", "speed"}, {"type", "quantitative"}, {"title", "speed |Δz|"},
                                            {"scale", {{"scheme", "inferno"}, {"domainMin", 0}}}}}}}});
  layer.push_back({{"transform", {{{"filter", "datum.kind == 'arrow'"}}}},
                   {"mark", {{"type", "circle"}, {"size", 3}, {"color", "#555"}}},
                   {"encoding", {{"x", {{"field", "x"}, {"type", "quantitative"}}},
                                 {"y", {{"field", "y"}, {"type", "quantitative"}}}}}});
  if (any_fp)
    layer.push_back({{"transform", {{{"filter", "datum.kind == 'point'"}}}},
                     {"mark", {{"type", "point"}, {"strokeWidth", 1.5}}},
                     {"encoding", {{"x", {{"field", "pc1"}, {"type", "quantitative"}}},
                                   {"y", {{"field", "pc2"}, {"type", "quantitative"}}},
                                   {"stroke", {{"value", "#1f78b4"}}},
                                   {"size", {{"field", "stability"}, {"type", "nominal"}, {"legend", nullptr},
                                             {"scale", {{"domain", {"stable", "unstable", "slow"}}, {"range", {60, 60, 12}}}}}},
                                   {"fill", {{"field", "stability"}, {"type", "nominal"}, {"title", "point"},
                                             {"scale", {{"domain", {"stable", "unstable", "slow"}},
                                                        {"range", {"#1f78b4", "white", "#1f78b4"}}}}}}}}});
  json spec = {{"data", {{"values", rows}}},
               {"facet", {{"field", "condition"}, {"type", "nominal"}, {"title", nullptr},
                          {"sort", json(std::vector<std::string>(std::begin(kConditions), std::end(kConditions)))}}},
               {"columns", 3},
               {"spec", {{"width", 190}, {"height", 170}, {"layer", layer}}}};
  Figure fig = make_figure(id, "Fig 7", title, caption, spec);
  if (kind == "_empirical.npy") fig.caption += " (Shown: empirical flow.)";
  fig.caption += dynamics_labels_text(f);
  return fig;
}

Figure line_attractor_figure(ReportFolder& f) {
  const char* id = "line_attractor";
  const char* title = "Without stimulus: a line attractor, or two stable points?";
  std::string caption = "Fixed and slow points of the no-stimulus dynamics (o = 0, r = 0) along the "
                        "block coordinate, with the modulus of their leading Jacobian eigenvalue: a "
                        "connected 1-D family with |λ| ≈ 1 would be the paper's line attractor; two stable "
                        "points joined through a saddle are a bistable system (with a slow channel when "
                        "the saddle's unstable manifold moves slowly).";
  if (const json* a = f.json(at("summary.json")); a && a->contains("dynamics") && (*a)["dynamics"].is_object() &&
                                                 (*a)["dynamics"].contains("no_stimulus")) {
    const std::string w = dynamics_words((*a)["dynamics"]["no_stimulus"]);
    if (!w.empty()) caption += " Measured on this network: " + w + ".";
  }
  std::string why;
  json fp = load_records(f, at("fixed_points"), why);
  json rows = json::array();
  if (fp.is_array())
    for (const auto& r : fp)
      if (r.value("condition", json("")) == "no_stimulus" && r.contains("q_block") && r["q_block"].is_number() &&
          r.contains("max_abs_eigenvalue") && r["max_abs_eigenvalue"].is_number())
        rows.push_back({{"q_block", r["q_block"]}, {"lambda", r["max_abs_eigenvalue"]},
                        {"kind", r.value("kind", json("fixed"))}});
  if (rows.empty())
    return missing_figure(id, "Fig 7", title, caption, "no-stimulus fixed points",
                          fp.is_array() ? at("fixed_points.csv") + " has no no_stimulus points" : why);
  json spec = base(300, 210, rows);
  spec["layer"] = {{{"mark", {{"type", "point"}, {"filled", true}, {"size", 40}}},
                    {"encoding", {{"x", vl::channel("q_block", "quantitative", "block coordinate (a.u.)")},
                                  {"y", {{"field", "lambda"}, {"type", "quantitative"}, {"title", "leading |λ|"},
                                         {"scale", {{"zero", false}}}}},
                                  {"color", vl::channel("kind", "nominal", "point",
                                                        {{"domain", {"fixed", "slow"}}, {"range", {"#1f78b4", "#a6cee3"}}})}}}},
                   {{"data", {{"values", json::array({{{"y", 1}}})}}},
                    {"mark", {{"type", "rule"}, {"strokeDash", {2, 2}}, {"color", "#888"}}},
                    {"encoding", {{"y", {{"field", "y"}, {"type", "quantitative"}}}}}}};
  return make_figure(id, "Fig 7", title, caption, spec);
}

}  // namespace

Section dynamics_section(ReportFolder& f) {
  Section s{"dynamics", "Dynamics",
            "Held-fixed inputs reveal the computation: bistable stimulus dynamics and a line "
            "attractor for the block belief (paper Fig 7).",
            {}};
  s.figures.push_back(guarded("fig7", [&] { return flow_figure(f); }));
  s.figures.push_back(guarded("line_attractor", [&] { return line_attractor_figure(f); }));
  return s;
}

}  // namespace iblrnn::report
