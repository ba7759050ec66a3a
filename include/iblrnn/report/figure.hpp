// A report figure: a Vega-Lite spec with its data inline (or, when an input is missing, the
// reason it is not available), grouped in sections that follow the paper. Also the shared
// visual vocabulary — colours of sides, outcomes and agents, axis helpers — so that every
// figure encodes left/right, correct/wrong and each agent the same way (docs/report.md).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iblrnn/report/report_folder.hpp"

namespace iblrnn::report {

/// A table shown in a figure's card in place of a plot (plain-text cells, escaped when
/// rendered; a cell may hold "\n" for a second, smaller line).
struct CardTable {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;         // always shown
  std::vector<std::vector<std::string>> folded_rows;  // behind a "show" toggle (e.g. per mouse)
  std::string folded_label;                           // the toggle's text

  bool empty() const { return rows.empty() && folded_rows.empty(); }
};

/// One figure of the report.
struct Figure {
  std::string id;         // HTML id and download name, e.g. "fig2a"
  std::string label;      // the paper's panel, e.g. "Fig 2a" (empty for our own figures)
  std::string title;      // one line
  std::string caption;    // what is plotted, with units
  nlohmann::json spec;    // Vega-Lite spec with inline data; null when not available
  CardTable table;        // a table card instead of a plot (spec null)
  std::string missing;    // "not available: <what> (<file> missing)" when neither is there

  bool available() const { return !spec.is_null() || !table.empty(); }
};

/// A section of the report (task, behaviour, representations, dynamics, distillation, pools).
struct Section {
  std::string id;
  std::string title;
  std::string intro;
  std::vector<Figure> figures;
};

/// A figure with a spec.
Figure make_figure(std::string id, std::string label, std::string title, std::string caption,
                   nlohmann::json spec);

/// A figure that is not available: missing = "not available: <what> (<why>)".
Figure missing_figure(std::string id, std::string label, std::string title, std::string caption,
                      const std::string& what, const std::string& why);

/// Runs a figure builder; an exception (malformed input) becomes a "not available" figure
/// naming the error, so that one bad file never breaks the whole page.
template <class Build>
Figure guarded(const std::string& id, Build&& build) {
  try {
    return build();
  } catch (const std::exception& e) {
    return missing_figure(id, "", id, "", "figure " + id, std::string("inputs malformed: ") + e.what());
  }
}

/// Records (an array of flat objects) from `stem`.csv (header; numeric cells as numbers,
/// others as strings, empty as null) or else `stem`.json (an array of objects, {"rows": [...]}
/// or an object of equal-length column arrays). Null when neither exists or is readable; then
/// `why` says which file is missing or why it could not be read.
nlohmann::json load_records(const ReportFolder& folder, const std::string& stem, std::string& why);

namespace vl {

/// Colour of a side: "left" blue, "right" red.
nlohmann::json side_scale();
/// Colours of trial outcomes: correct green, wrong orange, timeout grey.
nlohmann::json outcome_scale();
/// Colour scale for the given agent names (known agents keep fixed colours).
nlohmann::json agent_scale(const std::vector<std::string>& agents);
/// Display name of an agent id ("rnn" → "RNN 50-unit", "mice" → "mice", ...).
std::string agent_display_name(const std::string& id);
/// Dash pattern scale: concordant solid, discordant dashed.
nlohmann::json congruence_dash();

/// An encoding channel {"field", "type", "title"} (+ "scale" when given).
nlohmann::json channel(const std::string& field, const std::string& type, const std::string& title,
                       const nlohmann::json& scale = nullptr);

/// Vega-Lite config shared by every figure (fonts, axes without grid, no view frame).
nlohmann::json config();

}  // namespace vl

}  // namespace iblrnn::report
