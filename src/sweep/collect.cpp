#include "iblrnn/sweep/collect.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fnmatch.h>
#include <map>
#include <set>
#include <sstream>

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/report/claims.hpp"
#include "iblrnn/report/claims_from_folder.hpp"
#include "iblrnn/sweep/executors.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::report;

namespace iblrnn::sweep {
namespace fs = std::filesystem;
namespace {

bool is_time_key(const std::string& key) {
  for (const char* glob : {"*seconds*", "*_per_s", "elapsed*", "timing_s"})
    if (::fnmatch(glob, key.c_str(), 0) == 0) return true;
  return false;
}

// Numbers, booleans and labels (strings under a key "label") of `j` (objects recursed, arrays
// skipped) as (prefix.path, value).
void flatten(const nlohmann::json& j, const std::string& prefix,
             std::vector<std::pair<std::string, nlohmann::json>>& out) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (is_time_key(key)) continue;
      flatten(value, prefix + "." + key, out);
    }
  } else if (j.is_number() || j.is_boolean()) {
    out.emplace_back(prefix, j);
  } else if (j.is_string() && prefix.size() > 6 && prefix.compare(prefix.size() - 6, 6, ".label") == 0) {
    out.emplace_back(prefix, j);  // a categorical result: a dynamics label
  }
}

std::string csv_cell(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  }
  if (v.is_number_float()) {
    std::ostringstream os;
    os.precision(17);
    os << v.get<double>();
    return os.str();
  }
  return v.dump();
}

// The claims of SPEC §8 on one point whose network was evaluated, read by the report's own
// code from the point's folders (C1's actor from the evaluation): "trained" (the network acts:
// report/claims.hpp training_failure), claim.ID[.DEFINITION] true / false / null (not tested,
// or the network did not train), and each claim's measurement as measure.NAME (null when not
// finite).
// The claims of one point. Layout study: the seed's folder holds network/eval/, the study
// folder (DIR/..) the Bayesian agents, as in the study's own summary.
void add_claims(const std::string& dir, const SweepSpec& spec, const std::string& run, std::int64_t seed,
                std::vector<std::pair<std::string, nlohmann::json>>& out) {
  ReportFolder folder(run);
  const bool study_layout = spec.layout == "study";
  ReportFolder study(study_layout ? fs::path(dir).parent_path().string() : run);
  const ClaimMeasurements m = read_claim_measurements(
      folder, study, seed, fs::relative(stage_folder(spec, run, SweepStage::eval), run).string());
  const bool trained = training_failure(m).empty();
  out.emplace_back("trained", trained);
  std::set<std::string> measured;
  for (const ClaimResult& c : build_claims({m})) {
    for (const ClaimCount& k : c.counts) {
      const std::string name = "claim." + c.id + (k.definition.empty() ? "" : "." + k.definition);
      const auto& h = k.holds.empty() ? std::optional<bool>() : k.holds[0];
      out.emplace_back(name, h && trained ? nlohmann::json(*h) : nlohmann::json());
    }
    for (const auto& [name, x] : c.values.empty() ? decltype(c.values)::value_type() : c.values[0])
      if (measured.insert(name).second)
        out.emplace_back("measure." + name, std::isfinite(x) ? nlohmann::json(x) : nlohmann::json());
  }
}

// An axis value's TOML literal as JSON: numbers and booleans as such, strings unquoted.
nlohmann::json literal_json(const std::string& literal) {
  auto j = nlohmann::json::parse(literal, nullptr, false);
  return j.is_discarded() ? nlohmann::json(literal) : j;
}

// Statistics of the complete rows in `group` over every result column: mean and SD (n − 1) of
// the numbers, the fraction true of the booleans, the fraction of each value of the labels.
nlohmann::json group_stats(const std::vector<const nlohmann::json*>& group,
                           const std::vector<std::string>& results) {
  nlohmann::json mean = nlohmann::json::object(), sd = nlohmann::json::object(),
                 fraction = nlohmann::json::object(), labels = nlohmann::json::object();
  for (const auto& c : results) {
    std::vector<double> xs;
    std::int64_t n_bool = 0, n_true = 0, n_label = 0;
    std::map<std::string, std::int64_t> label_counts;
    for (const auto* row : group) {
      if (!row->contains(c)) continue;
      const auto& v = (*row)[c];
      if (v.is_string()) {
        ++n_label;
        ++label_counts[v.get<std::string>()];
      } else if (v.is_boolean()) {
        ++n_bool;
        n_true += v.get<bool>();
      } else if (v.is_number()) {
        xs.push_back(v.get<double>());
      }
    }
    if (n_bool > 0) fraction[c] = double(n_true) / double(n_bool);
    for (const auto& [label, n] : label_counts) labels[c][label] = double(n) / double(n_label);
    if (xs.empty()) continue;
    double m = 0;
    for (double x : xs) m += x;
    m /= double(xs.size());
    mean[c] = m;
    if (xs.size() < 2) continue;
    double ss = 0;
    for (double x : xs) ss += (x - m) * (x - m);
    sd[c] = std::sqrt(ss / double(xs.size() - 1));
  }
  return {{"n", group.size()}, {"mean", mean}, {"sd", sd}, {"fraction_true", fraction},
          {"label_fraction", labels}};
}

}  // namespace

nlohmann::json collect_sweep(const std::string& dir) {
  const SweepSpec spec = read_sweep(dir);
  const auto pts = points(spec);
  const auto statuses = sweep_status(dir, spec);
  std::vector<std::string> columns = {"index", "name", "state", "seed"};
  for (const auto& axis : spec.axes) columns.push_back(axis.field);
  columns.push_back("accuracy");
  std::set<std::string> known(columns.begin(), columns.end());
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t k = 0; k < pts.size(); ++k) {
    const SweepPoint& p = pts[k];
    nlohmann::json row = nlohmann::json::object();
    row["index"] = p.index;
    row["name"] = p.name;
    row["state"] = state_name(statuses[k].state);
    row["seed"] = p.seed;
    for (std::size_t a = 0; a < spec.axes.size(); ++a) {
      row[spec.axes[a].field] = literal_json(p.values[a]);
    }
    row["accuracy"] = nullptr;
    const std::string run = point_folder(dir, spec, p);
    for (auto stage : statuses[k].done) {
      const std::string file = stage_folder(spec, run, stage) + "/summary.json";
      if (!fs::exists(file)) continue;
      nlohmann::json summary = nlohmann::json::parse(read_text_file(file), nullptr, false);
      if (summary.is_discarded()) throw IoError(file, "not valid JSON");
      if (stage == SweepStage::eval && summary.contains("accuracy")) row["accuracy"] = summary["accuracy"];
      std::vector<std::pair<std::string, nlohmann::json>> flat;
      flatten(summary, stage_name(stage), flat);
      for (auto& [name, value] : flat) {
        if (known.insert(name).second) columns.push_back(name);
        row[name] = value;
      }
    }
    if (std::find(statuses[k].done.begin(), statuses[k].done.end(), SweepStage::eval) != statuses[k].done.end()) {
      std::vector<std::pair<std::string, nlohmann::json>> claims;
      add_claims(dir, spec, run, p.seed, claims);
      for (auto& [name, value] : claims) {
        if (known.insert(name).second) columns.push_back(name);
        row[name] = value;
      }
    }
    rows.push_back(row);
  }
  std::ostringstream csv;
  for (std::size_t c = 0; c < columns.size(); ++c) csv << (c ? "," : "") << columns[c];
  csv << "\n";
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < columns.size(); ++c)
      csv << (c ? "," : "") << (row.contains(columns[c]) ? csv_cell(row[columns[c]]) : "");
    csv << "\n";
  }
  // Per axis value and over all points: the complete points' statistics.
  const std::size_t n_fixed = 4 + spec.axes.size();
  const std::vector<std::string> results(columns.begin() + static_cast<std::ptrdiff_t>(n_fixed), columns.end());
  std::vector<const nlohmann::json*> complete;
  for (const auto& row : rows)
    if (row["state"] == "complete") complete.push_back(&row);
  nlohmann::json by_axis = nlohmann::json::object();
  for (std::size_t a = 0; a < spec.axes.size(); ++a) {
    const std::string& field = spec.axes[a].field;
    nlohmann::json groups = nlohmann::json::array();
    for (std::size_t k = 0; k < spec.axes[a].values.size(); ++k) {
      std::vector<const nlohmann::json*> group;
      for (const auto* row : complete)
        if (pts[static_cast<std::size_t>((*row)["index"].get<std::int64_t>())].values[a] == spec.axes[a].values[k])
          group.push_back(row);
      nlohmann::json g = group_stats(group, results);
      g["value"] = literal_json(spec.axes[a].values[k]);
      groups.push_back(g);
    }
    by_axis[field] = groups;
  }
  nlohmann::json out = {{"columns", columns},
                        {"points", rows},
                        {"overall", group_stats(complete, results)},
                        {"by_axis", by_axis}};
  write_text_file(dir + "/summary.csv", csv.str());
  write_text_file(dir + "/summary.json", out.dump(2) + "\n");
  return out;
}

}  // namespace iblrnn::sweep
