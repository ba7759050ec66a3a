// Reading the analysis folder of `iblrnn analyze` for the report's figures (internal to the
// report library): paths under analysis/, its summary and its CSV tables by column.
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "figure_parts.hpp"
#include "iblrnn/report/figures.hpp"

namespace iblrnn::report::analysis_folder {

using nlohmann::json;
using parts::base;
using parts::r4;
using Columns = std::map<std::string, std::vector<double>>;

/// Largest number of points a scatter figure draws.
inline constexpr std::size_t kMaxPoints = 2500;

/// The path of an analysis file relative to the study folder, e.g. "analysis/summary.json".
inline std::string at(const std::string& rel) { return "analysis/" + rel; }

inline const nlohmann::json* analysis_summary(ReportFolder& f) { return f.json(at("summary.json")); }

/// A number of analysis/summary.json by JSON pointer (NaN when absent).
inline double summary_number(ReportFolder& f, const std::string& pointer) {
  return json_number(analysis_summary(f), pointer);
}

/// The table's columns, or nullptr with `why` naming the missing file or column.
inline const Columns* table(ReportFolder& f, const std::string& rel,
                            std::initializer_list<const char*> need, std::string& why) {
  const Columns* t = f.csv(at(rel));
  if (!t) {
    why = f.why(at(rel));
    return nullptr;
  }
  for (const char* c : need)
    if (!t->count(c)) {
      why = at(rel) + " has no column " + c;
      return nullptr;
    }
  return t;
}

}  // namespace iblrnn::report::analysis_folder
