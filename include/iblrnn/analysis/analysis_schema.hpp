// The schema of analysis/summary.json (io/output_schema.hpp): every key that
// analyze_network and the `iblrnn analyze` job write, with type, shape, units and meaning
// (docs/analysis.md eq. A1–A16). Shapes: H units, N steps.
#pragma once

#include "iblrnn/io/output_schema.hpp"

namespace iblrnn::analysis {

/// analysis/summary.json (docs/outputs.md, "analysis/summary.json").
const io::SummarySchema& analysis_summary_schema();

}  // namespace iblrnn::analysis
