// The schema of the study's own summary.json (`iblrnn reproduce`): one `seeds` entry per row
// of the reproduction table — the keys, units and meanings come from the rows themselves
// (repro_table.hpp), so that the table is declared once — plus the study's own keys.
#pragma once

#include "iblrnn/io/output_schema.hpp"

namespace iblrnn::report {

/// The study summary's schema (docs/outputs.md, "Study folder").
const io::SummarySchema& study_summary_schema();

}  // namespace iblrnn::report
