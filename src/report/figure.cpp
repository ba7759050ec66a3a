#include "iblrnn/report/figure.hpp"

#include <cctype>
#include <charconv>
#include <filesystem>
#include <map>
#include <sstream>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;

namespace iblrnn::report {
namespace {

using nlohmann::json;

json csv_records(const std::string& path) {
  std::stringstream in(read_text_file(path));
  std::string line;
  if (!std::getline(in, line)) throw InvalidInput(path + ":1: empty file, expected a header");
  auto split = [](const std::string& s) {
    std::vector<std::string> cells;
    std::stringstream ss(s);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    if (!s.empty() && s.back() == ',') cells.emplace_back();
    return cells;
  };
  const auto names = split(line);
  json rows = json::array();
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto cells = split(line);
    if (cells.size() != names.size())
      throw InvalidInput(path + ":" + std::to_string(line_no) + ": expected " +
                         std::to_string(names.size()) + " fields, got " + std::to_string(cells.size()));
    json row = json::object();
    for (std::size_t c = 0; c < names.size(); ++c) {
      const std::string& s = cells[c];
      double v = 0;
      auto r = std::from_chars(s.data(), s.data() + s.size(), v);
      if (s.empty() || s == "nan" || s == "NaN") row[names[c]] = nullptr;
      else if (r.ec == std::errc() && r.ptr == s.data() + s.size()) row[names[c]] = v;
      else row[names[c]] = s;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

json json_records(const std::string& path) {
  json doc = json::parse(read_text_file(path));
  if (doc.is_object() && doc.contains("rows")) doc = doc["rows"];
  if (doc.is_array()) return doc;
  if (!doc.is_object()) throw InvalidInput(path + ": expected an array of records");
  // An object of equal-length column arrays.
  std::size_t n = 0;
  bool first = true;
  for (auto& [k, v] : doc.items()) {
    if (!v.is_array()) throw InvalidInput(path + ": column " + k + " is not an array");
    if (!first && v.size() != n) throw InvalidInput(path + ": column " + k + " has another length");
    n = v.size();
    first = false;
  }
  json rows = json::array();
  for (std::size_t i = 0; i < n; ++i) {
    json row = json::object();
    for (auto& [k, v] : doc.items()) row[k] = v[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

Figure make_figure(std::string id, std::string label, std::string title, std::string caption,
                   nlohmann::json spec) {
  Figure f;
  f.id = std::move(id);
  f.label = std::move(label);
  f.title = std::move(title);
  f.caption = std::move(caption);
  f.spec = std::move(spec);
  return f;
}

Figure missing_figure(std::string id, std::string label, std::string title, std::string caption,
                      const std::string& what, const std::string& why) {
  Figure f = make_figure(std::move(id), std::move(label), std::move(title), std::move(caption),
                         nullptr);
  f.missing = "not available: " + what + " (" + why + ")";
  return f;
}

nlohmann::json load_records(const ReportFolder& folder, const std::string& stem, std::string& why) {
  for (const char* ext : {".csv", ".json"}) {
    const std::string rel = stem + ext;
    const std::string path = folder.dir() + "/" + rel;
    if (!std::filesystem::is_regular_file(path)) continue;
    try {
      return std::string(ext) == ".json" ? json_records(path) : csv_records(path);
    } catch (const std::exception& e) {
      why = rel + " unreadable: " + e.what();
      return nullptr;
    }
  }
  why = stem + ".json/.csv missing";
  return nullptr;
}

namespace vl {

// Colour-blind-safe pairs: blue/red for sides (and block sides), green/orange/grey for
// outcomes; agents on a fixed table so that an agent has one colour in every figure.
const char* kLeft = "#2166ac";
const char* kRight = "#b2182b";

struct AgentStyle {
  const char* id;
  const char* name;
  const char* color;
};
const AgentStyle kAgents[] = {
    {"rnn", "RNN 50-unit", "#1a1a1a"},
    {"rnn_xent", "RNN 50-unit (xent)", "#7f7f7f"},
    {"actor", "Bayesian actor", "#6a3d9a"},
    {"actor_commit", "Bayesian actor (commit)", "#b294c7"},
    {"reward_optimal", "reward-optimal actor", "#01665e"},
    {"observer", "Bayesian observer", "#a6611a"},
    {"radd", "RADD 2-unit", "#1f78b4"},
    {"conventional", "conventional 2-unit", "#e7298a"},
    {"task_trained_2", "task-trained 2-unit", "#e6ab02"},
    {"mice", "mice", "#d95f02"},
    {"random", "random agent", "#999999"},
    {"oracle", "oracle", "#66a61e"},
};
const char* kSpare[] = {"#8dd3c7", "#80b1d3", "#fb8072", "#bebada", "#fdb462", "#b3de69"};

json side_scale() { return {{"domain", {"left", "right"}}, {"range", {kLeft, kRight}}}; }

json outcome_scale() {
  return {{"domain", {"correct", "wrong", "timeout"}}, {"range", {"#1b7837", "#e08214", "#9e9e9e"}}};
}

// Case-insensitive equality (labels such as "RNN" name the agent "rnn").
bool same_name(const std::string& a, const char* b) {
  const std::size_t n = std::char_traits<char>::length(b);
  if (a.size() != n) return false;
  for (std::size_t i = 0; i < n; ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::string agent_display_name(const std::string& id) {
  for (const auto& a : kAgents)
    if (same_name(id, a.id) || id == a.name) return a.name;
  return id;
}

json agent_scale(const std::vector<std::string>& agents) {
  json domain = json::array(), range = json::array();
  std::size_t spare = 0;
  for (const auto& name : agents) {
    const char* color = nullptr;
    for (const auto& a : kAgents)
      if (same_name(name, a.id) || name == a.name) color = a.color;
    if (!color) color = kSpare[spare++ % std::size(kSpare)];
    domain.push_back(name);
    range.push_back(color);
  }
  return {{"domain", domain}, {"range", range}};
}

json congruence_dash() {
  return {{"domain", {"concordant", "discordant"}}, {"range", {{1, 0}, {5, 3}}}};
}

json channel(const std::string& field, const std::string& type, const std::string& title,
             const json& scale) {
  json c = {{"field", field}, {"type", type}, {"title", title}};
  if (!scale.is_null()) c["scale"] = scale;
  return c;
}

json config() {
  const char* font = "Helvetica Neue, Helvetica, Arial, sans-serif";
  return {{"font", font},
          {"view", {{"stroke", nullptr}}},
          {"axis",
           {{"grid", false},
            {"labelFontSize", 10},
            {"titleFontSize", 11},
            {"titleFontWeight", "normal"},
            {"domainColor", "#333"},
            {"tickColor", "#333"}}},
          {"legend", {{"labelFontSize", 10}, {"titleFontSize", 10}, {"titleFontWeight", "normal"}}},
          {"header", {{"labelFontSize", 11}, {"titleFontSize", 11}}},
          {"title", {{"fontSize", 12}, {"fontWeight", "normal"}}},
          {"line", {{"strokeWidth", 1.6}}},
          {"point", {{"size", 28}, {"filled", true}}}};
}

}  // namespace vl
}  // namespace iblrnn::report
