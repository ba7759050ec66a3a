// The schema of distill/summary.json (io/output_schema.hpp): every key that
// distill_summary_json writes, with type, shape, units and meaning (docs/distill.md
// eq. D1–D18). Shapes: M RADD units, H teacher units.
#pragma once

#include "iblrnn/io/output_schema.hpp"

namespace iblrnn::distill {

/// distill/summary.json (docs/outputs.md, "distill/summary.json").
const io::SummarySchema& distill_summary_schema();

}  // namespace iblrnn::distill
