#include "figure_parts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "iblrnn/core/error.hpp"
#include "iblrnn/report/figures.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;

namespace iblrnn::report {
namespace parts {

json line_sem(const json& data, const json& x, const json& y, const std::string& sem_field,
              const json& color, const json& dash, const json& y_domain) {
  const std::string yf = y["field"];
  json y_axis = y;
  if (!y_domain.is_null()) y_axis["scale"] = {{"domain", y_domain}};
  json line_enc = {{"x", x}, {"y", y_axis}, {"color", color}};
  if (!dash.is_null()) line_enc["strokeDash"] = dash;
  json bar_enc = {{"x", x},
                  {"y", {{"field", "_lo"}, {"type", "quantitative"}}},
                  {"y2", {{"field", "_hi"}}},
                  {"color", color}};
  if (!dash.is_null()) bar_enc["detail"] = {{"field", dash["field"]}};
  json spec = base(300, 210, data);
  spec["transform"] = {{{"calculate", "datum['" + yf + "'] - datum['" + sem_field + "']"}, {"as", "_lo"}},
                       {{"calculate", "datum['" + yf + "'] + datum['" + sem_field + "']"}, {"as", "_hi"}}};
  spec["layer"] = {{{"mark", {{"type", "line"}, {"point", true}}}, {"encoding", line_enc}},
                   {{"mark", {{"type", "rule"}, {"strokeWidth", 1}}}, {"encoding", bar_enc}}};
  return spec;
}

json heatmap(const json& data, const std::string& row_title, const std::string& col_title,
             const std::string& value_title, bool labels, int size_px) {
  double m = 0;
  for (const auto& r : data)
    if (r["value"].is_number()) m = std::max(m, std::abs(r["value"].get<double>()));
  if (m == 0) m = 1;
  json spec = base(size_px, size_px, data);
  json enc = {{"x", {{"field", "col"}, {"type", "ordinal"}, {"title", col_title},
                     {"axis", {{"labelAngle", 0}}}}},
              {"y", {{"field", "row"}, {"type", "ordinal"}, {"title", row_title}}}};
  json rect = {{"mark", "rect"},
               {"encoding",
                {{"color", {{"field", "value"}, {"type", "quantitative"}, {"title", value_title},
                            {"scale", {{"scheme", "redblue"}, {"reverse", true},
                                       {"domain", {-m, m}}}}}}}}};
  spec["encoding"] = enc;
  spec["layer"] = {rect};
  if (labels) {
    spec["layer"].push_back(
        {{"mark", {{"type", "text"}, {"fontSize", 11}}},
         {"encoding", {{"text", {{"field", "value"}, {"type", "quantitative"}, {"format", ".2f"}}},
                       {"color", {{"condition", {{"test", "abs(datum.value) > " + std::to_string(0.6 * m)},
                                                 {"value", "white"}}},
                                  {"value", "black"}}}}}});
  }
  return spec;
}

std::size_t n_rows(const NpyArray& a) { return a.shape.empty() ? 0 : a.shape[0]; }

std::size_t n_cols(const NpyArray& a) {
  std::size_t c = 1;
  for (std::size_t i = 1; i < a.shape.size(); ++i) c *= a.shape[i];
  return c;
}

std::vector<double> column(const NpyArray& a, std::size_t c) {
  const std::size_t n = n_rows(a), m = n_cols(a);
  std::vector<double> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = c < m ? a.data[i * m + c] : std::nan("");
  return out;
}

json base(int width, int height, const json& values) {
  return {{"width", width}, {"height", height}, {"data", {{"values", values}}}};
}

std::vector<std::string> mouse_inputs(ReportFolder& folder) {
  std::vector<std::string> mice;
  const json* s = folder.json("behavior/summary.json");
  if (s && s->contains("inputs") && (*s)["inputs"].is_array())
    for (const auto& in : (*s)["inputs"])
      if (in.value("rt_unit", json("")) == "s" && in.contains("label") && in["label"].is_string())
        mice.push_back(in["label"]);
  return mice;
}

constexpr double kSymlogConstant = 6;  // % contrast

json mouse_contrast_axis(const std::string& field) {
  json axis = vl::channel(field, "quantitative", "signed contrast (%)");
  axis["scale"] = {{"type", "symlog"}, {"constant", kSymlogConstant}};
  // Slanted labels: on a ~260 px panel the 6.25 and 12.5 labels would overlap level.
  axis["axis"] = {{"values", {-100, -25, -12.5, -6.25, 0, 6.25, 12.5, 25, 100}}, {"labelExpr", "'' + datum.value"}, {"labelOverlap", false},
                  {"labelAngle", -45}, {"labelAlign", "right"}, {"labelBaseline", "middle"}};
  return axis;
}

double symlog_pct(double x_pct) {
  return std::copysign(std::log1p(std::abs(x_pct) / kSymlogConstant), x_pct);
}

double symlog_pct_inverse(double t) { return std::copysign(kSymlogConstant * std::expm1(std::abs(t)), t); }

bool truthy(const json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  if (v.is_string()) return v == "true" || v == "1" || v == "stable";
  return false;
}

double r4(double v) {
  if (!std::isfinite(v) || v == 0) return v;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return std::strtod(buf, nullptr);
}

json without_rare_mouse_levels(const json& rows, const std::string& x_field, std::string& note) {
  note.clear();
  std::map<double, double> level_n;  // |x| → the largest n of its mouse records
  for (const auto& r : rows)
    if (r.contains("mice") && r.contains(x_field) && r[x_field].is_number() && r.contains("n") && r["n"].is_number()) {
      double& n = level_n[std::abs(r[x_field].get<double>())];
      n = std::max(n, r["n"].get<double>());
    }
  if (level_n.size() < 3) return rows;
  std::vector<double> counts;
  for (const auto& [x, n] : level_n) counts.push_back(n);
  std::nth_element(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(counts.size() / 2), counts.end());
  const double floor = 0.05 * counts[counts.size() / 2];
  std::set<double> rare;
  for (const auto& [x, n] : level_n)
    if (n < floor) rare.insert(x);
  if (rare.empty()) return rows;
  json kept = json::array();
  for (const auto& r : rows)
    if (!(r.contains("mice") && r.contains(x_field) && r[x_field].is_number() &&
          rare.count(std::abs(r[x_field].get<double>()))))
      kept.push_back(r);
  note = " The mice's rare contrasts (";
  bool first = true;
  for (double x : rare) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g %%", 100 * x);
    note += (first ? "" : ", ") + std::string(buf);
    first = false;
  }
  note += ": under 5 % of a usual contrast's trials) are left out.";
  return kept;
}

}  // namespace parts

nlohmann::json binned_means(const std::vector<double>& x, const std::vector<double>& y,
                            int n_bins) {
  require(x.size() == y.size(), "binned_means", "y", "must have as many values as x", y.size());
  require(n_bins >= 1, "binned_means", "n_bins", "must be >= 1", n_bins);
  double lo = INFINITY, hi = -INFINITY;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::isfinite(x[i]) && std::isfinite(y[i])) lo = std::min(lo, x[i]), hi = std::max(hi, x[i]);
  nlohmann::json rows = nlohmann::json::array();
  if (lo > hi) return rows;
  const double width = hi > lo ? (hi - lo) / n_bins : 1.0;
  std::vector<double> n(n_bins, 0), mean(n_bins, 0), m2(n_bins, 0);
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) continue;
    const int b = std::min(n_bins - 1, static_cast<int>((x[i] - lo) / width));
    n[b] += 1;
    const double d = y[i] - mean[b];
    mean[b] += d / n[b];
    m2[b] += d * (y[i] - mean[b]);
  }
  for (int b = 0; b < n_bins; ++b) {
    if (n[b] == 0) continue;
    const double sem = n[b] >= 2 ? std::sqrt(m2[b] / (n[b] - 1) / n[b]) : 0.0;
    rows.push_back({{"x", lo + (b + 0.5) * width}, {"y", mean[b]}, {"sem", sem}, {"n", n[b]}});
  }
  return rows;
}

std::vector<std::size_t> even_subsample(std::size_t n, std::size_t max_points) {
  std::vector<std::size_t> idx;
  if (n == 0 || max_points == 0) return idx;
  const std::size_t m = std::min(n, max_points);
  idx.reserve(m);
  for (std::size_t k = 0; k < m; ++k) idx.push_back(k * n / m);
  return idx;
}

}  // namespace iblrnn::report
