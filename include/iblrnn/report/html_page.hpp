// The self-contained HTML report (docs/report.md): the claims table and the reproduction table on top, then the
// sections of figures, with Vega, Vega-Lite and vega-embed inlined, the figures' specs and
// data in a JSON block, a Content-Security-Policy that forbids every network request, and
// print CSS that never splits a figure across pages.
#pragma once

#include <string>
#include <vector>

#include "iblrnn/report/figure.hpp"
#include "iblrnn/report/repro_table.hpp"

namespace iblrnn::report {

/// The tag in the head of every report (within its first 512 bytes); `iblrnn report --out FILE`
/// replaces an existing FILE only when it holds this tag.
inline constexpr const char* kReportGenerator = "<meta name=\"generator\" content=\"iblrnn report\">";

/// Everything one page shows.
struct ReportPage {
  std::string title = "iblrnn reproduction report";
  std::string source;               // the output folder the page was built from
  nlohmann::json claims;            // DIR/summary.json `claims` (claims_from_folder.hpp); null: none
  nlohmann::json failed_seeds;      // DIR/summary.json `failed_seeds` [{seed, reason}]; null: none
  std::vector<ReproRow> table;      // the reproduction table
  std::vector<Section> sections;    // figures by section
};

/// Builds the page from an output folder (missing inputs become "not available" boxes).
/// Throws IoError if `dir` is not a folder.
ReportPage build_report_page(const std::string& dir);

/// The page as one HTML document with inline scripts, styles and data (no external URL).
std::string render_report_html(const ReportPage& page);

/// Escapes &, <, >, " and ' for HTML text and attributes.
std::string html_escape(const std::string& text);

/// JSON text safe inside a <script> element ("</" and "<!--" escaped; invalid UTF-8 replaced).
std::string script_safe_json(const nlohmann::json& value);

}  // namespace iblrnn::report
