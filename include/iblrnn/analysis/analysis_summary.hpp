// analysis/summary.json from the typed result (analysis_schema.hpp declares every key; docs/
// outputs.md shows the table). JSON cannot hold NaN or infinities: such numbers are written as
// null.
#pragma once

#include <nlohmann/json.hpp>

#include "iblrnn/analysis/analysis_result.hpp"

namespace iblrnn::analysis {

/// Every scalar of the analysis as the summary.json object (keys of analysis_summary_schema()
/// except those the `iblrnn analyze` job adds: run, eval_dir, arch, observer, lstm_…).
nlohmann::json analysis_summary_json(const AnalysisResult& result);

}  // namespace iblrnn::analysis
