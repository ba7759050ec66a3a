// distill/summary.json from the typed DistillResult (docs/outputs.md "distill/summary.json",
// declared by distill_summary_schema() in distill/distill_schema.hpp). NaN and infinite
// values are written as null.
#pragma once

#include <nlohmann/json.hpp>

#include "iblrnn/distill/distill_result.hpp"

namespace iblrnn::distill {

/// The content of distill/summary.json.
nlohmann::json distill_summary_json(const DistillResult& result);

}  // namespace iblrnn::distill
