// The sweep section (docs/sweep.md, "Report"): from a sweep folder's summary.json (written by
// `iblrnn sweep collect`), per axis: accuracy and the key geometry numbers (mean ± SD over the
// complete points of each axis value), the fraction of points on which each claim of SPEC §8
// holds, and the dynamics labels.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "iblrnn/report/figures.hpp"

namespace iblrnn::report {
namespace {

using nlohmann::json;

// The numbers shown against each axis: (summary.csv column, display name).
const std::pair<const char*, const char*> kMetrics[] = {
    {"accuracy", "accuracy (evaluation)"},
    {"analyze.pca_variance_explained_pc12", "PC1 + PC2 variance"},
    {"analyze.readout_angle_full_deg_paper2020", "readout angle, full space, paper2020 (°)"},
    {"analyze.readout_angle_full_deg_ours", "readout angle, full space, ours (°)"},
    {"analyze.block_decoder_accuracy_full", "block decoder accuracy"},
    {"distill.accuracy.radd", "RADD accuracy"},
};

// A figure id from an axis field: letters, digits and '_' only ("network.n_hidden" →
// "network_n_hidden"), as the id is also a CSS selector.
std::string id_part(const std::string& field) {
  std::string out = field;
  for (char& c : out)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return out;
}

std::string value_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// "claim.C7.paper2020" → "C7 (paper2020)"; "trained" → "network acts (trained)".
std::string claim_display(const std::string& column) {
  if (column == "trained") return "network acts (trained)";
  const std::string rest = column.substr(6);
  const auto dot = rest.find('.');
  return dot == std::string::npos ? rest : rest.substr(0, dot) + " (" + rest.substr(dot + 1) + ")";
}

// The order of the claims: C1 … C16 by number, then the definition.
bool claim_before(const std::string& a, const std::string& b) {
  auto number = [](const std::string& c) { return c == "trained" ? 0 : std::atoi(c.c_str() + 7); };
  return number(a) != number(b) ? number(a) < number(b) : a < b;
}

json axis_sort(const json& groups) {
  json order = json::array();
  for (const auto& g : groups) order.push_back(value_text(g["value"]));
  return order;
}

Figure metrics_figure(const std::string& field, const json& groups) {
  const std::string id = "sweep_metrics_" + id_part(field);
  json rows = json::array();
  for (const auto& g : groups) {
    for (const auto& [column, name] : kMetrics) {
      if (!g["mean"].contains(column)) continue;
      const double m = g["mean"][column].get<double>();
      const double sd = g["sd"].contains(column) ? g["sd"][column].get<double>() : 0.0;
      rows.push_back({{"value", value_text(g["value"])}, {"metric", name}, {"mean", m},
                      {"lo", m - sd}, {"hi", m + sd}, {"n", g["n"]}});
    }
  }
  const std::string title = "Accuracy and geometry against " + field;
  const std::string caption = "Mean ± SD (n − 1) over the complete points of each value of " + field +
                              " (n points per value in the tooltip); one panel per quantity, each with its "
                              "own scale. Readout angles under both definitions (docs/analysis.md).";
  if (rows.empty())
    return missing_figure(id, "", title, caption, "per-axis statistics", "no complete point");
  const json x = {{"field", "value"}, {"type", "ordinal"}, {"title", field}, {"sort", axis_sort(groups)}};
  json spec = {
      {"data", {{"values", rows}}},
      {"facet", {{"row", {{"field", "metric"}, {"type", "nominal"}, {"title", nullptr},
                          {"header", {{"labelAngle", 0}, {"labelOrient", "top"}, {"labelAnchor", "start"},
                                      {"labelFontWeight", "bold"}}}}}}},
      {"resolve", {{"scale", {{"y", "independent"}}}}},
      {"spec",
       {{"width", 360},
        {"height", 110},
        {"layer",
         {{{"mark", {{"type", "rule"}}},
           {"encoding", {{"x", x},
                         {"y", {{"field", "lo"}, {"type", "quantitative"}, {"title", nullptr},
                                {"scale", {{"zero", false}}}}},
                         {"y2", {{"field", "hi"}}}}}},
          {{"mark", {{"type", "point"}, {"filled", true}, {"size", 40}}},
           {"encoding", {{"x", x},
                         {"y", {{"field", "mean"}, {"type", "quantitative"}, {"title", nullptr}}},
                         {"tooltip", {{{"field", "value"}}, {{"field", "mean"}, {"format", ".4g"}},
                                      {{"field", "n"}}}}}}}}}}}};
  return make_figure(id, "", title, caption, spec);
}

Figure claims_figure(const std::string& field, const json& groups) {
  const std::string id = "sweep_claims_" + id_part(field);
  json rows = json::array();
  std::vector<std::string> claims;
  for (const auto& g : groups)
    for (const auto& [column, fraction] : g["fraction_true"].items()) {
      if (column != "trained" && column.rfind("claim.", 0) != 0) continue;
      rows.push_back({{"value", value_text(g["value"])}, {"claim", claim_display(column)},
                      {"fraction", fraction}, {"column", column}});
      if (std::find(claims.begin(), claims.end(), column) == claims.end()) claims.push_back(column);
    }
  std::sort(claims.begin(), claims.end(), claim_before);
  json order = json::array();
  for (const auto& c : claims) order.push_back(claim_display(c));
  const std::string title = "Claims of the paper against " + field;
  const std::string caption =
      "Fraction of the points of each value of " + field + " on which each claim of SPEC §8 holds, "
      "counted over the points where it was tested (a network that does not act is not tested; "
      "the first row is the fraction of networks that act). C7 and C11 show each definition "
      "and finding separately.";
  if (rows.empty())
    return missing_figure(id, "", title, caption, "claims per point",
                          "summary.json has no claim columns (collect with this version)");
  const json x = {{"field", "value"}, {"type", "ordinal"}, {"title", field}, {"sort", axis_sort(groups)}};
  const json y = {{"field", "claim"}, {"type", "nominal"}, {"title", nullptr}, {"sort", order}};
  json spec = {
      {"data", {{"values", rows}}},
      {"width", 360},
      {"encoding", {{"x", x}, {"y", y}}},
      {"layer",
       {{{"mark", {{"type", "rect"}}},
         {"encoding", {{"color", {{"field", "fraction"}, {"type", "quantitative"},
                                   {"scale", {{"domain", {0, 1}}, {"scheme", "blues"}}},
                                   {"title", "fraction holding"}}}}}},
        {{"mark", {{"type", "text"}, {"fontSize", 9}}},
         {"encoding", {{"text", {{"field", "fraction"}, {"format", ".0%"}}},
                       {"color", {{"condition", {{"test", "datum.fraction > 0.6"}, {"value", "white"}}},
                                  {"value", "black"}}}}}}}}};
  return make_figure(id, "", title, caption, spec);
}

Figure labels_figure(const std::string& field, const json& groups) {
  const std::string id = "sweep_labels_" + id_part(field);
  json rows = json::array();
  const std::string prefix = "analyze.dynamics.", suffix = ".label";
  for (const auto& g : groups)
    for (const auto& [column, fractions] : g["label_fraction"].items()) {
      if (column.rfind(prefix, 0) != 0 || column.size() <= prefix.size() + suffix.size()) continue;
      const std::string input = column.substr(prefix.size(), column.size() - prefix.size() - suffix.size());
      for (const auto& [label, fraction] : fractions.items())
        rows.push_back({{"value", value_text(g["value"])}, {"input", input}, {"label", label},
                        {"fraction", fraction}});
    }
  const std::string title = "Dynamics labels against " + field;
  const std::string caption = "Share of the complete points of each value of " + field +
                              " whose fixed-point structure under each constant input is a line attractor, "
                              "bistable, monostable or other (analysis/summary.json dynamics.<input>.label; "
                              "docs/analysis.md). The no-stimulus panel is the paper's Fig 7 claim (C11).";
  if (rows.empty()) return missing_figure(id, "", title, caption, "dynamics labels", "no complete point with analyze");
  const json encoding = {
      {"x", {{"field", "value"}, {"type", "ordinal"}, {"title", field}, {"sort", axis_sort(groups)}}},
      {"y", {{"field", "fraction"}, {"type", "quantitative"}, {"title", "share of points"},
             {"axis", {{"format", ".0%"}}}, {"scale", {{"domain", {0, 1}}}}}},
      {"color", {{"field", "label"}, {"type", "nominal"}, {"title", "label"}}},
      {"tooltip", json::array({{{"field", "label"}}, {{"field", "fraction"}, {"format", ".0%"}}})}};
  json inner = {{"width", 80}, {"height", 140}, {"mark", {{"type", "bar"}}}, {"encoding", encoding}};
  json spec = {{"data", {{"values", rows}}},
               {"facet", {{"column", {{"field", "input"}, {"type", "nominal"}, {"title", "input"}}}}},
               {"spec", inner}};
  return make_figure(id, "", title, caption, spec);
}

}  // namespace

Section sweep_section(ReportFolder& folder) {
  Section s;
  s.id = "sweep";
  s.title = "Sweep";
  const json* summary = folder.json("summary.json");
  if (!summary || !summary->contains("by_axis") || !(*summary)["by_axis"].is_object()) {
    s.intro = "This sweep has not been collected: run `iblrnn sweep collect " + folder.dir() + "`.";
    s.figures.push_back(missing_figure("sweep_metrics", "", "Sweep summary", "", "the sweep's summary",
                                       summary ? "summary.json has no by_axis" : folder.why("summary.json")));
    return s;
  }
  int complete = 0, total = 0;
  for (const auto& p : (*summary)["points"]) {
    ++total;
    complete += p.value("state", "") == "complete";
  }
  char buf[160];
  std::snprintf(buf, sizeof buf, "%d of %d points complete. ", complete, total);
  s.intro = std::string(buf) +
            "Each figure groups the complete points by one axis; every other axis and the seeds are pooled. "
            "The table of every point is summary.csv in the sweep folder.";
  // Per axis; a sweep over seeds alone is one group, all its points.
  std::vector<std::pair<std::string, json>> axes;
  for (const auto& [field, groups] : (*summary)["by_axis"].items()) axes.emplace_back(field, groups);
  if (axes.empty()) {
    json overall = (*summary)["overall"];
    overall["value"] = "all seeds";
    axes.emplace_back("seeds", json::array({overall}));
  }
  for (const auto& axis : axes) {
    const std::string& field = axis.first;  // (named, not a structured binding: lambdas capture it)
    const json& groups = axis.second;
    s.figures.push_back(guarded("sweep_metrics_" + id_part(field), [&] { return metrics_figure(field, groups); }));
    s.figures.push_back(guarded("sweep_claims_" + id_part(field), [&] { return claims_figure(field, groups); }));
    s.figures.push_back(guarded("sweep_labels_" + id_part(field), [&] { return labels_figure(field, groups); }));
  }
  return s;
}

}  // namespace iblrnn::report
