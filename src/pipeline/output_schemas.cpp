#include "iblrnn/pipeline/output_schemas.hpp"

#include "iblrnn/analysis/analysis_files.hpp"
#include "iblrnn/analysis/analysis_schema.hpp"
#include "iblrnn/core/error.hpp"
#include "iblrnn/distill/distill_schema.hpp"
#include "iblrnn/report/study_schema.hpp"

using namespace iblrnn::analysis;
using namespace iblrnn::core;
using namespace iblrnn::distill;
using namespace iblrnn::io;
using namespace iblrnn::report;

namespace iblrnn::pipeline {

std::vector<const SummarySchema*> summary_schemas() {
  return {&study_summary_schema(), &analysis_summary_schema(), &distill_summary_schema()};
}

std::vector<const FileSchema*> file_schemas() { return {&analysis_file_schema()}; }

std::string with_schema_tables(const std::string& markdown) {
  const std::string open = "<!-- schema:", close = "<!-- /schema -->";
  std::string out;
  std::size_t pos = 0;
  for (std::size_t start = markdown.find(open); start != std::string::npos;
       start = markdown.find(open, pos)) {
    const std::size_t title_end = markdown.find(" -->", start);
    const std::size_t end = markdown.find(close, start);
    require(title_end != std::string::npos && end != std::string::npos && title_end < end,
            "with_schema_tables", "schema block", "must end with " + close, markdown.substr(start, 40));
    const std::string title = markdown.substr(start + open.size(), title_end - start - open.size());
    std::string table;
    for (const SummarySchema* s : summary_schemas())
      if (s->title == title) table = output_schema_markdown(*s);
    for (const FileSchema* s : file_schemas())
      if (s->title == title) table = output_files_markdown(*s);
    require(!table.empty(), "with_schema_tables", "schema title",
            "must name a declared summary or file schema", title);
    out += markdown.substr(pos, title_end + 4 - pos) + "\n" + table;
    pos = end;
  }
  return out + markdown.substr(pos);
}

}  // namespace iblrnn::pipeline
