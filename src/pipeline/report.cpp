#include "iblrnn/pipeline/report.hpp"

#include "iblrnn/core/error.hpp"
#include "iblrnn/io/files.hpp"
#include "iblrnn/io/output_folder.hpp"
#include "iblrnn/report/html_page.hpp"

using namespace iblrnn::core;
using namespace iblrnn::io;
using namespace iblrnn::report;

namespace iblrnn::pipeline {

void ReportOptions::validate() const {
  require(!dir.empty(), "ReportOptions", "dir", "must name an output folder", dir);
}

ReportResult run_report(const ReportOptions& options) {
  options.validate();
  const ReportPage page = build_report_page(options.dir);
  const std::string html = render_report_html(page);
  ReportResult result;
  result.path = options.out.empty() ? options.dir + "/report.html" : options.out;
  // The report is one file: locked like a folder, and replacing only an earlier report.
  const FolderLock lock(result.path, FolderLock::Mode::write, "--out");
  require_replaceable_file(result.path, kReportGenerator, "report");
  write_text_file(result.path, html);
  result.n_bytes = html.size();
  for (const auto& s : page.sections)
    for (const auto& f : s.figures) ++(f.available() ? result.n_figures : result.n_missing);
  for (const auto& r : page.table) ++result.verdicts[verdict_name(r.judgement.verdict)];
  return result;
}

}  // namespace iblrnn::pipeline
