// Every declared summary and file schema (io/output_schema.hpp), in the order of
// docs/outputs.md, whose key and file tables are generated from them.
#pragma once

#include <vector>

#include "iblrnn/io/output_schema.hpp"

namespace iblrnn::pipeline {

/// The schemas of the study's summary.json and of each stage's summary.json.
std::vector<const io::SummarySchema*> summary_schemas();

/// The file schemas of the stages' output folders (analysis/ so far).
std::vector<const io::FileSchema*> file_schemas();

/// docs/outputs.md with each `<!-- schema:TITLE -->` … `<!-- /schema -->` block replaced by the
/// table of the summary or file schema of that title. Throws InvalidInput naming an unknown title or an
/// unclosed block.
std::string with_schema_tables(const std::string& markdown);

}  // namespace iblrnn::pipeline
